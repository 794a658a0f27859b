import { incidentsOfAlerts } from '../../store/alerts.ts';
import type { UseCaseContext } from '../context.ts';
import { scheduleConvergenceCheck, watchMinutesOf } from './convergence.ts';
import { recordSignal } from './incident-signal.ts';

/**
 * Resolved alerts of incidents: a timeline entry each, and for an incident in `monitoring` a
 * convergence check at the end of its watch window.
 */
export async function signalResolves(ctx: UseCaseContext, resolves: readonly { id: string; at: Date; title: string }[]): Promise<void> {
  const related = await incidentsOfAlerts(ctx.tx, resolves.map((r) => r.id));
  const byIncident = new Map<string, { status: string; alerts: { id: string; at: Date; title: string }[] }>();
  for (const resolve of resolves) {
    const incident = related.get(resolve.id);
    if (!incident) continue;
    const entry = byIncident.get(incident.incidentId) ?? { status: incident.status, alerts: [] };
    entry.alerts.push(resolve);
    byIncident.set(incident.incidentId, entry);
  }
  for (const [incidentId, { status, alerts }] of [...byIncident].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (status === 'closed' || status === 'canceled') continue;
    await recordSignal(ctx, incidentId, {
      events: alerts.map((a) => ({ type: 'incident.alert_resolved', data: { alertId: a.id, title: a.title, resolvedAt: a.at.toISOString() } })),
    });
    if (status === 'monitoring') {
      const row = await ctx.tx.selectFrom('incidents').select(['severity', 'playbook_version_id']).where('id', '=', incidentId).executeTakeFirstOrThrow();
      const minutes = await watchMinutesOf(ctx, row);
      await scheduleConvergenceCheck(ctx, incidentId, new Date(ctx.now.getTime() + minutes * 60_000));
    }
  }
}
