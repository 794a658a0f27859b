import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/adapters/http/server.ts';
import { mountSlack, type SlackAdapter } from '../../src/adapters/slack/slack-app.ts';
import type { SlackConfig } from '../../src/config/env.ts';
import { saveChannel } from '../../src/store/slack-channels.ts';
import { startSlackEmulator, type SlackEmulator, type SlackUser } from '../slack-emulator/index.ts';
import type { StoreKind } from '../support/test-store.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * A hikeshi server with Slack mounted at `POST /slack/events` against the Web API emulator, and
 * builders of the payloads Slack really sends (shapes from docs.slack.dev: slash command form
 * bodies, interactivity `payload=` forms, Events API JSON), signed with the signing secret.
 */

export const SIGNING_SECRET = 'test-signing-secret-8f14e45fceea167a';

export interface SlackTest {
  server: TestServer;
  /** The Fastify instance serving `/slack/events` (same database and deps as `server`). */
  slackApp: FastifyInstance;
  slack: SlackEmulator;
  adapter: SlackAdapter;
  warnings: string[];
  close(): Promise<void>;
}

export async function startSlackTest(kind: StoreKind, options: { configured?: boolean } = {}): Promise<SlackTest> {
  const server = await startTestServer(kind);
  const slack = await startSlackEmulator();
  const config: SlackConfig = {
    botToken: slack.botToken,
    signingSecret: SIGNING_SECRET,
    appToken: undefined,
    apiUrl: slack.url,
    newUserRole: 'responder',
  };
  let adapter: SlackAdapter | undefined;
  const warnings: string[] = [];
  const slackApp = await buildServer(server.deps, [], {
    logLevel: 'silent',
    beforeRoutes: (app) => {
      adapter = mountSlack(app, {
        config: options.configured === false ? null : config,
        deps: { app: server.deps.app, publicUrl: 'http://hikeshi.test', newUserRole: 'responder' },
        log: { warn: (message, error) => warnings.push(`${message}: ${error instanceof Error ? error.message : JSON.stringify(error ?? null)}`) },
      });
    },
  });
  if (!adapter) throw new Error('Slack was not mounted');
  const mounted = adapter;
  return {
    server,
    slackApp,
    slack,
    adapter: mounted,
    warnings,
    async close() {
      await mounted.stop();
      await slackApp.close();
      await slack.close();
      await server.close();
    },
  };
}

export function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SendOptions {
  timestamp?: number;
  signature?: string;
  headers?: Record<string, string>;
}

/** POSTs a raw body to /slack/events, signed unless a signature is given. */
export async function post(t: SlackTest, body: string, contentType: string, options: SendOptions = {}) {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return t.slackApp.inject({
    method: 'POST',
    url: '/slack/events',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? sign(body, timestamp),
      ...options.headers,
    },
    payload: body,
  });
}

