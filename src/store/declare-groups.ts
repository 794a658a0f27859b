import type { Kysely } from 'kysely';
import { declareJson, insertDeclaredIncidents, type DeclareJson, type DeclareRows } from './declare-statement.ts';
import type { Database, IncidentRow } from './schema.ts';

/**
 * Group commit for declares. A workspace's declares are numbered from one counter row, so
 * declaring statements can never commit side by side: each waits for the row lock held by the one
 * before it until that one has committed. Queueing many on the lock costs more than the wait (on
 * PostgreSQL every waiter re-reads the row after each commit), so a process writes one declaring
 * statement per workspace at a time, and declares that arrive meanwhile join the next one: one
 * round trip, one counter update and one commit for all of them. Alone, a declare goes out at
 * once; under load, statements grow instead of queueing on the lock.
 *
 * A second statement in flight was tried on PostgreSQL and gained nothing: it halves the groups,
 * so each declare pays more of a statement's fixed cost (docs/benchmarks.md, session 5). What does
 * help there: when a statement is done, the declares that queued meanwhile are sent before its own
 * declares are answered (answering them keeps this thread busy, and the database need not wait).
 * On PGlite, whose statements run on this thread, they are answered first.
 */
const MOST_PER_STATEMENT = 64;

interface Waiting {
  declare: DeclareJson;
  resolve: (row: IncidentRow) => void;
  reject: (error: unknown) => void;
}

interface WorkspaceQueue {
  waiting: Waiting[];
  /** A statement is being written, or its group gathered (it goes out on the next turn). */
  busy: boolean;
}

const queues = new WeakMap<Kysely<Database>, Map<string, WorkspaceQueue>>();
const runElsewhere = new WeakSet<Kysely<Database>>();

/** Marks `db` as a database server's (PostgreSQL): its statements run in other processes. */
export function declaresRunElsewhere(db: Kysely<Database>): void {
  runElsewhere.add(db);
}

/**
 * Writes one declare. Inside a transaction it is that transaction's statement; otherwise it joins
 * the workspace's next declaring statement and resolves when that statement has committed.
 */
export async function insertDeclaredIncident(db: Kysely<Database>, rows: DeclareRows): Promise<IncidentRow> {
  const declare = declareJson(rows);
  if (db.isTransaction) return writeAlone(db, declare);
  const queue = queueFor(db, declare.fields.workspace_id);
  const written = new Promise<IncidentRow>((resolve, reject) => queue.waiting.push({ declare, resolve, reject }));
  if (!queue.busy) {
    queue.busy = true;
    // Let the requests already read from the network this turn join first: on PGlite, whose
    // statements run on this thread, nothing else would arrive while one is being written.
    setImmediate(() => void send(db, queue));
  }
  return written;
}

function queueFor(db: Kysely<Database>, workspaceId: string): WorkspaceQueue {
  let byWorkspace = queues.get(db);
  if (!byWorkspace) queues.set(db, (byWorkspace = new Map<string, WorkspaceQueue>()));
  let queue = byWorkspace.get(workspaceId);
  if (!queue) byWorkspace.set(workspaceId, (queue = { waiting: [], busy: false }));
  return queue;
}

/**
 * Writes the waiting declares (up to a statement's worth), then the next group or idles. Where
 * statements run elsewhere, the next group goes out before this one's declares are settled.
 */
async function send(db: Kysely<Database>, queue: WorkspaceQueue): Promise<void> {
  const settle = await writeGroup(db, queue.waiting.splice(0, MOST_PER_STATEMENT));
  const next = () => {
    if (queue.waiting.length > 0) void send(db, queue);
    else queue.busy = false;
  };
  if (runElsewhere.has(db)) {
    next();
    setImmediate(settle);
  } else {
    settle();
    next();
  }
}

/** Writes one group; returns what settles its declares (a failed group's are settled one by one). */
async function writeGroup(db: Kysely<Database>, group: Waiting[]): Promise<() => void> {
  try {
    const rows = await insertDeclaredIncidents(db, group.map((w) => w.declare));
    return () => group.forEach((w, i) => w.resolve(rows[i] as IncidentRow));
  } catch (error) {
    if (group.length === 1) return () => group[0]?.reject(error);
    // The statement wrote nothing. One bad declare must not fail the others: each alone now, so
    // each gets its own outcome (and numbers stay gap-free: a failed statement takes none).
    for (const w of group) await writeAlone(db, w.declare).then(w.resolve, w.reject);
    return () => undefined;
  }
}

async function writeAlone(db: Kysely<Database>, declare: DeclareJson): Promise<IncidentRow> {
  const [row] = await insertDeclaredIncidents(db, [declare]);
  if (!row) throw new Error(`incident ${declare.fields.id} was not written`);
  return row;
}
