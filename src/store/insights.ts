import type { Kysely } from 'kysely';
import type { IncidentStatus } from '../domain/incident.ts';
import type { MetricAction, MetricIncident } from '../domain/metrics.ts';
import { refreshChangeSummaries, toSummary, type ChangeSummary } from './insight-summaries.ts';
import type { Database } from './schema.ts';
import './learning-schema.ts';

/**
 * The rows behind the insights (src/domain/metrics.ts computes every figure): incidents declared
 * in a period with their status and severity changes (from each incident's change summary, one row
 * per incident instead of its timeline; stale summaries recomputed first), role holders and
 * actions. Three plain reads, each joined on the same period condition rather than a list of ids.
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

export async function fetchInsightRows(
  db: Kysely<Database>,
  q: InsightsQuery,
): Promise<{ incidents: MetricIncident[]; actions: MetricAction[] }> {
  const [incidents, roles, actions] = await Promise.all([
    incidentsIn(db, q)
      .leftJoin('incident_change_summaries as s', (join) => join.onRef('s.incident_id', '=', 'i.id').onRef('s.version', '=', 'i.version'))
      .select([
        's.status_changes',
        's.severity_changes',
        'i.id',
        'i.number',
        'i.severity',
        'i.service',
        'i.platforms',
        'i.status',
        'i.impact_started_at',
        'i.detected_at',
        'i.reported_at',
        'i.declared_at',
        'i.acknowledged_at',
        'i.mitigated_at',
        'i.resolved_at',
        'i.postmortem_published_at',
        'i.canceled_at',
      ])
      .orderBy('i.declared_at')
      .orderBy('i.id')
      .execute(),
    incidentsIn(db, q)
      .innerJoin('role_assignments as r', 'r.incident_id', 'i.id')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select(['r.incident_id', 'r.role', 'r.user_id', 'u.name'])
      .orderBy('r.assigned_at')
      .execute(),
    incidentsIn(db, q)
      .innerJoin('actions as a', 'a.incident_id', 'i.id')
      .select(['a.incident_id', 'a.status', 'a.due_date'])
      .execute(),
  ]);
  const stale = incidents.filter((r) => r.status_changes === null || r.severity_changes === null).map((r) => r.id);
  const fresh = stale.length > 0 ? await refreshChangeSummaries(db, stale) : new Map<string, ChangeSummary>();
  const byIncident = new Map<string, MetricIncident & { statusChanges: MetricIncident['statusChanges'][number][]; severityChanges: MetricIncident['severityChanges'][number][]; roles: MetricIncident['roles'][number][] }>();
  for (const r of incidents) {
    const changes =
      fresh.get(r.id) ?? (r.status_changes && r.severity_changes ? toSummary(r.status_changes, r.severity_changes) : { statusChanges: [], severityChanges: [] });
    byIncident.set(r.id, {
      id: r.id,
      number: r.number,
      severity: r.severity,
      service: r.service,
      platforms: r.platforms,
      status: r.status as IncidentStatus,
      impactStartedAt: r.impact_started_at,
      detectedAt: r.detected_at,
      reportedAt: r.reported_at,
      declaredAt: r.declared_at,
      acknowledgedAt: r.acknowledged_at,
      mitigatedAt: r.mitigated_at,
      resolvedAt: r.resolved_at,
      postmortemPublishedAt: r.postmortem_published_at,
      canceledAt: r.canceled_at,
      statusChanges: changes.statusChanges,
      severityChanges: changes.severityChanges,
      roles: [],
    });
  }
  for (const r of roles) byIncident.get(r.incident_id)?.roles.push({ role: r.role, userId: r.user_id, name: r.name });
  return {
    incidents: [...byIncident.values()],
    actions: actions.map((a) => ({ incidentId: a.incident_id, status: a.status, dueDate: a.due_date })),
  };
}
