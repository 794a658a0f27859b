import type { Kysely } from 'kysely';
import { insertDeclaredIncidents, type DeclareRows } from './declare-statement.ts';
import type { Database, IncidentRow } from './schema.ts';

/**
 * Group commit for declares. A workspace's declares are numbered from one counter row, so two
 * declaring statements can never overlap: the second waits on the first's row lock (and on
 * PostgreSQL every waiter then re-reads the row, which costs more than the wait). So a process
 * writes one declaring statement per workspace at a time, and declares that arrive meanwhile
 * join the next one: one round trip, one counter update and one commit for all of them. Alone, a
 * declare goes out at once, as before; under load, statements grow instead of queueing on the lock.
 */
const MOST_PER_STATEMENT = 64;

interface Waiting {
  rows: DeclareRows;
  resolve: (row: IncidentRow) => void;
  reject: (error: unknown) => void;
}

interface WorkspaceQueue {
  waiting: Waiting[];
  writing: boolean;
}

const queues = new WeakMap<Kysely<Database>, Map<string, WorkspaceQueue>>();

/**
 * Writes one declare. Inside a transaction it is that transaction's statement; otherwise it joins
 * the workspace's next declaring statement and resolves when that statement has committed.
 */
export async function insertDeclaredIncident(db: Kysely<Database>, rows: DeclareRows): Promise<IncidentRow> {
  if (db.isTransaction) return writeAlone(db, rows);
  const queue = queueFor(db, rows.incident.workspace_id);
  const written = new Promise<IncidentRow>((resolve, reject) => queue.waiting.push({ rows, resolve, reject }));
  if (!queue.writing) void drain(db, queue);
  return written;
}

function queueFor(db: Kysely<Database>, workspaceId: string): WorkspaceQueue {
  let byWorkspace = queues.get(db);
  if (!byWorkspace) queues.set(db, (byWorkspace = new Map<string, WorkspaceQueue>()));
  let queue = byWorkspace.get(workspaceId);
  if (!queue) byWorkspace.set(workspaceId, (queue = { waiting: [], writing: false }));
  return queue;
}

async function drain(db: Kysely<Database>, queue: WorkspaceQueue): Promise<void> {
  queue.writing = true;
  // Let the requests already read from the network this turn reach the queue first: on PGlite,
  // whose statements run on this thread, nothing else would arrive while one is being written.
  await new Promise((resolve) => setImmediate(resolve));
  try {
    while (queue.waiting.length > 0) await writeGroup(db, queue.waiting.splice(0, MOST_PER_STATEMENT));
  } finally {
    queue.writing = false;
  }
}

async function writeGroup(db: Kysely<Database>, group: Waiting[]): Promise<void> {
  try {
    const rows = await insertDeclaredIncidents(db, group.map((w) => w.rows));
    group.forEach((w, i) => w.resolve(rows[i] as IncidentRow));
  } catch (error) {
    if (group.length === 1) return group[0]?.reject(error);
    // The statement wrote nothing. One bad declare must not fail the others: each alone now, so
    // each gets its own outcome (and numbers stay gap-free: a failed statement takes none).
    for (const w of group) {
      await writeAlone(db, w.rows).then(w.resolve, w.reject);
    }
  }
}

async function writeAlone(db: Kysely<Database>, rows: DeclareRows): Promise<IncidentRow> {
  const [row] = await insertDeclaredIncidents(db, [rows]);
  if (!row) throw new Error(`incident ${rows.incident.id} was not written`);
  return row;
}
