import { sql, type Kysely } from 'kysely';
import { incidentFacts, type IncidentFacts, type MetricIncident } from '../domain/metrics.ts';
import { incidentFields, milestones, toMetricIncident } from './insights-scope.ts';
import type { Database } from './schema.ts';

/**
 * Each incident's status and severity changes and its insight facts, kept in
 * `incident_change_summaries` (migrations 011 and 017) so the insights read one row per incident
 * instead of its whole timeline. A summary is current while its `version` equals the incident's
 * (every incident write bumps the version, and every status or severity change appends its event
 * in that transaction); stale or missing ones are recomputed on read. The facts are computed by
 * the domain (`incidentFacts`) from the incident and its changes, never in SQL.
 */

/** `[occurred_at in ms, data.from, data.to]`, in timeline order. */
export type ChangeTuple = [number, unknown, unknown];

export interface IncidentChangeSummariesTable {
  incident_id: string;
  version: number;
  status_changes: ChangeTuple[];
  severity_changes: ChangeTuple[];
  /** The facts as JSON text (`encodeFacts`); null until first computed. */
  facts: string | null;
  /** Every severity the incident had (the facts' `severities`), for the severity filter in SQL. */
  severities: string[] | null;
  is_canceled: boolean | null;
  computed_at: Date;
}

declare module './schema.ts' {
  interface Database {
    incident_change_summaries: IncidentChangeSummariesTable;
  }
}

export interface ChangeSummary {
  statusChanges: MetricIncident['statusChanges'][number][];
  severityChanges: MetricIncident['severityChanges'][number][];
}

/** Ids per refreshing statement: keeps PGlite's single session free between them. */
const REFRESH_CHUNK = 1_000;

const changesOf = (type: string) =>
  sql<ChangeTuple[]>`coalesce((SELECT jsonb_agg(jsonb_build_array(floor(extract(epoch FROM t.occurred_at) * 1000)::float8, t.data->'from', t.data->'to') ORDER BY t.occurred_at, t.seq)
    FROM timeline_events t WHERE t.incident_id = i.id AND t.type = ${type}), '[]'::jsonb)`;

/** Recomputes the summaries of these incidents from their rows and timelines and stores them. */
export async function refreshChangeSummaries(db: Kysely<Database>, incidentIds: readonly string[]): Promise<Map<string, ChangeSummary>> {
  const fresh = new Map<string, ChangeSummary>();
  for (let start = 0; start < incidentIds.length; start += REFRESH_CHUNK) {
    const ids = incidentIds.slice(start, start + REFRESH_CHUNK);
    // The incident and its changes in one statement: one snapshot, read at the version stored.
    const rows = await db
      .selectFrom('incidents as i')
      .where('i.id', 'in', ids)
      .select([
        ...incidentFields,
        'i.version',
        milestones.as('milestones'),
        changesOf('incident.status_changed').as('status_changes'),
        changesOf('incident.severity_changed').as('severity_changes'),
      ])
      .execute();
    const records = rows.map((r) => {
      const summary = toSummary(r.status_changes, r.severity_changes);
      fresh.set(r.id, summary);
      const facts = incidentFacts(toMetricIncident(r, summary));
      return {
        incident_id: r.id,
        version: r.version,
        status_changes: r.status_changes,
        severity_changes: r.severity_changes,
        facts: encodeFacts(facts),
        severities: facts.severities,
        is_canceled: facts.isCanceled,
      };
    });
    if (records.length === 0) continue;
    // One JSON parameter rather than seven per row.
    await sql`
      INSERT INTO incident_change_summaries (incident_id, version, status_changes, severity_changes, facts, severities, is_canceled, computed_at)
      SELECT r.incident_id, r.version, r.status_changes, r.severity_changes, r.facts, r.severities, r.is_canceled, now()
      FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb)
        AS r(incident_id uuid, version integer, status_changes jsonb, severity_changes jsonb, facts text, severities jsonb, is_canceled boolean)
      ON CONFLICT (incident_id) DO UPDATE SET version = excluded.version, status_changes = excluded.status_changes,
        severity_changes = excluded.severity_changes, facts = excluded.facts, severities = excluded.severities,
        is_canceled = excluded.is_canceled, computed_at = excluded.computed_at`.execute(db);
  }
  return fresh;
}

/**
 * The changes as the metrics take them, read as the timeline query did: a change without a
 * string `to` is skipped; a status change's missing `from` is ''.
 */
export function toSummary(statusChanges: readonly ChangeTuple[], severityChanges: readonly ChangeTuple[]): ChangeSummary {
  const summary: ChangeSummary = { statusChanges: [], severityChanges: [] };
  for (const [at, from, to] of statusChanges) {
    if (typeof to !== 'string') continue;
    summary.statusChanges.push({ at: new Date(at), from: typeof from === 'string' ? from : '', to });
  }
  for (const [at, from, to] of severityChanges) {
    if (typeof to !== 'string') continue;
    summary.severityChanges.push({ at: new Date(at), from: typeof from === 'string' ? from : null, to });
  }
  return summary;
}

/**
 * The facts as stored: a JSON array in a fixed order, about a third of the size of an object with
 * names (a request reads 10,000 of them in one text). JSON numbers keep every double exactly.
 */
type FactsTuple = [
  declaredAt: number,
  isCanceled: 0 | 1,
  severities: string[],
  service: string | null,
  isReopened: 0 | 1,
  isPostmortemPublished: 0 | 1,
  detect: number | null,
  acknowledge: number | null,
  mitigate: number | null,
  resolve: number | null,
  postmortemCompletion: number | null,
  finishedStays: Record<string, number>,
  openStatus: string | null,
  openSince: number | null,
];

export function encodeFacts(f: IncidentFacts): string {
  const tuple: FactsTuple = [
    f.declaredAt,
    f.isCanceled ? 1 : 0,
    f.severities,
    f.service,
    f.isReopened ? 1 : 0,
    f.isPostmortemPublished ? 1 : 0,
    f.detect,
    f.acknowledge,
    f.mitigate,
    f.resolve,
    f.postmortemCompletion,
    f.finishedStays,
    f.openStay?.status ?? null,
    f.openStay?.since ?? null,
  ];
  return JSON.stringify(tuple);
}

/** Facts from `encodeFacts` texts joined with commas (as `string_agg` gives them), in that order. */
export function decodeFactsList(joined: string): IncidentFacts[] {
  const tuples = JSON.parse(`[${joined}]`) as FactsTuple[];
  return tuples.map((t) => ({
    declaredAt: t[0],
    isCanceled: t[1] === 1,
    severities: t[2],
    service: t[3],
    isReopened: t[4] === 1,
    isPostmortemPublished: t[5] === 1,
    detect: t[6],
    acknowledge: t[7],
    mitigate: t[8],
    resolve: t[9],
    postmortemCompletion: t[10],
    finishedStays: t[11],
    openStay: t[12] === null || t[13] === null ? null : { status: t[12], since: t[13] },
  }));
}
