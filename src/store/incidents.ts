import { sql, type Kysely, type Updateable } from 'kysely';
import type { IncidentSnapshot, IncidentStatus, Milestones } from '../domain/incident.ts';
import { MILESTONES } from '../domain/incident.ts';
import { missingRequiredSections } from '../domain/postmortem.ts';
import type { Database, IncidentRow, IncidentsTable, NewIncidentRow } from './schema.ts';

export async function insertIncident(tx: Kysely<Database>, row: NewIncidentRow): Promise<void> {
  await tx.insertInto('incidents').values(row).execute();
}

/** Loads an incident by id or number; `forUpdate` locks its row so concurrent changes queue up behind this one. */
export async function findIncident(
  tx: Kysely<Database>,
  workspaceId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<IncidentRow | undefined> {
  let query = tx.selectFrom('incidents').selectAll().where('workspace_id', '=', workspaceId);
  // People say "incident 12": a plain number finds the incident by its number.
  query = /^\d{1,9}$/.test(id)
    ? query.where('number', '=', Number(id))
    : query.where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** Writes a change to the incident and bumps its version (cards and caches key on it). */
export async function updateIncident(
  tx: Kysely<Database>,
  id: string,
  patch: Updateable<IncidentsTable>,
  now: Date,
): Promise<number> {
  const row = await tx
    .updateTable('incidents')
    .set({ ...patch, updated_at: now, version: sql`version + 1` })
    .where('id', '=', id)
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

export async function currentRoles(
  tx: Kysely<Database>,
  incidentId: string,
): Promise<Record<string, string>> {
  const rows = await tx
    .selectFrom('role_assignments')
    .select(['role', 'user_id'])
    .where('incident_id', '=', incidentId)
    .where('ended_at', 'is', null)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.role, r.user_id]));
}

export async function isMember(
  db: Kysely<Database>,
  incidentId: string,
  userId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('incident_members')
    .select('user_id')
    .where('incident_id', '=', incidentId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function addMembers(
  tx: Kysely<Database>,
  incidentId: string,
  userIds: readonly string[],
): Promise<void> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return;
  await tx
    .insertInto('incident_members')
    .values(unique.map((user_id) => ({ incident_id: incidentId, user_id })))
    .onConflict((oc) => oc.columns(['incident_id', 'user_id']).doNothing())
    .execute();
}

export function milestonesOf(row: IncidentRow): Milestones {
  const result: Milestones = {};
  for (const name of MILESTONES) result[name] = row[name];
  return result;
}

/** Everything the lifecycle rules need about one incident, read in the caller's transaction. */
export async function loadSnapshot(
  tx: Kysely<Database>,
  row: IncidentRow,
): Promise<IncidentSnapshot> {
  const [roles, releases, tasks, postmortem, actions] = await Promise.all([
    currentRoles(tx, row.id),
    tx
      .selectFrom('releases')
      .select(['platform', 'kind'])
      .where('incident_id', '=', row.id)
      .execute(),
    tx
      .selectFrom('incident_tasks')
      .select(['id', 'key', 'role', 'status_scope', 'title', 'blocks'])
      .where('incident_id', '=', row.id)
      .where('done_at', 'is', null)
      .where('dropped_at', 'is', null)
      .orderBy('created_at')
      .orderBy('key')
      .execute(),
    loadPostmortemState(tx, row.id),
    tx.selectFrom('actions').select('status').where('incident_id', '=', row.id).execute(),
  ]);
  return {
    status: row.status as IncidentStatus,
    severity: row.severity,
    platforms: row.platforms,
    roles,
    triggeredByUserId: row.triggered_by_user_id,
    milestones: milestonesOf(row),
    monitoringSince: row.monitoring_since,
    lastSignalAt: row.last_signal_at,
    releases,
    openTasks: tasks.map((t) => ({
      id: t.id,
      key: t.key,
      role: t.role,
      statusScope: t.status_scope,
      title: t.title,
      blocks: t.blocks,
    })),
    postmortem,
    actions,
  };
}

async function loadPostmortemState(
  tx: Kysely<Database>,
  incidentId: string,
): Promise<IncidentSnapshot['postmortem']> {
  const postmortem = await tx
    .selectFrom('postmortems')
    .select(['id', 'status'])
    .where('incident_id', '=', incidentId)
    .executeTakeFirst();
  if (!postmortem) return null;
  const sections = await tx
    .selectFrom('postmortem_sections')
    .select(['key', 'is_required as isRequired', 'body'])
    .where('postmortem_id', '=', postmortem.id)
    .execute();
  return { status: postmortem.status, missingRequired: missingRequiredSections(sections) };
}
