import { createHash, randomBytes } from 'node:crypto';
import { sql, type Insertable, type Kysely } from 'kysely';
import type { AlertRow, AlertSourceRow, AlertSourcesTable, AlertsTable } from './alerts-schema.ts';
import type { Database } from './schema.ts';
import { isUuid } from './users.ts';

export type { AlertRow, AlertSourceRow } from './alerts-schema.ts';

/** A new source secret: `hka_` + 32 random bytes (base64url); also PagerDuty's routing_key. */
export function newSourceSecret(): { secret: string; hash: string; prefix: string } {
  const secret = `hka_${randomBytes(32).toString('base64url')}`;
  return { secret, hash: hashSourceSecret(secret), prefix: secret.slice(0, 8) };
}

/** SHA-256 (hex) of a source secret: only the hash is stored; PagerDuty's routing_key finds it. */
export function hashSourceSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export async function insertAlertSource(tx: Kysely<Database>, row: Insertable<AlertSourcesTable>): Promise<void> {
  await tx.insertInto('alert_sources').values(row).execute();
}

/** A source that is not deleted. */
export async function findAlertSource(db: Kysely<Database>, workspaceId: string, id: string): Promise<AlertSourceRow | undefined> {
  if (!isUuid(id)) return undefined;
  return db
    .selectFrom('alert_sources')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** The live source whose secret hashes to `secretHash` (PagerDuty's routing_key). */
export async function findAlertSourceBySecret(db: Kysely<Database>, workspaceId: string, secretHash: string): Promise<AlertSourceRow | undefined> {
  return db
    .selectFrom('alert_sources')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('secret_hash', '=', secretHash)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function listAlertSources(db: Kysely<Database>, workspaceId: string): Promise<AlertSourceRow[]> {
  return db
    .selectFrom('alert_sources')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function updateAlertSource(
  tx: Kysely<Database>,
  id: string,
  patch: Partial<Pick<AlertSourceRow, 'name' | 'secret_hash' | 'secret_prefix' | 'signing_secret' | 'deleted_at'>>,
): Promise<boolean> {
  const result = await tx.updateTable('alert_sources').set(patch).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Counts an accepted delivery of `alerts` alerts (in the ingesting transaction). */
export async function countAccepted(tx: Kysely<Database>, id: string, at: Date): Promise<void> {
  await tx
    .updateTable('alert_sources')
    .set({ accepted_count: sql`accepted_count + 1`, last_received_at: at })
    .where('id', '=', id)
    .execute();
}

/** Counts a refused delivery by its error code (its own statement: the delivery wrote nothing). */
export async function countRejected(
  db: Kysely<Database>,
  id: string,
  rejection: { at: Date; status: number; code: string; message: string },
): Promise<void> {
  await db
    .updateTable('alert_sources')
    .set({
      rejected_count: sql`rejected_count + 1`,
      rejections: sql`jsonb_set(rejections, ARRAY[${rejection.code}::text], to_jsonb(coalesce((rejections->>${rejection.code})::int, 0) + 1))`,
      last_rejection: JSON.stringify({ ...rejection, at: rejection.at.toISOString() }),
    })
    .where('id', '=', id)
    .execute();
}

/** The latest row of each fingerprint (open one first), for the dedup transitions. */
export async function latestAlerts(tx: Kysely<Database>, sourceId: string, fingerprints: readonly string[]): Promise<Map<string, AlertRow>> {
  const found = new Map<string, AlertRow>();
  if (fingerprints.length === 0) return found;
  const rows = await tx
    .selectFrom('alerts')
    .selectAll()
    .where('source_id', '=', sourceId)
    .where('fingerprint', 'in', [...new Set(fingerprints)])
    .orderBy('fingerprint')
    .orderBy(sql`status = 'firing'`, 'desc')
    .orderBy('starts_at', 'desc')
    .execute();
  for (const row of rows) if (!found.has(row.fingerprint)) found.set(row.fingerprint, row);
  return found;
}

export async function insertAlerts(tx: Kysely<Database>, rows: readonly Insertable<AlertsTable>[]): Promise<void> {
  if (rows.length > 0) await tx.insertInto('alerts').values([...rows]).execute();
}

/** Repeats of open alerts: count and last seen (one statement per batch). */
export async function touchAlerts(tx: Kysely<Database>, repeats: ReadonlyMap<string, number>, at: Date): Promise<void> {
  if (repeats.size === 0) return;
  const values = sql.join([...repeats].map(([id, n]) => sql`(${id}::uuid, ${n}::int)`));
  await sql`UPDATE alerts AS a SET count = a.count + v.n, last_seen_at = ${at}
    FROM (VALUES ${values}) AS v(id, n) WHERE a.id = v.id`.execute(tx);
}

export async function acknowledgeAlert(tx: Kysely<Database>, id: string, at: Date): Promise<void> {
  await tx.updateTable('alerts').set({ acknowledged_at: at, last_seen_at: at }).where('id', '=', id).where('acknowledged_at', 'is', null).execute();
}

export async function resolveAlert(tx: Kysely<Database>, id: string, resolvedAt: Date, at: Date): Promise<void> {
  await tx
    .updateTable('alerts')
    .set({ status: 'resolved', resolved_at: resolvedAt, ends_at: resolvedAt, last_seen_at: at })
    .where('id', '=', id)
    .where('status', '=', 'firing')
    .execute();
}

/** A group with what its report and incident are now; the group row is locked until commit. */
export interface LockedGroup {
  reportId: string | null;
  reportStatus: string | null;
  incidentId: string | null;
  incidentStatus: string | null;
  lastAlertAt: Date;
  isNew: boolean;
}

/**
 * Creates the group rows if needed and locks them (in key order, so concurrent deliveries never
 * deadlock): deliveries touching one group queue up, and a storm opens one report per group.
 */
export async function lockAlertGroups(
  tx: Kysely<Database>,
  workspaceId: string,
  groupKeys: readonly string[],
  at: Date,
): Promise<Map<string, LockedGroup>> {
  const keys = [...new Set(groupKeys)].sort();
  const found = new Map<string, LockedGroup>();
  if (keys.length === 0) return found;
  await tx
    .insertInto('alert_groups')
    .values(keys.map((key) => ({ workspace_id: workspaceId, group_key: key, report_id: null, incident_id: null, opened_at: at, last_alert_at: at })))
    .onConflict((oc) => oc.columns(['workspace_id', 'group_key']).doNothing())
    .execute();
  const rows = await sql<{
    group_key: string;
    report_id: string | null;
    report_status: string | null;
    incident_id: string | null;
    incident_status: string | null;
    last_alert_at: Date;
  }>`SELECT g.group_key, g.report_id, r.status AS report_status, i.id AS incident_id, i.status AS incident_status, g.last_alert_at
      FROM alert_groups g
      LEFT JOIN reports r ON r.id = g.report_id
      LEFT JOIN incidents i ON i.id = coalesce(r.incident_id, g.incident_id)
      WHERE g.workspace_id = ${workspaceId} AND g.group_key IN (${sql.join(keys)})
      ORDER BY g.group_key
      FOR UPDATE OF g`.execute(tx);
  for (const row of rows.rows) {
    found.set(row.group_key, {
      reportId: row.report_id,
      reportStatus: row.report_status,
      incidentId: row.incident_id,
      incidentStatus: row.incident_status,
      lastAlertAt: new Date(row.last_alert_at),
      isNew: row.report_id === null && row.incident_id === null,
    });
  }
  return found;
}

/** Moves the groups' last alert to `at` (one statement). */
export async function touchAlertGroups(tx: Kysely<Database>, workspaceId: string, groupKeys: readonly string[], at: Date): Promise<void> {
  if (groupKeys.length === 0) return;
  await tx
    .updateTable('alert_groups')
    .set({ last_alert_at: at })
    .where('workspace_id', '=', workspaceId)
    .where('group_key', 'in', [...groupKeys])
    .execute();
}

export async function updateAlertGroup(
  tx: Kysely<Database>,
  workspaceId: string,
  groupKey: string,
  patch: { report_id?: string | null; incident_id?: string | null; opened_at?: Date; last_alert_at: Date },
): Promise<void> {
  await tx.updateTable('alert_groups').set(patch).where('workspace_id', '=', workspaceId).where('group_key', '=', groupKey).execute();
}

/** Moves reports' detection time earlier where one of their new alerts started earlier (one statement). */
export async function lowerReportsDetectedAt(tx: Kysely<Database>, earliest: ReadonlyMap<string, Date>): Promise<void> {
  if (earliest.size === 0) return;
  const values = sql.join([...earliest].map(([id, at]) => sql`(${id}::uuid, ${at}::timestamptz)`));
  await sql`UPDATE reports AS r SET detected_at = v.at FROM (VALUES ${values}) AS v(id, at)
    WHERE r.id = v.id AND (r.detected_at IS NULL OR r.detected_at > v.at)`.execute(tx);
}

/** The alerts grouped into a report, firing first, newest first. */
export async function alertsOfReport(
  db: Kysely<Database>,
  reportId: string,
  limit: number,
): Promise<(AlertRow & { source_name: string | null; source_kind: string | null })[]> {
  return db
    .selectFrom('alerts as a')
    .leftJoin('alert_sources as s', 's.id', 'a.source_id')
    .selectAll('a')
    .select(['s.name as source_name', 's.kind as source_kind'])
    .where('a.report_id', '=', reportId)
    .orderBy(sql`a.status = 'firing'`, 'desc')
    .orderBy('a.last_seen_at', 'desc')
    .orderBy('a.id')
    .limit(limit)
    .execute();
}

/** How many alerts each report groups and how many of them still fire (reports without alerts are absent). */
export async function alertCountsOfReports(
  db: Kysely<Database>,
  reportIds: readonly string[],
): Promise<Map<string, { total: number; firing: number }>> {
  const counts = new Map<string, { total: number; firing: number }>();
  if (reportIds.length === 0) return counts;
  const rows = await db
    .selectFrom('alerts')
    .select((eb) => [
      'report_id',
      eb.fn.countAll<number | string>().as('total'),
      sql<number | string>`count(*) filter (where status = 'firing')`.as('firing'),
    ])
    .where('report_id', 'in', [...reportIds])
    .groupBy('report_id')
    .execute();
  for (const row of rows) {
    if (row.report_id !== null) counts.set(row.report_id, { total: Number(row.total), firing: Number(row.firing) });
  }
  return counts;
}

/** The alerts related to an incident: attached to it, or grouped into a report that became it. */
export async function alertsOfIncident(db: Kysely<Database>, incidentId: string, limit: number): Promise<AlertRow[]> {
  return db
    .selectFrom('alerts as a')
    .leftJoin('reports as r', 'r.id', 'a.report_id')
    .selectAll('a')
    .where((eb) => eb.or([eb('a.incident_id', '=', incidentId), eb('r.incident_id', '=', incidentId)]))
    .orderBy(sql`a.status = 'firing'`, 'desc')
    .orderBy('a.last_seen_at', 'desc')
    .limit(limit)
    .execute();
}

/** How many related alerts an incident has, how many still fire, and when the last resolved. */
export async function alertStatsOfIncident(
  db: Kysely<Database>,
  incidentId: string,
): Promise<{ total: number; firing: number; lastResolvedAt: Date | null }> {
  const result = await sql<{ total: number | string; firing: number | string; last_resolved_at: Date | null }>`
    SELECT count(*) AS total, count(*) FILTER (WHERE a.status = 'firing') AS firing, max(a.resolved_at) AS last_resolved_at
    FROM alerts a LEFT JOIN reports r ON r.id = a.report_id
    WHERE a.incident_id = ${incidentId} OR r.incident_id = ${incidentId}`.execute(db);
  const row = result.rows[0];
  return {
    total: Number(row?.total ?? 0),
    firing: Number(row?.firing ?? 0),
    lastResolvedAt: row?.last_resolved_at ? new Date(row.last_resolved_at) : null,
  };
}

/** The incidents (active ones) the given alerts relate to, by alert id. */
export async function incidentsOfAlerts(
  tx: Kysely<Database>,
  alertIds: readonly string[],
): Promise<Map<string, { incidentId: string; status: string }>> {
  const found = new Map<string, { incidentId: string; status: string }>();
  if (alertIds.length === 0) return found;
  const rows = await tx
    .selectFrom('alerts as a')
    .leftJoin('reports as r', 'r.id', 'a.report_id')
    .innerJoin('incidents as i', (join) => join.on(sql<boolean>`i.id = coalesce(a.incident_id, r.incident_id)`))
    .select(['a.id as alert_id', 'i.id as incident_id', 'i.status'])
    .where('a.id', 'in', [...alertIds])
    .execute();
  for (const row of rows) found.set(row.alert_id, { incidentId: row.incident_id, status: row.status });
  return found;
}
