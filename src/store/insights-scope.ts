import { sql, type Kysely } from 'kysely';
import type { IncidentStatus } from '../domain/incident.ts';
import type { MetricIncident } from '../domain/metrics.ts';
import type { ChangeSummary } from './insight-summaries.ts';
import type { Database } from './schema.ts';
import './learning-schema.ts';
import { incidentVisibleTo } from './incident-visibility.ts';

/** The incidents of an insights request: a workspace's, declared in a period, that the caller may see. */
export interface InsightsQuery {
  workspaceId: string;
  from: Date;
  to: Date;
  /** Caller's user id; null sees private incidents too (admins). */
  visibleTo: string | null;
}

/** The incidents declared in the period that the caller may see (a private one only for its members, or admins). */
export function incidentsIn(db: Kysely<Database>, q: InsightsQuery) {
  let query = db
    .selectFrom('incidents as i')
    .where('i.workspace_id', '=', q.workspaceId)
    .where('i.declared_at', '>=', q.from)
    .where('i.declared_at', '<', q.to);
  if (q.visibleTo !== null) {
    query = query.where(incidentVisibleTo(q.visibleTo));
  }
  return query;
}

/**
 * The milestones, in this order, as one text of epoch milliseconds (`''` for one not reached):
 * one field per row for the driver to parse instead of nine, which was a fifth of the reads'
 * time at a year of incidents; dates as numbers because the driver's date parsing cost more than
 * the figures. The same instants as the driver's Dates (whole milliseconds, floored).
 */
const MILESTONES = [
  'impact_started_at',
  'detected_at',
  'reported_at',
  'declared_at',
  'acknowledged_at',
  'mitigated_at',
  'resolved_at',
  'postmortem_published_at',
  'canceled_at',
] as const;
export const milestones = sql<string>`concat_ws(',', ${sql.join(MILESTONES.map((column) => sql`coalesce(floor(extract(epoch FROM ${sql.ref(`i.${column}`)}) * 1000)::bigint::text, '')`))})`;

/** The incident's own fields the metrics take (`i` is the incidents table). */
export const incidentFields = ['i.id', 'i.number', 'i.severity', 'i.service', 'i.platforms', 'i.status'] as const;

export interface IncidentFieldsRow {
  id: string;
  number: number;
  severity: string | null;
  service: string | null;
  platforms: string[];
  status: string;
  milestones: string;
}

/**
 * The row as the metrics take them, roles to be added. One object literal with every field (not
 * spread from parts): objects of one shape keep the figures' property reads fast.
 */
export function toMetricIncident(r: IncidentFieldsRow, changes: ChangeSummary): MetricIncident & { roles: MetricIncident['roles'][number][] } {
  const at = r.milestones.split(',');
  const date = (index: number): Date | null => (at[index] ? new Date(Number(at[index])) : null);
  return {
    id: r.id,
    number: r.number,
    severity: r.severity,
    service: r.service,
    platforms: r.platforms,
    status: r.status as IncidentStatus,
    impactStartedAt: date(0),
    detectedAt: date(1),
    reportedAt: date(2),
    declaredAt: date(3) ?? new Date(Number.NaN),
    acknowledgedAt: date(4),
    mitigatedAt: date(5),
    resolvedAt: date(6),
    postmortemPublishedAt: date(7),
    canceledAt: date(8),
    statusChanges: changes.statusChanges,
    severityChanges: changes.severityChanges,
    roles: [],
  };
}
