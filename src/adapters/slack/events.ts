import type { App, MessageShortcut } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { runQuery, runUseCase } from '../../app/context.ts';
import { getHomeView, findIncidentOfChannel } from '../../app/slack/home.ts';
import { addMessageToTimelineOnce } from '../../app/slack/submit-once.ts';
import { recordHomeOpened } from '../../app/slack/home-refresh.ts';
import { act, quickLocale, whoIs, type SlackDeps } from './context.ts';
import * as modals from './modals.ts';
import { homeTab } from './now.presenter.ts';
import { slackText } from '../../i18n/slack-messages.ts';

/**
 * Events and message shortcuts: the timeline reaction (`:pushpin:` by default, the playbook's
 * `slack.timelineReaction`) and the shortcut "Add to incident timeline" add a message — in a
 * thread too — to the timeline of the channel's incident, with its author and permalink; the
 * shortcut "Report an incident from this message" opens the report modal prefilled; opening the
 * App Home publishes the user's home tab.
 */

export const SHORTCUTS = {
  addToTimeline: 'hikeshi:add_to_timeline',
  reportFromMessage: 'hikeshi:report_from_message',
} as const;

interface SlackMessage {
  ts?: string;
  text?: string;
  user?: string;
  thread_ts?: string;
}

/** Reads one message, top level (conversations.history) or a thread reply (conversations.replies). */
async function readMessage(client: WebClient, channel: string, ts: string): Promise<SlackMessage | undefined> {
  const history = await client.conversations.history({ channel, latest: ts, oldest: ts, inclusive: true, limit: 1 });
  const top = (history.messages)?.find((m) => m.ts === ts);
  if (top) return top;
  const replies = await client.conversations.replies({ channel, ts, limit: 200 });
  return (replies.messages)?.find((m) => m.ts === ts);
}

async function addToTimeline(
  deps: SlackDeps,
  client: WebClient,
  who: { user: string; channel: string },
  message: SlackMessage & { ts: string },
  announce: boolean,
): Promise<void> {
  const incidentId = await runQuery(deps.app, { userId: 'system:slack', role: 'viewer' }, findIncidentOfChannel, { channelId: who.channel });
  if (!incidentId) {
    if (announce) await act(deps, client, who, (me) => Promise.resolve(slackText(me.locale, 'notInIncidentChannel')));
    return;
  }
  await act(deps, client, who, async (me) => {
    const { permalink } = await client.chat.getPermalink({ channel: who.channel, message_ts: message.ts });
    const isNew = await runUseCase(deps.app, me.actor, addMessageToTimelineOnce, {
      key: `message:${who.channel}:${message.ts}`,
      input: {
        incidentId,
        text: message.text ?? '',
        source: { kind: 'slack', permalink: permalink ?? '', authorSlackId: message.user },
        occurredAt: new Date(Math.floor(Number(message.ts) * 1000)),
      },
    });
    return isNew && announce ? slackText(me.locale, 'pinned') : null;
  });
}

export function registerEvents(bolt: App, deps: SlackDeps): void {
  bolt.event('reaction_added', async ({ event, client }) => {
    const wanted = deps.app.playbooks.current().playbook.slack.timelineReaction.replace(/:/g, '');
    if (event.reaction !== wanted || event.item.type !== 'message') return;
    const { channel, ts } = event.item;
    const incidentId = await runQuery(deps.app, { userId: 'system:slack', role: 'viewer' }, findIncidentOfChannel, { channelId: channel });
    if (!incidentId) return;
    const message = await readMessage(client, channel, ts).catch(() => undefined);
    await addToTimeline(deps, client, { user: event.user, channel }, { ...(message ?? {}), ts }, false);
  });

  bolt.shortcut<MessageShortcut>(SHORTCUTS.addToTimeline, async ({ ack, shortcut, client }) => {
    await ack();
    const message = shortcut.message as SlackMessage & { ts: string };
    await addToTimeline(deps, client, { user: shortcut.user.id, channel: shortcut.channel.id }, message, true);
  });

  bolt.shortcut<MessageShortcut>(SHORTCUTS.reportFromMessage, async ({ ack, shortcut, client }) => {
    await ack();
    const locale = await quickLocale(deps, shortcut.user.id);
    const channel = shortcut.channel.id;
    const ts = shortcut.message.ts;
    // The permalink if Slack gives it quickly; else it is added on submission (the trigger lives 3 s).
    const permalink = await Promise.race([
      client.chat.getPermalink({ channel, message_ts: ts }).then((r) => r.permalink ?? '').catch(() => ''),
      new Promise<string>((resolve) => setTimeout(() => resolve(''), 800).unref()),
    ]);
    const text = (shortcut.message as SlackMessage).text ?? '';
    const firstLine = text.split('\n')[0]?.slice(0, 150) ?? '';
    const summary = permalink ? `${text}\n\n${permalink}` : text;
    const view = modals.reportModal(locale, { channelId: channel, messageTs: ts }, { title: firstLine, summary });
    await client.views.open({ trigger_id: shortcut.trigger_id, view });
  });

  bolt.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    try {
      const who = await whoIs(deps, client, event.user);
      const view = await runQuery(deps.app, who.actor, getHomeView, {});
      await client.views.publish({ user_id: event.user, view: homeTab(view, who.locale, deps.publicUrl) });
      // Remembered, so later changes to what it shows republish it (slack.refresh_home).
      await runUseCase(deps.app, who.actor, recordHomeOpened, { slackUserId: event.user });
    } catch (error) {
      deps.log.warn('slack app home failed', error);
    }
  });
}
