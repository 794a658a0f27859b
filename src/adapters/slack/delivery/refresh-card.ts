import { RetryLaterError } from '../../../jobs/errors.ts';
import type { OutboxHandler } from '../../../jobs/outbox-dispatcher.ts';
import { findChannelOfIncident } from '../../../store/slack-channels.ts';
import { putCard } from './card.ts';
import { incidentIdOf, loadIncidentForSlack, type SlackDelivery } from './context.ts';
import { openChannelState } from './pending.ts';

/** How long a refresh waits for the channel to be made before looking again. */
const WAIT_FOR_CHANNEL_MS = 2_000;

/**
 * `slack.refresh_card`: edits the pinned card to show the incident as it is now. A refresh for a
 * version older than the card's is skipped (the card already shows more). Before the channel
 * exists there is no card to edit: the refresh waits while the channel is still being made, and
 * is skipped when none is coming (triage, or the channel failed), never posting a second card.
 */
export function refreshCard(delivery: SlackDelivery): OutboxHandler {
  return async (outbox) => {
    const incidentId = incidentIdOf(outbox);
    const version = typeof outbox.payload['version'] === 'number' ? outbox.payload['version'] : 0;
    const channel = await findChannelOfIncident(delivery.app.db, incidentId);
    if (!channel?.card_ts) {
      const state = await openChannelState(delivery, incidentId);
      if (state === 'pending') throw new RetryLaterError(WAIT_FOR_CHANNEL_MS, 'the channel is not made yet');
      if (!channel) return { skipped: state === 'failed' ? 'channel failed' : 'no channel' };
    }
    if (channel.archived_at) return { skipped: 'channel archived' };
    if (channel.card_version !== null && version < channel.card_version) return { skipped: 'older than the card' };
    const incident = await loadIncidentForSlack(delivery, incidentId);
    // `force`: a timer ran out (the watch window): the card's blockers changed, its version did not.
    const isForced = outbox.payload['force'] === true;
    if (!isForced && channel.card_ts && channel.card_version !== null && incident.detail.row.version <= channel.card_version)
      return { skipped: 'card up to date' };
    const card = await putCard(delivery, incident, channel);
    return { cardTs: card.ts, version: incident.detail.row.version };
  };
}
