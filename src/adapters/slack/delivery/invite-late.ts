import { RetryLaterError } from '../../../jobs/errors.ts';
import type { OutboxHandler } from '../../../jobs/outbox-dispatcher.ts';
import { findChannelOfIncident } from '../../../store/slack-channels.ts';
import { incidentIdOf, loadIncidentForSlack, type SlackDelivery } from './context.ts';
import { inviteResponders } from './invite.ts';
import { openChannelState } from './pending.ts';

const WAIT_FOR_CHANNEL_MS = 2_000;

/**
 * `slack.invite`: after a change that concerns more people (a role assigned, a severity or
 * platforms that make the playbook's responder rules pick more), invites everyone concerned now
 * into the incident's channel. Those already in are harmless (`already_in_channel`). Before the
 * channel exists it waits while the channel is being made (whose setup may have read the incident
 * before the change); with no channel coming (triage) there is nothing to do.
 */
export function inviteLate(delivery: SlackDelivery): OutboxHandler {
  return async (outbox) => {
    const incidentId = incidentIdOf(outbox);
    const channel = await findChannelOfIncident(delivery.app.db, incidentId);
    if (!channel) {
      const state = await openChannelState(delivery, incidentId);
      if (state === 'pending') throw new RetryLaterError(WAIT_FOR_CHANNEL_MS, 'the channel is not made yet');
      return { skipped: 'no channel' };
    }
    if (channel.archived_at) return { skipped: 'channel archived' };
    const incident = await loadIncidentForSlack(delivery, incidentId);
    const users = await inviteResponders(delivery, incident, channel.channel_id);
    return { channel: channel.channel_id, asked: users.length };
  };
}
