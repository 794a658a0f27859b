import { createHash, randomBytes } from 'node:crypto';
import { sql, type Insertable, type Kysely } from 'kysely';
import type { AlertRow, AlertSourceRow, AlertSourcesTable } from './alerts-schema.ts';
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
  const rows = await db
    .selectFrom('alert_sources')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return withReceipts(db, rows);
}

/**
 * Sources with their accepted deliveries and last delivery: the row's own figures (before
 * migration 014) plus its receipt slots. For showing; ingestion reads the bare row.
 */
export async function withReceipts(db: Kysely<Database>, rows: AlertSourceRow[]): Promise<AlertSourceRow[]> {
  if (rows.length === 0) return rows;
  const receipts = await db
    .selectFrom('alert_source_receipts')
    .select((eb) => ['source_id', eb.fn.sum<number>('accepted_count').as('accepted'), eb.fn.max('last_received_at').as('last')])
    .where('source_id', 'in', rows.map((r) => r.id))
    .groupBy('source_id')
    .execute();
  const bySource = new Map(receipts.map((r) => [r.source_id, r]));
  return rows.map((row) => {
    const slots = bySource.get(row.id);
    if (!slots) return row;
    const last = row.last_received_at && row.last_received_at > slots.last ? row.last_received_at : slots.last;
    return { ...row, accepted_count: Number(row.accepted_count) + Number(slots.accepted), last_received_at: last };
  });
}

export async function updateAlertSource(
  tx: Kysely<Database>,
  id: string,
  patch: Partial<Pick<AlertSourceRow, 'name' | 'secret_hash' | 'secret_prefix' | 'signing_secret' | 'deleted_at'>>,
): Promise<boolean> {
  const result = await tx.updateTable('alert_sources').set(patch).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
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
