import type { UseCaseContext } from '../context.ts';
import { scheduleConvergenceCheck, watchMinutesOf } from './convergence.ts';
import { recordSignal } from './incident-signal.ts';

/** An open alert a delivery resolves, with the incident it relates to as read (attached, or through its report). */
export interface ResolvedAlert {
  id: string;
  at: Date;
  title: string;
  incidentId: string | null;
  incidentStatus: string | null;
}

/** Whether signalResolves writes for this resolve: its incident is known and not closed or canceled. */
export function isSignalled(resolve: ResolvedAlert): boolean {
  return resolve.incidentId !== null && resolve.incidentStatus !== null && resolve.incidentStatus !== 'closed' && resolve.incidentStatus !== 'canceled';
}

/**
 * Resolved alerts of incidents: a timeline entry each, and for an incident in `monitoring` a
 * convergence check at the end of its watch window.
 */
export async function signalResolves(ctx: UseCaseContext, resolves: readonly ResolvedAlert[]): Promise<void> {
  const byIncident = new Map<string, { status: string; alerts: { id: string; at: Date; title: string }[] }>();
  for (const resolve of resolves) {
    if (!isSignalled(resolve) || resolve.incidentId === null || resolve.incidentStatus === null) continue;
    const entry = byIncident.get(resolve.incidentId) ?? { status: resolve.incidentStatus, alerts: [] };
    entry.alerts.push({ id: resolve.id, at: resolve.at, title: resolve.title });
    byIncident.set(resolve.incidentId, entry);
  }
  for (const [incidentId, { status, alerts }] of [...byIncident].sort(([a], [b]) => (a < b ? -1 : 1))) {
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
