import type { Kysely } from 'kysely';
import { insertDeclaredIncidents, type DeclareRows } from './declare-statement.ts';
import type { Database, IncidentRow } from './schema.ts';

/**
 * Group commit for declares. A workspace's declares are numbered from one counter row, so
 * declaring statements can never commit side by side: each waits for the row lock held by the one
 * before it until that one has committed. Queueing many on the lock costs more than the wait (on
 * PostgreSQL every waiter re-reads the row after each commit), so a process keeps few declaring
 * statements per workspace in flight, and declares that arrive meanwhile join the next one: one
 * round trip, one counter update and one commit for all of them. Alone, a declare goes out at
 * once; under load, statements grow instead of queueing on the lock.
 *
 * On PostgreSQL (declaresRunElsewhere, from database.ts) two statements are in flight: the
 * statement writes every other row before it locks the counter (declare-statement.ts), so the
 * second one's inserts run while the first holds the lock and commits, and only its counter update,
 * incidents and end-of-statement checks wait. And when a statement is done, the declares that
 * queued meanwhile go out before its own declares are answered, which takes this thread a while.
 * On PGlite, whose single session runs statements on this thread, one at a time, answered first.
 */
const MOST_PER_STATEMENT = 64;

interface Waiting {
  rows: DeclareRows;
  resolve: (row: IncidentRow) => void;
  reject: (error: unknown) => void;
}

interface WorkspaceQueue {
  waiting: Waiting[];
  inFlight: number;
  /** A group is being gathered: its statement goes out on the next turn of the event loop. */
  gathering: boolean;
}

export interface Pipeline {
  /** Declaring statements per workspace in flight at once. */
  inFlight: number;
  /** Statements run in another process: send the next before answering the last one's declares. */
  sendFirst: boolean;
}

const ON_THIS_THREAD: Pipeline = { inFlight: 1, sendFirst: false };
const ELSEWHERE: Pipeline = { inFlight: 2, sendFirst: true };

const queues = new WeakMap<Kysely<Database>, Map<string, WorkspaceQueue>>();
const pipelines = new WeakMap<Kysely<Database>, Pipeline>();

/** Marks `db` as a database server's (PostgreSQL): declaring statements run in its processes. */
export function declaresRunElsewhere(db: Kysely<Database>, options: Partial<Pipeline> = {}): void {
  pipelines.set(db, { ...ELSEWHERE, ...options });
}

/**
 * Writes one declare. Inside a transaction it is that transaction's statement; otherwise it joins
 * the workspace's next declaring statement and resolves when that statement has committed.
 */
export async function insertDeclaredIncident(db: Kysely<Database>, rows: DeclareRows): Promise<IncidentRow> {
  if (db.isTransaction) return writeAlone(db, rows);
  const queue = queueFor(db, rows.incident.workspace_id);
  const written = new Promise<IncidentRow>((resolve, reject) => queue.waiting.push({ rows, resolve, reject }));
  pump(db, queue, true);
  return written;
}

function queueFor(db: Kysely<Database>, workspaceId: string): WorkspaceQueue {
  let byWorkspace = queues.get(db);
  if (!byWorkspace) queues.set(db, (byWorkspace = new Map<string, WorkspaceQueue>()));
  let queue = byWorkspace.get(workspaceId);
  if (!queue) byWorkspace.set(workspaceId, (queue = { waiting: [], inFlight: 0, gathering: false }));
  return queue;
}

/**
 * Sends the next group when declares are waiting and another statement may be in flight. The
 * first declare after a quiet spell waits one turn of the event loop for others read in the same
 * turn (on PGlite, whose statements run on this thread, nothing else would arrive while one is
 * being written); after a statement, the declares that queued meanwhile go out at once.
 */
function pump(db: Kysely<Database>, queue: WorkspaceQueue, gather: boolean): void {
  if (queue.gathering || queue.waiting.length === 0) return;
  if (queue.inFlight >= pipelineOf(db).inFlight) return;
  queue.inFlight += 1;
  if (!gather) return send(db, queue);
  queue.gathering = true;
  setImmediate(() => {
    queue.gathering = false;
    send(db, queue);
  });
}

const pipelineOf = (db: Kysely<Database>) => pipelines.get(db) ?? ON_THIS_THREAD;

function send(db: Kysely<Database>, queue: WorkspaceQueue): void {
  const group = queue.waiting.splice(0, MOST_PER_STATEMENT);
  void writeGroup(db, group, pipelineOf(db).sendFirst, () => {
    queue.inFlight -= 1;
    pump(db, queue, false);
  });
  pump(db, queue, true);
}

/**
 * Writes one group and settles its declares. `written` runs as soon as the statement is done; with
 * `sendFirst` the declares are settled a turn later, once the next statement has been sent.
 */
async function writeGroup(db: Kysely<Database>, group: Waiting[], sendFirst: boolean, written: () => void): Promise<void> {
  let rows: IncidentRow[];
  try {
    rows = await insertDeclaredIncidents(db, group.map((w) => w.rows));
  } catch (error) {
    if (group.length === 1) group[0]?.reject(error);
    // The statement wrote nothing. One bad declare must not fail the others: each alone now, so
    // each gets its own outcome (and numbers stay gap-free: a failed statement takes none).
    else for (const w of group) await writeAlone(db, w.rows).then(w.resolve, w.reject);
    return written();
  }
  written();
  const settle = () => group.forEach((w, i) => w.resolve(rows[i] as IncidentRow));
  if (sendFirst) setImmediate(settle);
  else settle();
}

async function writeAlone(db: Kysely<Database>, rows: DeclareRows): Promise<IncidentRow> {
  const [row] = await insertDeclaredIncidents(db, [rows]);
  if (!row) throw new Error(`incident ${rows.incident.id} was not written`);
  return row;
}
