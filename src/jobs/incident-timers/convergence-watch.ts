import { convergenceWatchSpec, timerKeys } from '../../app/incidents/status-timers.ts';
import { findSeverity } from '../../domain/playbook.ts';
import { slackText } from '../../i18n/slack-messages.ts';
import { scheduleJob } from '../../store/scheduled-jobs.ts';
import { defineJob, type JobDefinition } from '../scheduler.ts';
import { MINUTE, loadTimerIncident, lockIncident, queueCardRefresh, queueMessage, wasCanceled, type TimerDeps } from './support.ts';

/**
 * `timer.convergence_watch`: when the severity's watch window has passed with no new related
 * signal, tells the commander in the channel that convergence can be confirmed and refreshes the
 * card (its blocker is gone). A signal seen meanwhile moves the end of the window: the timer is
 * set again for the new end.
 */
export function convergenceWatch(deps: TimerDeps): JobDefinition<unknown> {
  return defineJob({
    ...convergenceWatchSpec,
    handler: (payload, ctx) =>
      ctx.db.transaction().execute(async (trx) => {
        const row = await lockIncident(trx, payload.incidentId);
        if (!row || row.status !== 'monitoring') return { skipped: 'not monitoring' };
        if (await wasCanceled(trx, ctx.id)) return { skipped: 'canceled' };
        const incident = await loadTimerIncident(trx, deps, row);
        const severity = row.severity ? findSeverity(incident.playbook, row.severity) : undefined;
        if (!severity) return { skipped: 'no severity' };
        const quietSince = Math.max(row.monitoring_since?.getTime() ?? 0, row.last_signal_at?.getTime() ?? 0);
        const end = quietSince + severity.convergenceWatchMinutes * MINUTE;
        if (end > ctx.now.getTime()) {
          await scheduleJob(trx, {
            job: convergenceWatchSpec,
            payload: { incidentId: row.id, epoch: payload.epoch, n: payload.n + 1 },
            runAt: new Date(end),
            key: timerKeys.convergence(row.id, payload.epoch, payload.n + 1),
            incidentId: row.id,
            workspaceId: row.workspace_id,
          });
          return { extendedTo: new Date(end).toISOString() };
        }
        await queueMessage(trx, deps, {
          row,
          key: `convergence_watch:${ctx.key}`,
          at: ctx.now,
          text: slackText(incident.locale, 'convergenceWatchEnded', { minutes: severity.convergenceWatchMinutes, commander: incident.commander }),
        });
        await queueCardRefresh(trx, deps, row, `watch:${ctx.key}`, ctx.now);
        return { watchEnded: true };
      }),
  });
}
