import { z } from 'zod';
import { PermanentError, RetryLaterError } from '../../../jobs/errors.ts';
import type { OutboxHandler } from '../../../jobs/outbox-dispatcher.ts';
import { slackText } from '../../../i18n/slack-messages.ts';
import { findChannelOfIncident } from '../../../store/slack-channels.ts';
import { findUserById } from '../../../store/users.ts';
import { incidentIdOf, loadIncidentForSlack, type SlackDelivery } from './context.ts';
import { postKept } from './kept-message.ts';
import { openChannelState } from './pending.ts';

const payloadSchema = z.object({
  event: z.enum(['opened', 'review_requested', 'published']),
  reviewerIds: z.array(z.string()).optional(),
});

const WAIT_FOR_CHANNEL_MS = 2_000;

const TEXT_KEYS = { opened: 'postmortemOpened', review_requested: 'postmortemReviewRequested', published: 'postmortemPublished' } as const;

/**
 * `slack.postmortem_news`: the postmortem's steps in the incident channel, once each — opened (the
 * draft's link), sent for review (the reviewers mentioned; by name when hikeshi has no Slack id
 * for them), published (the link). In the workspace's language; skipped once the channel is archived.
 */
export function postmortemNews(delivery: SlackDelivery): OutboxHandler {
  return async (outbox) => {
    const parsed = payloadSchema.safeParse(outbox.payload);
    if (!parsed.success) throw new PermanentError(`slack.postmortem_news payload: ${z.prettifyError(parsed.error)}`);
    const incidentId = incidentIdOf(outbox);
    const channel = await findChannelOfIncident(delivery.app.db, incidentId);
    if (!channel) {
      if ((await openChannelState(delivery, incidentId)) === 'pending') throw new RetryLaterError(WAIT_FOR_CHANNEL_MS, 'the channel is not made yet');
      return { skipped: 'no channel' };
    }
    if (channel.archived_at) return { skipped: 'channel archived' };
    const incident = await loadIncidentForSlack(delivery, incidentId);
    const mentions: string[] = [];
    for (const id of parsed.data.reviewerIds ?? []) {
      const user = await findUserById(delivery.app.db, delivery.app.workspaceId, id);
      if (user) mentions.push(user.slackUserId ? `<@${user.slackUserId}>` : user.name);
    }
    const text = slackText(incident.locale, TEXT_KEYS[parsed.data.event], {
      number: incident.detail.row.number,
      url: `${incident.url}/postmortem`,
      reviewers: mentions.join(' '),
    });
    const sent = await postKept(delivery, { purpose: `postmortem:${outbox.idempotencyKey}`, channel: channel.channel_id, text, incidentId });
    return { channel: sent.channel, ts: sent.ts };
  };
}
