import { z } from 'zod';
import { convergenceState, type ConvergenceState } from '../../domain/alerts.ts';
import { findSeverity } from '../../domain/playbook.ts';
import { alertStatsOfIncident } from '../../store/alerts.ts';
import { scheduleJob, type JobSpec } from '../../store/scheduled-jobs.ts';
import type { UseCaseContext } from '../context.ts';
import { recordSignal } from './incident-signal.ts';
import { convergenceText } from './signal-texts.ts';

/**
 * Convergence read from the signals: while an incident is `monitoring`, once its related alerts
 * have all resolved and nothing new (alert or report) came for the severity's watch window, it is
 * marked ready to resolve and the commander is told. A job checks at the moment the window would
 * end; the check recomputes and, if something moved the window, schedules itself again.
 */

export const convergenceCheckSpec = {
  name: 'alerts.check_convergence',
  version: 1,
  payload: z.object({ incidentId: z.uuid() }),
} satisfies JobSpec<{ incidentId: string }>;

/** Schedules a convergence check of an incident at `at` (one per incident and instant). */
export async function scheduleConvergenceCheck(ctx: Pick<UseCaseContext, 'tx' | 'workspaceId'>, incidentId: string, at: Date): Promise<void> {
  await scheduleJob(ctx.tx, {
    job: convergenceCheckSpec,
    payload: { incidentId },
    runAt: at,
    key: `alerts.check_convergence:${incidentId}:${at.toISOString()}`,
    incidentId,
    workspaceId: ctx.workspaceId,
  });
}

/** The watch window of an incident's severity (60 minutes when it has none). */
export async function watchMinutesOf(ctx: UseCaseContext, row: { severity: string | null; playbook_version_id: string }): Promise<number> {
  const playbook = await ctx.playbooks.byId(ctx.tx, row.playbook_version_id);
  const severity = row.severity ? findSeverity(playbook, row.severity) : undefined;
  return severity?.convergenceWatchMinutes ?? 60;
}

/** Checks one incident's convergence now; marks it ready to resolve or schedules the next check. */
export async function checkConvergence(ctx: UseCaseContext, input: { incidentId: string }): Promise<ConvergenceState> {
  const row = await ctx.tx
    .selectFrom('incidents')
    .select(['id', 'status', 'severity', 'playbook_version_id', 'monitoring_since', 'last_signal_at', 'ready_to_resolve_at'])
    .where('id', '=', input.incidentId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) return { state: 'not_applicable' };
  const stats = await alertStatsOfIncident(ctx.tx, row.id);
  const watchMinutes = await watchMinutesOf(ctx, row);
  const state = convergenceState({
    isMonitoring: row.status === 'monitoring',
    firingAlerts: stats.firing,
    hasAlerts: stats.total > 0,
    monitoringSince: row.monitoring_since,
    lastSignalAt: row.last_signal_at,
    lastResolvedAt: stats.lastResolvedAt,
    watchMinutes,
    now: ctx.now,
  });
  if (state.state === 'waiting') await scheduleConvergenceCheck(ctx, row.id, state.readyAt);
  if (state.state === 'ready' && row.ready_to_resolve_at === null) {
    const locale = ctx.playbooks.current().playbook.workspace.defaultLocale;
    const data = { quietSince: state.quietSince.toISOString(), watchMinutes };
    await recordSignal(ctx, row.id, {
      events: [{ type: 'incident.ready_to_resolve', data }],
      patch: { ready_to_resolve_at: ctx.now },
      effects: [
        {
          topic: 'slack.post_message',
          keySuffix: `ready_to_resolve:${ctx.now.toISOString()}`,
          payload: { text: await convergenceText(ctx, row.id, 'ready', locale, { minutes: watchMinutes }) },
        },
      ],
    });
  }
  return state;
}
