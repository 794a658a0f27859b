import type { Kysely } from 'kysely';
import type { TaskDraft } from '../domain/tasks.ts';
import type { Database } from './schema.ts';

/** Every task key an incident has ever had, with whether it is still open. */
export async function taskKeys(
  tx: Kysely<Database>,
  incidentId: string,
): Promise<{ key: string; isOpen: boolean }[]> {
  const rows = await tx
    .selectFrom('incident_tasks')
    .select(['key', 'done_at', 'dropped_at'])
    .where('incident_id', '=', incidentId)
    .execute();
  return rows.map((r) => ({ key: r.key, isOpen: r.done_at === null && r.dropped_at === null }));
}

export async function insertTasks(
  tx: Kysely<Database>,
  incidentId: string,
  drafts: readonly TaskDraft[],
  now: Date,
  newId: () => string,
): Promise<void> {
  if (drafts.length === 0) return;
  await tx
    .insertInto('incident_tasks')
    .values(
      drafts.map((d) => ({
        id: newId(),
        incident_id: incidentId,
        key: d.key,
        role: d.role,
        status_scope: d.statusScope,
        title: JSON.stringify(d.title),
        blocks: d.blocks,
        created_at: now,
      })),
    )
    .onConflict((oc) => oc.columns(['incident_id', 'key']).doNothing())
    .execute();
}

export async function dropTasks(
  tx: Kysely<Database>,
  incidentId: string,
  keys: readonly string[],
  now: Date,
): Promise<void> {
  if (keys.length === 0) return;
  await tx
    .updateTable('incident_tasks')
    .set({ dropped_at: now })
    .where('incident_id', '=', incidentId)
    .where('key', 'in', keys)
    .where('done_at', 'is', null)
    .execute();
}

/** Marks an open task done; returns false when it was not open. */
export async function completeTask(
  tx: Kysely<Database>,
  incidentId: string,
  where: { id: string } | { key: string },
  by: string,
  now: Date,
): Promise<boolean> {
  let query = tx
    .updateTable('incident_tasks')
    .set({ done_at: now, done_by: by })
    .where('incident_id', '=', incidentId)
    .where('done_at', 'is', null)
    .where('dropped_at', 'is', null);
  query = 'id' in where ? query.where('id', '=', where.id) : query.where('key', '=', where.key);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface TaskView {
  id: string;
  key: string;
  role: string;
  statusScope: string;
  title: { ja: string; en: string };
  blocks: string | null;
  createdAt: Date;
  doneAt: Date | null;
  doneBy: string | null;
}

export async function listTasks(db: Kysely<Database>, incidentId: string): Promise<TaskView[]> {
  const rows = await db
    .selectFrom('incident_tasks')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .where('dropped_at', 'is', null)
    .orderBy('created_at')
    .orderBy('key')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    key: r.key,
    role: r.role,
    statusScope: r.status_scope,
    title: r.title,
    blocks: r.blocks,
    createdAt: r.created_at,
    doneAt: r.done_at,
    doneBy: r.done_by,
  }));
}
