import type { Kysely } from 'kysely';
import type { MetricAction, MetricIncident } from '../domain/metrics.ts';
import { refreshChangeSummaries, toSummary, type ChangeSummary } from './insight-summaries.ts';
import { incidentFields, incidentsIn, milestones, toMetricIncident, type InsightsQuery } from './insights-scope.ts';
import type { Database } from './schema.ts';

/**
 * The insights' reference rows: every incident of the period whole (milestones, status and
 * severity changes from its change summary, role holders) and every action, for
 * `computeInsights`. Requests read the kept facts and SQL counts instead (insights.ts); tests,
 * `bench/profile-insights.ts` and `bench/compare-insights.ts` check that both give the same figures.
 */
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
    incidents: [...byIncident.values()].sort(byDeclaration),
    actions: actions.map((a) => ({ incidentId: a.incident_id, status: a.status, dueDate: a.due_date })),
  };
}

function readIncidents(db: Kysely<Database>, q: InsightsQuery) {
  return incidentsIn(db, q)
    .leftJoin('incident_change_summaries as s', (join) => join.onRef('s.incident_id', '=', 'i.id').onRef('s.version', '=', 'i.version'))
    .select(['s.status_changes', 's.severity_changes', ...incidentFields, milestones.as('milestones')])
    .execute();
}

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

function byDeclaration(a: MetricIncident, b: MetricIncident): number {
  return a.declaredAt.getTime() - b.declaredAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
