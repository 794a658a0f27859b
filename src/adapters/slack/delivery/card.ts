import { PermanentError } from '../../../jobs/errors.ts';
import { findChannelOfIncident, markChannelStep, saveCard, type SlackChannelRow } from '../../../store/slack-channels.ts';
import { callSlack, isAccepted } from '../web-client.ts';
import { cardOf, type IncidentForSlack, type SlackDelivery } from './context.ts';
import { postOnce, settlePost } from './post-once.ts';

/**
 * Posts the incident card in its channel, or edits the one posted before: the card's ts is saved
 * right after chat.postMessage answers (a crash in between: `postOnce` finds the card by its
 * metadata), so every later change is a chat.update of that message.
 * A card whose message is gone (deleted by someone) is posted again. Returns the card's ts.
 */
export async function putCard(
  delivery: SlackDelivery,
  incident: IncidentForSlack,
  channel: SlackChannelRow,
): Promise<{ ts: string; posted: boolean; skipped?: string }> {
  const { db } = delivery.app;
  const version = incident.detail.row.version;
  const content = cardOf(incident);
  if (channel.card_ts) {
    if (channel.card_version !== null && channel.card_version > version)
      return { ts: channel.card_ts, posted: false, skipped: 'newer card' };
    const updated = await callSlack(
      'chat.update',
      () => delivery.client.chat.update({ channel: channel.channel_id, ts: channel.card_ts ?? '', text: content.text, blocks: content.blocks }),
      ['message_not_found'],
    );
    if (!isAccepted(updated)) {
      await saveCard(db, channel.incident_id, channel.card_ts, version);
      return { ts: channel.card_ts, posted: false };
    }
  }
  const purpose = `card:${channel.incident_id}`;
  const posted = await postOnce(delivery, { purpose, channel: channel.channel_id, text: content.text, blocks: content.blocks });
  await forceCard(delivery, channel.incident_id, posted.ts, version);
  await settlePost(delivery, purpose);
  await pinCard(delivery, { ...channel, card_ts: posted.ts, card_pinned_at: null });
  return { ts: posted.ts, posted: posted.isPosted };
}

/** Records a newly posted card (replacing a lost one: its version may be below the old one's). */
async function forceCard(delivery: SlackDelivery, incidentId: string, ts: string, version: number): Promise<void> {
  await delivery.app.db
    .updateTable('slack_channels')
    .set({ card_ts: ts, card_version: version, card_pinned_at: null })
    .where('incident_id', '=', incidentId)
    .execute();
}

/** Pins the card once (`already_pinned` is fine). */
export async function pinCard(delivery: SlackDelivery, channel: SlackChannelRow): Promise<void> {
  if (!channel.card_ts || channel.card_pinned_at) return;
  const ts = channel.card_ts;
  await callSlack('pins.add', () => delivery.client.pins.add({ channel: channel.channel_id, timestamp: ts }), ['already_pinned']);
  await markChannelStep(delivery.app.db, channel.incident_id, 'card_pinned_at', delivery.app.clock.now());
}

/** The incident's channel row, which must exist by now. */
export async function requireChannel(delivery: SlackDelivery, incidentId: string): Promise<SlackChannelRow> {
  const channel = await findChannelOfIncident(delivery.app.db, incidentId);
  if (!channel) throw new PermanentError(`incident ${incidentId} has no Slack channel`);
  return channel;
}