/** An interactivity payload (block_actions, view_submission, message_action) as Slack posts it. */
export function postPayload(t: SlackTest, payload: object, options: SendOptions = {}) {
  return post(t, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded', options);
}

/** An Events API callback as Slack posts it. */
export function postEvent(t: SlackTest, event: Record<string, unknown>, options: SendOptions = {}) {
  const body = {
    token: 'legacy-unused',
    team_id: t.slack.state.team.id,
    api_app_id: t.slack.bot.appId,
    event: { event_ts: `${Math.floor(Date.now() / 1000)}.000100`, ...event },
    type: 'event_callback',
    event_id: `Ev${Math.random().toString(36).slice(2, 12).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: t.slack.state.team.id, user_id: t.slack.bot.userId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
  return post(t, JSON.stringify(body), 'application/json', options);
}

/** The fields of a slash command, as Slack posts them (a form) or puts them in a Socket Mode envelope. */
export function slashCommandFields(t: Pick<SlackTest, 'slack'>, user: SlackUser, channelId: string, text: string): Record<string, string> {
  return {
    token: 'legacy-unused',
    team_id: t.slack.state.team.id,
    team_domain: t.slack.state.team.domain,
    channel_id: channelId,
    channel_name: t.slack.state.channels.get(channelId)?.name ?? 'unknown',
    user_id: user.id,
    user_name: user.name,
    command: '/incident',
    text,
    api_app_id: t.slack.bot.appId,
    is_enterprise_install: 'false',
    response_url: 'https://hooks.slack.com/commands/T0/1/abc',
    trigger_id: t.slack.issueTriggerId(),
  };
}

/** A slash command as Slack posts it (form fields). */
export function slashCommand(t: SlackTest, user: SlackUser, channelId: string, text: string, options: SendOptions = {}) {
  return post(t, new URLSearchParams(slashCommandFields(t, user, channelId, text)).toString(), 'application/x-www-form-urlencoded', options);
}

function team(t: Pick<SlackTest, 'slack'>) {
  return { id: t.slack.state.team.id, domain: t.slack.state.team.domain };
}

function userOf(user: SlackUser) {
  return { id: user.id, username: user.name, name: user.name, team_id: 'T0' };
}

/** A button click on a hikeshi message in `channelId`. */
export function clickButton(t: SlackTest, user: SlackUser, channelId: string, actionId: string, value: object) {
  return postPayload(t, {
    type: 'block_actions',
    user: userOf(user),
    api_app_id: t.slack.bot.appId,
    token: 'legacy-unused',
    container: { type: 'message', message_ts: '1743465600.000100', channel_id: channelId, is_ephemeral: false },
    trigger_id: t.slack.issueTriggerId(),
    team: team(t),
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channelId, name: t.slack.state.channels.get(channelId)?.name ?? '' },
    message: { type: 'message', ts: '1743465600.000100', text: 'card' },
    state: { values: {} },
    response_url: 'https://hooks.slack.com/actions/T0/1/abc',
    actions: [
      {
        action_id: actionId,
        block_id: 'card_actions',
        text: { type: 'plain_text', text: 'button', emoji: true },
        value: JSON.stringify(value),
        type: 'button',
        action_ts: `${Math.floor(Date.now() / 1000)}.000200`,
      },
    ],
  });
}

/** The modal last opened with views.open, as the emulator stores it. */
export function lastOpenedView(t: Pick<SlackTest, 'slack'>): { id: string; hash: string; definition: Record<string, unknown> } {
  const calls = t.slack.callsTo('views.open').filter((c) => (c.response as { ok?: boolean }).ok);
  const last = calls[calls.length - 1];
  if (!last) throw new Error('no modal was opened');
  const view = (last.response as unknown as { view: { id: string; hash: string } }).view;
  const stored = t.slack.state.views.get(view.id);
  if (!stored) throw new Error(`view ${view.id} is not stored`);
  return { id: stored.id, hash: stored.hash, definition: stored.definition };
}

/** Field values in `view.state.values` shape: `{ block: { value: { type, …value } } }`. */
export type StateValues = Record<string, Record<string, unknown>>;

export const input = {
  text: (value: string) => ({ value: { type: 'plain_text_input', value } }),
  select: (value: string) => ({ value: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: value }, value } } }),
  boxes: (...values: string[]) => ({ value: { type: 'checkboxes', selected_options: values.map((v) => ({ text: { type: 'plain_text', text: v }, value: v })) } }),
  user: (id: string) => ({ value: { type: 'users_select', selected_user: id } }),
  date: (value: string) => ({ value: { type: 'datepicker', selected_date: value } }),
};

/** Submits the given opened modal with these values, as Slack's view_submission. */
export function submitView(t: SlackTest, user: SlackUser, view: { id: string; hash: string; definition: Record<string, unknown> }, values: StateValues, options: SendOptions = {}) {
  return postPayload(t, viewSubmissionPayload(t, user, view, values), options);
}

/** The view_submission payload of the given opened modal with these values. */
export function viewSubmissionPayload(t: Pick<SlackTest, 'slack'>, user: SlackUser, view: { id: string; hash: string; definition: Record<string, unknown> }, values: StateValues): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: team(t),
    user: userOf(user),
    api_app_id: t.slack.bot.appId,
    token: 'legacy-unused',
    trigger_id: t.slack.issueTriggerId(),
    view: {
      id: view.id,
      team_id: t.slack.state.team.id,
      type: 'modal',
      blocks: view.definition.blocks,
      private_metadata: view.definition.private_metadata ?? '',
      callback_id: view.definition.callback_id,
      state: { values },
      hash: view.hash,
      title: view.definition.title,
      clear_on_close: false,
      notify_on_close: false,
      close: view.definition.close ?? null,
      submit: view.definition.submit ?? null,
      previous_view_id: null,
      root_view_id: view.id,
      app_id: t.slack.bot.appId,
      external_id: '',
      app_installed_team_id: t.slack.state.team.id,
      bot_id: t.slack.bot.botId,
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** A message shortcut on a message. */
export function messageShortcut(t: SlackTest, user: SlackUser, channelId: string, callbackId: string, message: { ts: string; text: string; user: string; thread_ts?: string }) {
  return postPayload(t, {
    type: 'message_action',
    token: 'legacy-unused',
    action_ts: `${Math.floor(Date.now() / 1000)}.000300`,
    team: team(t),
    user: userOf(user),
    channel: { id: channelId, name: t.slack.state.channels.get(channelId)?.name ?? '' },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: callbackId,
    trigger_id: t.slack.issueTriggerId(),
    response_url: 'https://hooks.slack.com/app/T0/1/abc',
    message_ts: message.ts,
    message: { type: 'message', ...message },
  });
}

/** Links an emulator channel to an incident, as the channel delivery does once it created it. */
export async function linkChannel(t: SlackTest, incidentId: string, channelId: string): Promise<void> {
  await saveChannel(t.server.store.db, {
    incident_id: incidentId,
    workspace_id: 'default',
    channel_id: channelId,
    channel_name: t.slack.state.channels.get(channelId)?.name ?? 'inc',
    is_private: false,
    created_at: new Date(),
  });
}

/** Ephemeral texts `userId` got in a channel. */
export function ephemeralTexts(t: SlackTest, channelId: string, userId: string): string[] {
  return (t.slack.state.channels.get(channelId)?.ephemeral ?? []).filter((e) => e.user === userId).map((e) => e.text);
}

/** Outbox rows of a topic (what the delivery side will post). */
export async function outboxOf(t: SlackTest, topic: string) {
  const rows = await t.server.store.db.selectFrom('outbox').select(['topic', 'payload', 'idempotency_key']).where('topic', '=', topic).execute();
  return rows.map((r) => ({ ...r, payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, unknown> }));
}
