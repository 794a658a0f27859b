import { sql, type Kysely } from 'kysely';
import type { IncidentStatus } from '../domain/incident.ts';
import type { MetricAction, MetricIncident } from '../domain/metrics.ts';
import { refreshChangeSummaries, toSummary, type ChangeSummary } from './insight-summaries.ts';
import type { Database } from './schema.ts';
import './learning-schema.ts';

/**
 * The rows behind the insights (src/domain/metrics.ts computes every figure): incidents declared
 * in a period with their status and severity changes (from each incident's change summary, one row
 * per incident instead of its timeline; stale summaries recomputed first), role holders and
 * actions. Three plain reads, each joined on the same period condition
 * rather than a list of ids, none sorted by the database (docs/benchmarks.md, insights).
 */

export interface InsightsQuery {
  workspaceId: string;
  from: Date;
  to: Date;
  /** Caller's user id; null sees private incidents too (admins). */
  visibleTo: string | null;
}

function incidentsIn(db: Kysely<Database>, q: InsightsQuery) {
  let query = db
    .selectFrom('incidents as i')
    .where('i.workspace_id', '=', q.workspaceId)
    .where('i.declared_at', '>=', q.from)
    .where('i.declared_at', '<', q.to);
  if (q.visibleTo !== null) {
    const userId = q.visibleTo;
    query = query.where((eb) =>
      eb.or([
        eb('i.is_private', '=', false),
        eb.exists(
          eb
            .selectFrom('incident_members as m')
            .select('m.user_id')
            .whereRef('m.incident_id', '=', 'i.id')
            .where('m.user_id', '=', userId),
        ),
      ]),
    );
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
const milestones = sql<string>`concat_ws(',', ${sql.join(MILESTONES.map((column) => sql`coalesce(floor(extract(epoch FROM ${sql.ref(`i.${column}`)}) * 1000)::bigint::text, '')`))})`;

export async function fetchInsightRows(
  db: Kysely<Database>,
  q: InsightsQuery,
): Promise<{ incidents: MetricIncident[]; actions: MetricAction[] }> {
  const [incidents, roles, actions] = await Promise.all([readIncidents(db, q), readRoles(db, q), readActions(db, q)]);
  const stale = incidents.filter((r) => r.status_changes === null || r.severity_changes === null).map((r) => r.id);
  const fresh = stale.length > 0 ? await refreshChangeSummaries(db, stale) : new Map<string, ChangeSummary>();
  const byIncident = new Map<string, MetricIncident & { roles: MetricIncident['roles'][number][] }>();
  for (const r of incidents) {
    const changes =
      fresh.get(r.id) ?? (r.status_changes && r.severity_changes ? toSummary(r.status_changes, r.severity_changes) : { statusChanges: [], severityChanges: [] });
    byIncident.set(r.id, toMetricIncident(r, changes));
  }
  for (const r of roles) byIncident.get(r.incident_id)?.roles.push({ role: r.role, userId: r.user_id, name: r.name });
  return {
    // In declaration order (then id), sorted here rather than by the database: the rows are wide
    // (the change summaries), and sorting them there spilled to disk at a year of incidents.
    incidents: [...byIncident.values()].sort(byDeclaration),
    actions: actions.map((a) => ({ incidentId: a.incident_id, status: a.status, dueDate: a.due_date })),
  };
}

function readIncidents(db: Kysely<Database>, q: InsightsQuery) {
  return incidentsIn(db, q)
    .leftJoin('incident_change_summaries as s', (join) => join.onRef('s.incident_id', '=', 'i.id').onRef('s.version', '=', 'i.version'))
    .select(['s.status_changes', 's.severity_changes', 'i.id', 'i.number', 'i.severity', 'i.service', 'i.platforms', 'i.status', milestones.as('milestones')])
    .execute();
}

/** Holders in no particular order (the figures do not depend on it; unsorted is cheaper). */
function readRoles(db: Kysely<Database>, q: InsightsQuery) {
  return incidentsIn(db, q)
    .innerJoin('role_assignments as r', 'r.incident_id', 'i.id')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['r.incident_id', 'r.role', 'r.user_id', 'u.name'])
    .execute();
}

function readActions(db: Kysely<Database>, q: InsightsQuery) {
  return incidentsIn(db, q).innerJoin('actions as a', 'a.incident_id', 'i.id').select(['a.incident_id', 'a.status', 'a.due_date']).execute();
}

type IncidentRow = Awaited<ReturnType<typeof readIncidents>>[number];

/**
 * The row as the metrics take them, roles to be added. One object literal with every field (not
 * spread from parts): objects of one shape keep the figures' property reads fast.
 */
function toMetricIncident(r: IncidentRow, changes: ChangeSummary): MetricIncident & { roles: MetricIncident['roles'][number][] } {
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

function byDeclaration(a: MetricIncident, b: MetricIncident): number {
  return a.declaredAt.getTime() - b.declaredAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
