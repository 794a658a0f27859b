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

/**
 * A milestone as epoch milliseconds: the driver's date parsing cost more than the figures for
 * 10,000 incidents. The same instant as the driver's Date (both keep whole milliseconds, floored).
 */
const ms = (column: string) => sql<number | null>`floor(extract(epoch FROM ${sql.ref(column)}) * 1000)::float8`;
const date = (value: number | null): Date | null => (value === null ? null : new Date(value));

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
        ms('i.impact_started_at').as('impact_started_at'),
        ms('i.detected_at').as('detected_at'),
        ms('i.reported_at').as('reported_at'),
        ms('i.declared_at').as('declared_at'),
        ms('i.acknowledged_at').as('acknowledged_at'),
        ms('i.mitigated_at').as('mitigated_at'),
        ms('i.resolved_at').as('resolved_at'),
        ms('i.postmortem_published_at').as('postmortem_published_at'),
        ms('i.canceled_at').as('canceled_at'),
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
      impactStartedAt: date(r.impact_started_at),
      detectedAt: date(r.detected_at),
      reportedAt: date(r.reported_at),
      declaredAt: new Date(r.declared_at ?? Number.NaN),
      acknowledgedAt: date(r.acknowledged_at),
      mitigatedAt: date(r.mitigated_at),
      resolvedAt: date(r.resolved_at),
      postmortemPublishedAt: date(r.postmortem_published_at),
      canceledAt: date(r.canceled_at),
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
