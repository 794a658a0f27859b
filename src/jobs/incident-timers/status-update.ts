import { statusUpdateReminderSpec, timerKeys } from '../../app/incidents/status-timers.ts';
import { findSeverity } from '../../domain/playbook.ts';
import { slackText } from '../../i18n/slack-messages.ts';
import { scheduleJob } from '../../store/scheduled-jobs.ts';
import { defineJob, type JobDefinition } from '../scheduler.ts';
import { MINUTE, loadTimerIncident, lockIncident, queueMessage, wasCanceled, type TimerDeps } from './support.ts';

/**
 * Timeline events that count as a status update. `incident.status_update_posted` is what the
 * "post a status update" step writes; a note or a status change also tells the team where things
 * stand.
 */
export const STATUS_UPDATE_EVENTS = ['incident.status_update_posted', 'incident.note_added', 'incident.status_changed'];

/**
 * `reminder.status_update`: at the severity's cadence, reminds the commander (in the incident
 * channel) to post a status update when none was posted in the last period; a second period in
 * a row without one is escalated to the playbook's incidents channel. Chains the next reminder.
 */
export function statusUpdateReminder(deps: TimerDeps): JobDefinition<unknown> {
  return defineJob({
    ...statusUpdateReminderSpec,
    handler: (payload, ctx) =>
      ctx.db.transaction().execute(async (trx) => {
        const row = await lockIncident(trx, payload.incidentId);
        if (!row || (row.status !== 'responding' && row.status !== 'monitoring')) return { skipped: 'not active' };
        if (await wasCanceled(trx, ctx.id)) return { skipped: 'canceled' };
        const incident = await loadTimerIncident(trx, deps, row);
        const severity = row.severity ? findSeverity(incident.playbook, row.severity) : undefined;
        if (!severity) return { skipped: 'no severity' };
        const cadence = severity.statusUpdateEveryMinutes * MINUTE;
        const since = new Date(ctx.runAt.getTime() - cadence);
        const last = await trx
          .selectFrom('timeline_events')
          .select('occurred_at')
          .where('incident_id', '=', row.id)
          .where('type', 'in', STATUS_UPDATE_EVENTS)
          .where('occurred_at', '>', since)
          .orderBy('occurred_at', 'desc')
          .limit(1)
          .executeTakeFirst();
        const missed = last ? 0 : payload.missed + 1;
        if (!last) {
          const minutes = severity.statusUpdateEveryMinutes;
          await queueMessage(trx, deps, {
            row,
            key: `reminder:${ctx.key}`,
            at: ctx.now,
            text: slackText(incident.locale, 'statusUpdateReminder', { commander: incident.commander, minutes, command: incident.playbook.slack.command }),
          });
          const incidents = incident.playbook.channels['incidents'];
          if (missed >= 2 && incidents && !row.is_private) {
            await queueMessage(trx, deps, {
              row,
              key: `escalation:${ctx.key}`,
              at: ctx.now,
              channel: incidents,
              text: slackText(incident.locale, 'statusUpdateEscalation', {
                number: row.number,
                title: row.title,
                severity: severity.name[incident.locale],
                minutes: minutes * missed,
                commander: incident.commander || '-',
                channel: incident.channelId ? `<#${incident.channelId}>` : '-',
              }),
            });
          }
        }
        const base = last ? last.occurred_at.getTime() : Math.max(ctx.runAt.getTime(), ctx.now.getTime());
        await scheduleJob(trx, {
          job: statusUpdateReminderSpec,
          payload: { incidentId: row.id, epoch: payload.epoch, n: payload.n + 1, missed },
          runAt: new Date(base + cadence),
          key: timerKeys.statusUpdate(row.id, payload.epoch, payload.n + 1),
          incidentId: row.id,
          workspaceId: row.workspace_id,
        });
        return { reminded: !last, missed };
      }),
  });
}
