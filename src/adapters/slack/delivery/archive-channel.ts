import type { OutboxHandler } from '../../../jobs/outbox-dispatcher.ts';
import { findChannelOfIncident, markChannelArchived } from '../../../store/slack-channels.ts';
import { callSlack } from '../web-client.ts';
import { putCard } from './card.ts';
import { incidentIdOf, loadIncidentForSlack, type SlackDelivery } from './context.ts';

/**
 * `slack.archive_channel`: the incident closed or was canceled; its channel is archived (the card
 * was refreshed first: the row before this one). Archiving an archived channel is fine.
 */
export function archiveChannel(delivery: SlackDelivery): OutboxHandler {
  return async (outbox) => {
    const incidentId = incidentIdOf(outbox);
    const channel = await findChannelOfIncident(delivery.app.db, incidentId);
    if (!channel) return { skipped: 'no channel' };
    if (!channel.archived_at) {
      // The card's last state (closed / canceled) before the channel goes read-only.
      if (channel.card_ts) await putCard(delivery, await loadIncidentForSlack(delivery, incidentId), channel);
      await callSlack('conversations.archive', () => delivery.client.conversations.archive({ channel: channel.channel_id }), ['already_archived']);
      await markChannelArchived(delivery.app.db, incidentId, delivery.app.clock.now());
    }
    return { channelId: channel.channel_id, archived: true };
  };
}
