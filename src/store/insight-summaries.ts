import { sql, type Kysely } from 'kysely';
import type { MetricIncident } from '../domain/metrics.ts';
import type { Database } from './schema.ts';

/**
 * Each incident's status and severity changes, kept in `incident_change_summaries` (migration
 * 011) so the insights read one row per incident instead of its whole timeline. A summary is
 * current while its `version` equals the incident's (every status or severity change bumps the
 * version in the transaction that appends the event); stale or missing ones are recomputed on read.
 */

/** `[occurred_at in ms, data.from, data.to]`, in timeline order. */
export type ChangeTuple = [number, unknown, unknown];

export interface IncidentChangeSummariesTable {
  incident_id: string;
  version: number;
  status_changes: ChangeTuple[];
  severity_changes: ChangeTuple[];
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

/** Recomputes the summaries of these incidents from their timelines and stores them. */
export async function refreshChangeSummaries(db: Kysely<Database>, incidentIds: readonly string[]): Promise<Map<string, ChangeSummary>> {
  const fresh = new Map<string, ChangeSummary>();
  for (let start = 0; start < incidentIds.length; start += REFRESH_CHUNK) {
    const ids = incidentIds.slice(start, start + REFRESH_CHUNK);
    const result = await sql<{ incident_id: string; status_changes: ChangeTuple[]; severity_changes: ChangeTuple[] }>`
      INSERT INTO incident_change_summaries (incident_id, version, status_changes, severity_changes, computed_at)
      SELECT i.id, i.version, ${changesOf('incident.status_changed')}, ${changesOf('incident.severity_changed')}, now()
      FROM incidents i WHERE i.id IN (${sql.join(ids)})
      ON CONFLICT (incident_id) DO UPDATE SET version = excluded.version, status_changes = excluded.status_changes,
        severity_changes = excluded.severity_changes, computed_at = excluded.computed_at
      RETURNING incident_id, status_changes, severity_changes`.execute(db);
    for (const row of result.rows) fresh.set(row.incident_id, toSummary(row.status_changes, row.severity_changes));
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
