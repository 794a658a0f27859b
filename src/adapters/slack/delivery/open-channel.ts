import { channelName } from '../../../domain/channel-name.ts';
import { isFinished } from '../../../domain/incident.ts';
import { findSeverity } from '../../../domain/playbook.ts';
import { slackText } from '../../../i18n/slack-messages.ts';
import { PermanentError } from '../../../jobs/errors.ts';
import type { OutboxHandler } from '../../../jobs/outbox-dispatcher.ts';
import {
  channelAttempts,
  findChannelOfIncident,
  incidentOfChannelId,
  markChannelStep,
  recordChannelAttempt,
  saveBookmark,
  saveChannel,
  type SlackChannelRow,
} from '../../../store/slack-channels.ts';
import { cut } from '../blocks/mrkdwn.ts';
import { callSlack, isAccepted } from '../web-client.ts';
import { putCard, pinCard } from './card.ts';
import { findChannelByName } from './channels.ts';
import { incidentIdOf, loadIncidentForSlack, type IncidentForSlack, type SlackDelivery } from './context.ts';
import { inviteResponders } from './invite.ts';

/** `name_taken` this many times in a row: something is wrong with the template or the workspace. */
const MAX_NAME_ATTEMPTS = 50;
/** conversations.setTopic refuses more than 250 characters (`too_long`). */
const TOPIC_MAX = 250;

/**
 * `slack.open_channel`: the incident's dedicated channel. Each step is recorded as it is done, so
 * a retry (after a crash, a timeout, a 429) picks up where the last attempt stopped: create or
 * adopt the channel, set its topic, bookmark the incident's page, invite the people concerned,
 * post and pin the card.
 */
export function openChannel(delivery: SlackDelivery): OutboxHandler {
  return async (outbox) => {
    const incidentId = incidentIdOf(outbox);
    const incident = await loadIncidentForSlack(delivery, incidentId);
    let channel = await findChannelOfIncident(delivery.app.db, incidentId);
    if (!channel && isFinished(incident.status)) return { skipped: 'incident finished before its channel was made' };
    channel ??= await createOrAdopt(delivery, incident);
    if (!channel.topic_set_at) await setTopic(delivery, incident, channel);
    if (!channel.bookmark_id) await addBookmark(delivery, incident, channel);
    let invited: string[] = [];
    if (!channel.invited_at) {
      invited = await inviteResponders(delivery, incident, channel.channel_id);
      await markChannelStep(delivery.app.db, incidentId, 'invited_at', delivery.app.clock.now());
    }
    const card = channel.card_ts
      ? (await pinCard(delivery, channel), { ts: channel.card_ts })
      : await putCard(delivery, incident, channel);
    return { channelId: channel.channel_id, channelName: channel.channel_name, cardTs: card.ts, invited };
  };
}

/**
 * Creates the channel, or adopts the one an earlier attempt created and could not record. Every
 * name is recorded before conversations.create is called; `name_taken` for a name we asked for
 * before means that attempt may have succeeded, so the channel of that name is looked up and
 * adopted when our bot created it and no other incident owns it. Otherwise the next name
 * (`-2`, `-3`…) is tried.
 */
async function createOrAdopt(delivery: SlackDelivery, incident: IncidentForSlack): Promise<SlackChannelRow> {
  const { db, clock } = delivery.app;
  const { row } = incident.detail;
  const isPrivate = row.is_private;
  const tried = new Set(await channelAttempts(db, row.id));
  for (let attempt = 0; attempt < MAX_NAME_ATTEMPTS; attempt++) {
    const name = channelName(incident.playbook.slack.channelNameTemplate, { number: row.number, title: row.title, severity: row.severity }, attempt);
    if (tried.has(name)) {
      const ours = await findOwnChannel(delivery, row.id, name, isPrivate);
      if (ours) return save(delivery, row.id, ours, name, isPrivate);
    }
    await recordChannelAttempt(db, { incident_id: row.id, name, is_private: isPrivate, tried_at: clock.now() });
    const created = await callSlack(
      'conversations.create',
      () => delivery.client.conversations.create({ name, is_private: isPrivate }),
      ['name_taken'],
    );
    if (isAccepted(created)) continue;
    const id = created.channel?.id;
    if (!id) throw new Error('conversations.create answered without a channel id');
    return save(delivery, row.id, id, created.channel?.name ?? name, isPrivate);
  }
  throw new PermanentError(`no free channel name after ${MAX_NAME_ATTEMPTS} tries (name_taken)`);
}

/** The channel named `name` if our bot created it and it belongs to no other incident. */
async function findOwnChannel(delivery: SlackDelivery, incidentId: string, name: string, isPrivate: boolean): Promise<string | undefined> {
  const found = await findChannelByName(delivery, name, { types: isPrivate ? 'private_channel' : 'public_channel' });
  if (!found || found.isArchived) return undefined;
  if (found.creator !== (await delivery.botUserId())) return undefined;
  const owner = await incidentOfChannelId(delivery.app.db, found.id);
  return owner === undefined || owner === incidentId ? found.id : undefined;
}

async function save(delivery: SlackDelivery, incidentId: string, channelId: string, name: string, isPrivate: boolean): Promise<SlackChannelRow> {
  return saveChannel(delivery.app.db, {
    incident_id: incidentId,
    workspace_id: delivery.app.workspaceId,
    channel_id: channelId,
    channel_name: name,
    is_private: isPrivate,
    created_at: delivery.app.clock.now(),
  });
}

async function setTopic(delivery: SlackDelivery, incident: IncidentForSlack, channel: SlackChannelRow): Promise<void> {
  const { row } = incident.detail;
  const severity = row.severity ? findSeverity(incident.playbook, row.severity)?.name[incident.locale] ?? row.severity : '';
  const topic = slackText(incident.locale, 'channelTopic', {
    severity,
    number: row.number,
    title: row.title,
    status: incident.status,
    url: incident.url,
  }).trim();
  // Keep the link whole: cut the title part if the topic is too long.
  const text = topic.length <= TOPIC_MAX ? topic : `${cut(topic.slice(0, topic.length - incident.url.length - 1), TOPIC_MAX - incident.url.length - 1)} ${incident.url}`;
  await callSlack('conversations.setTopic', () => delivery.client.conversations.setTopic({ channel: channel.channel_id, topic: text }));
  await markChannelStep(delivery.app.db, row.id, 'topic_set_at', delivery.app.clock.now());
}

async function addBookmark(delivery: SlackDelivery, incident: IncidentForSlack, channel: SlackChannelRow): Promise<void> {
  const { row } = incident.detail;
  const result = await callSlack('bookmarks.add', () =>
    delivery.client.bookmarks.add({
      channel_id: channel.channel_id,
      title: slackText(incident.locale, 'bookmarkTitle', { number: row.number }),
      type: 'link',
      link: incident.url,
      emoji: ':fire:',
    }),
  );
  const id = isAccepted(result) ? undefined : result.bookmark?.id;
  await saveBookmark(delivery.app.db, row.id, id ?? 'added');
}
