import { postmortemDueSpec } from '../../app/incidents/status-timers.ts';
import { slackText } from '../../i18n/slack-messages.ts';
import { defineJob, type JobDefinition } from '../scheduler.ts';
import { loadTimerIncident, lockIncident, queueMessage, wasCanceled, type TimerDeps } from './support.ts';

/** `reminder.postmortem_due`: the postmortem's due date came and it is not published: tell the commander. */
export function postmortemDue(deps: TimerDeps): JobDefinition<unknown> {
  return defineJob({
    ...postmortemDueSpec,
    handler: (payload, ctx) =>
      ctx.db.transaction().execute(async (trx) => {
        const row = await lockIncident(trx, payload.incidentId);
        if (!row || (row.status !== 'resolved' && row.status !== 'postmortem') || row.postmortem_published_at) return { skipped: 'published or moved on' };
        if (await wasCanceled(trx, ctx.id)) return { skipped: 'canceled' };
        const incident = await loadTimerIncident(trx, deps, row);
        await queueMessage(trx, deps, {
          row,
          key: `postmortem_due:${ctx.key}`,
          at: ctx.now,
          text: slackText(incident.locale, 'postmortemDue', {
            commander: incident.commander,
            number: row.number,
            due: ctx.runAt.toISOString().slice(0, 10),
            url: `${deps.publicUrl}/incidents/${row.number}`,
          }),
        });
        return { reminded: true };
      }),
  });
}
