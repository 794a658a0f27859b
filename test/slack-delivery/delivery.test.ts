import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebClient } from '@slack/web-api';
import { createSlackDelivery, slackHandlers } from '../../src/adapters/slack/delivery/index.ts';
import { isValidChannelName } from '../../src/domain/channel-name.ts';
import { createOutboxDispatcher } from '../../src/jobs/outbox-dispatcher.ts';
import { findChannelOfIncident, findSlackMessage } from '../../src/store/slack-channels.ts';
import { testDatabaseKinds } from '../support/test-store.ts';
import { PUBLIC_URL, outboxOf, startHarness, type DeliveryHarness } from './harness.ts';

const channelsNamed = (h: DeliveryHarness, prefix: string) =>
  [...h.slack.state.channels.values()].filter((c) => c.name.startsWith(prefix));

const incidentCreates = (h: DeliveryHarness) =>
  h.slack.callsTo('conversations.create').filter((c) => String(c.args['name']).startsWith('inc-'));

const buttonsOf = (blocks: unknown[] | null): string[] =>
  (blocks ?? []).flatMap((b) => {
    const block = b as { type: string; elements?: { action_id?: string }[] };
    return block.type === 'actions' ? (block.elements ?? []).map((e) => e.action_id ?? '') : [];
  });

describe.each(testDatabaseKinds())('Slack delivery on %s', (kind) => {
  let h: DeliveryHarness;

  beforeEach(async () => {
    h = await startHarness(kind);
  });
  afterEach(async () => {
    await h.close();
  });

  it('declaring makes one channel, invites the people concerned, posts and pins the card, and announces', async () => {
    const alice = h.slack.addUser({ name: 'alice', email: 'alice@example.test' });
    const bob = h.slack.addUser({ name: 'bob' });
    const commander = await h.server.createUser('responder', { slackUserId: alice.id });
    const investigator = await h.server.createUser('responder', { slackUserId: bob.id });
    const incident = await h.declare({
      title: 'Checkout is down',
      summary: 'Payments fail with 500',
      impact: 'All users cannot pay',
      severity: 'SEV2',
      platforms: ['web'],
      commanderId: commander.user.id,
      investigatorId: investigator.user.id,
    });
    // open_channel, announce, and one refresh per initial role (v2, v3: skipped, the card posted
    // by open_channel already shows them). The declare itself asks for no refresh.
    expect(await h.drainAll()).toBe(4);

    expect(incidentCreates(h)).toHaveLength(1);
    const [channel] = channelsNamed(h, 'inc-');
    expect(channel?.name).toBe(`inc-${incident.number}-checkout-is-down`);
    expect(channel?.kind).toBe('public');
    expect(channel?.topic.value).toContain(`${PUBLIC_URL}/incidents/${incident.number}`);
    expect(channel?.bookmarks.map((b) => b.link)).toEqual([`${PUBLIC_URL}/incidents/${incident.number}`]);
    expect([...(channel?.members ?? [])].sort()).toEqual([h.slack.bot.userId, alice.id, bob.id].sort());
    const card = [...(channel?.messages.values() ?? [])];
    expect(card).toHaveLength(1);
    expect(channel?.pins).toEqual([card[0]?.ts]);
    const cardText = JSON.stringify(card[0]?.blocks);
    expect(cardText).toContain(`<@${alice.id}>`);
    expect(cardText).toContain(`<@${bob.id}>`);
    expect(cardText).toContain('多くのユーザーに影響する'); // SEV2's meaning, workspace default locale ja
    expect(buttonsOf(card[0]?.blocks ?? null)).toEqual([
      'hikeshi:post_status_update',
      'hikeshi:record_options',
      'hikeshi:record_decision',
      'hikeshi:record_rollback',
      'hikeshi:record_release',
      'hikeshi:assign_role',
      'hikeshi:change_severity',
      'hikeshi:cancel_incident',
      'hikeshi:open_in_web',
    ]);
    const saved = await findChannelOfIncident(h.server.store.db, incident.id);
    expect(saved).toMatchObject({ channel_id: channel?.id, card_ts: card[0]?.ts, card_version: incident.version });

    const [announcements] = channelsNamed(h, 'incidents');
    const posted = [...(announcements?.messages.values() ?? [])];
    expect(posted).toHaveLength(1);
    expect(posted[0]?.text).toContain(`<#${channel?.id}>`);
    expect((await outboxOf(h, incident.id)).map((r) => r.status)).toEqual(['done', 'done', 'done', 'done']);
    expect(h.slack.callsTo('chat.update')).toHaveLength(0);
    // A second drain finds nothing to do: no second channel, card or announcement.
    expect(await h.drainAll()).toBe(0);
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('gives a Japanese title a valid channel name and takes the next name when one is taken', async () => {
    h.slack.addChannel({ name: 'inc-1', hasBot: false });
    const incident = await h.declare({ title: '決済が全面停止', severity: 'SEV3', impact: '一部' });
    expect(incident.number).toBe(1);
    await h.drainAll();
    const creates = h.slack.callsTo('conversations.create').map((c) => c.args['name']).filter((n) => n !== 'incidents');
    expect(creates).toEqual(['inc-1', 'inc-1-2']);
    expect(creates.every((n) => typeof n === 'string' && isValidChannelName(n))).toBe(true);
    expect((await findChannelOfIncident(h.server.store.db, incident.id))?.channel_name).toBe('inc-1-2');
  });

  it('edits the card after a change from the API instead of posting another', async () => {
    const carol = h.slack.addUser({ name: 'carol' });
    const user = await h.server.createUser('responder', { slackUserId: carol.id });
    const incident = await h.declare({ title: 'Login fails', severity: 'SEV3', platforms: ['ios'] });
    await h.drainAll();
    const res = await h.server.app.inject({
      method: 'PUT',
      url: `/api/v1/incidents/${incident.id}/roles/commander`,
      headers: h.server.auth(h.server.adminToken),
      payload: { userId: user.user.id },
    });
    expect(res.statusCode).toBe(200);
    expect(await h.drainAll()).toBe(2); // the card refresh, and the invitation of the new commander
    const updates = h.slack.callsTo('chat.update');
    expect(updates).toHaveLength(1);
    const saved = await findChannelOfIncident(h.server.store.db, incident.id);
    expect(updates[0]?.args['ts']).toBe(saved?.card_ts);
    expect(saved?.card_version).toBe(incident.version + 1);
    const channel = h.slack.state.channels.get(saved?.channel_id ?? '');
    const card = channel?.messages.get(saved?.card_ts ?? '');
    expect(JSON.stringify(card?.blocks)).toContain(`<@${carol.id}>`);
    // iOS cannot roll back: no rollback button; the commander is set: no "take commander".
    expect(buttonsOf(card?.blocks ?? null)).not.toContain('hikeshi:record_rollback');
    expect(buttonsOf(card?.blocks ?? null)).not.toContain('hikeshi:take_commander');
    expect(channel?.messages.size).toBe(1);
  });

  it('makes a private channel for a private incident and does not announce it', async () => {
    const incident = await h.declare({ title: 'Data leak suspected', severity: 'SEV1', isPrivate: true });
    await h.drainAll();
    const saved = await findChannelOfIncident(h.server.store.db, incident.id);
    expect(saved?.is_private).toBe(true);
    expect(h.slack.state.channels.get(saved?.channel_id ?? '')?.kind).toBe('private');
    expect(h.slack.callsTo('conversations.create')[0]?.args['is_private']).toBe('true');
    expect(channelsNamed(h, 'incidents')).toHaveLength(0);
    expect(channelsNamed(h, 'general').every((c) => c.messages.size === 0)).toBe(true);
  });

  it('offers the SEV1 commander a one-click company-wide announcement by DM', async () => {
    const dave = h.slack.addUser({ name: 'dave' });
    const commander = await h.server.createUser('responder', { slackUserId: dave.id });
    await h.declare({ title: 'Nobody can watch videos', severity: 'SEV1', impact: 'All users', commanderId: commander.user.id });
    await h.drainAll();
    const dm = h.slack.callsTo('chat.postMessage').find((c) => c.args['channel'] === dave.id);
    expect(dm).toBeDefined();
    expect(JSON.stringify(dm?.args['blocks'])).toContain('hikeshi:announce_company_wide');
    expect(String(dm?.args['text'])).toContain('Nobody can watch videos');
  });

  it('honours a 429 with Retry-After exactly, without using up an attempt', async () => {
    h.slack.failNext('conversations.create', { error: 'ratelimited', retryAfterSeconds: 7 });
    const incident = await h.declare({ title: 'Slow pages', severity: 'SEV3' });
    const start = h.server.clock.now().getTime();
    expect(await h.outbox.drain()).toBe(1);
    const [open] = await outboxOf(h, incident.id);
    expect(open).toMatchObject({ topic: 'slack.open_channel', status: 'pending', attempts: 0 });
    expect(open?.available_at.getTime()).toBe(start + 7000);
    h.server.clock.advance(6999);
    await h.drainAll(); // the App Home refresh of the declare falls due meanwhile; the channel does not
    expect(incidentCreates(h)).toHaveLength(1);
    h.server.clock.advance(1);
    await h.drainAll();
    expect(incidentCreates(h)).toHaveLength(2);
    expect(channelsNamed(h, 'inc-')).toHaveLength(1);
    expect((await outboxOf(h, incident.id)).every((r) => r.status === 'done')).toBe(true);
  });

  it('retries a 5xx with backoff', async () => {
    h.slack.failNext('chat.postMessage', { status: 500 });
    const incident = await h.declare({ title: 'Errors', severity: 'SEV3' });
    await h.drainAll();
    const [open] = await outboxOf(h, incident.id);
    expect(open).toMatchObject({ status: 'pending', attempts: 1 });
    expect(open?.last_error).toContain('HTTP 500');
    h.server.clock.advance(1000); // backoff(1) with random 0.5 = 500 ms
    await h.drainAll();
    const saved = await findChannelOfIncident(h.server.store.db, incident.id);
    expect(saved?.card_ts).not.toBeNull();
    expect(incidentCreates(h)).toHaveLength(1);
    expect(h.slack.state.channels.get(saved?.channel_id ?? '')?.messages.size).toBe(1);
  });

  it('gives up on a permanent Slack error with a timeline entry and a visible warning', async () => {
    h.slack.failNext('conversations.create', { error: 'restricted_action' });
    const incident = await h.declare({ title: 'Cannot create channels', severity: 'SEV3' });
    await h.drainAll();
    const rows = await outboxOf(h, incident.id);
    expect(rows[0]).toMatchObject({ topic: 'slack.open_channel', status: 'failed', attempts: 1 });
    const timeline = await h.server.app.inject({ url: `/api/v1/incidents/${incident.id}/timeline`, headers: h.server.auth(h.server.adminToken) });
    const failed = timeline.json<{ items: { type: string; data: { topic: string } }[] }>().items.filter((i) => i.type === 'outbox.failed');
    expect(failed.map((f) => f.data.topic)).toEqual(['slack.open_channel']);
    for (const url of [`/api/v1/incidents/${incident.id}`, `/api/v1/incidents/${incident.id}/now`]) {
      const res = await h.server.app.inject({ url, headers: { ...h.server.auth(h.server.adminToken), 'accept-language': 'en' } });
      const warnings = res.json<{ warnings: { code: string; topic?: string; message: string }[] }>().warnings;
      expect(warnings).toEqual([
        expect.objectContaining({ code: 'delivery_failed', topic: 'slack.open_channel', message: expect.stringContaining('restricted_action') as unknown }),
      ]);
    }
    // The card refresh behind it does not post a card into a channel that does not exist.
    expect(h.slack.callsTo('chat.postMessage').filter((c) => String(c.args['channel']).startsWith('inc'))).toHaveLength(0);
  });

  it('adopts the channel an attempt created when its answer was lost', async () => {
    // The first attempt's client gives up at 200 ms; Slack (the emulator) still creates the channel.
    const impatient = createSlackDelivery({
      client: new WebClient(h.slack.botToken, { slackApiUrl: h.slack.url, retryConfig: { retries: 0 }, timeout: 200, rejectRateLimitedCalls: true }),
      app: h.server.deps.app,
      publicUrl: PUBLIC_URL,
    });
    const first = createOutboxDispatcher({ db: h.server.store.db, clock: h.server.clock, logger: h.logger, random: () => 0.5, handlers: slackHandlers(impatient) });
    h.slack.injectLatency(400, ['conversations.create']);
    const incident = await h.declare({ title: 'Lost answer', severity: 'SEV3' });
    expect(await first.drain()).toBe(1);
    await first.stop();
    await new Promise((resolve) => setTimeout(resolve, 500));
    h.slack.injectLatency(0);
    expect(channelsNamed(h, 'inc-')).toHaveLength(1); // created, but hikeshi does not know its id
    expect(await findChannelOfIncident(h.server.store.db, incident.id)).toBeUndefined();
    h.server.clock.advance(1000);
    await h.drainAll();
    expect(channelsNamed(h, 'inc-')).toHaveLength(1);
    const saved = await findChannelOfIncident(h.server.store.db, incident.id);
    expect(saved?.channel_id).toBe(channelsNamed(h, 'inc-')[0]?.id);
    expect(h.slack.state.channels.get(saved?.channel_id ?? '')?.messages.size).toBe(1);
  });

  it('archives the channel when the incident is canceled, after a last card update', async () => {
    const incident = await h.declare({ title: 'False alarm', severity: 'SEV3' });
    await h.drainAll();
    const res = await h.server.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${incident.id}/status`,
      headers: h.server.auth(h.server.adminToken),
      payload: { status: 'canceled', note: 'monitoring glitch' },
    });
    expect(res.statusCode).toBe(200);
    await h.drainAll();
    const saved = await findChannelOfIncident(h.server.store.db, incident.id);
    const channel = h.slack.state.channels.get(saved?.channel_id ?? '');
    expect(channel?.isArchived).toBe(true);
    expect(saved?.archived_at).not.toBeNull();
    const card = channel?.messages.get(saved?.card_ts ?? '');
    expect(JSON.stringify(card?.blocks)).toContain('monitoring glitch');
    expect(buttonsOf(card?.blocks ?? null)).toEqual(['hikeshi:open_in_web']);
  });

  it('posts a report to the triage channel once and edits it as the report moves on', async () => {
    const created = await h.server.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: h.server.auth(h.server.adminToken),
      payload: { source: 'inquiry', title: 'User cannot log in', description: 'From support' },
    });
    expect(created.statusCode).toBe(201);
    const report = created.json<{ id: string }>();
    await h.drainAll();
    const saved = await findSlackMessage(h.server.store.db, 'default', `report:${report.id}`);
    const triage = h.slack.state.channels.get(saved?.channel_id ?? '');
    expect(triage?.name).toBe('incidents');
    expect(buttonsOf(triage?.messages.get(saved?.ts ?? '')?.blocks ?? null)).toEqual([
      'hikeshi:claim_report',
      'hikeshi:declare_from_report',
      'hikeshi:dismiss_report',
    ]);
    const claimed = await h.server.app.inject({ method: 'POST', url: `/api/v1/reports/${report.id}/claim`, headers: h.server.auth(h.server.adminToken) });
    expect(claimed.statusCode).toBe(200);
    await h.drainAll();
    expect(triage?.messages.size).toBe(1);
    expect(h.slack.callsTo('chat.update')).toHaveLength(1);
    expect(buttonsOf(triage?.messages.get(saved?.ts ?? '')?.blocks ?? null)).toEqual(['hikeshi:declare_from_report', 'hikeshi:dismiss_report']);
  });

  it('never posts a report that was not posted when it changes (edits only)', async () => {
    const created = await h.server.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: h.server.auth(h.server.adminToken),
      payload: { source: 'inquiry', title: 'Recorded only', description: 'Not for the triage channel' },
    });
    const report = created.json<{ id: string }>();
    // As if the first post was never wanted: its row is settled before any worker sees it.
    await h.server.store.db
      .updateTable('outbox')
      .set({ status: 'done' })
      .where('topic', '=', 'slack.post_report')
      .where('status', '=', 'pending')
      .execute();
    const before = h.slack.callsTo('chat.postMessage').length;
    const claimed = await h.server.app.inject({ method: 'POST', url: `/api/v1/reports/${report.id}/claim`, headers: h.server.auth(h.server.adminToken) });
    expect(claimed.statusCode).toBe(200);
    await h.drainAll();
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(before);
    expect(await findSlackMessage(h.server.store.db, 'default', `report:${report.id}`)).toBeUndefined();
  });

  it('shows the incident’s channel in its detail once created (null before)', async () => {
    const incident = await h.declare({ title: 'Channel link', severity: 'SEV3', platforms: ['web'] });
    const get = () => h.server.app.inject({ method: 'GET', url: `/api/v1/incidents/${incident.id}`, headers: h.server.auth(h.server.adminToken) });
    expect((await get()).json<{ slackChannel: unknown }>().slackChannel).toBeNull();
    await h.drainAll();
    const saved = await findChannelOfIncident(h.server.store.db, incident.id);
    expect((await get()).json<{ slackChannel: unknown }>().slackChannel).toEqual({
      id: saved?.channel_id,
      name: saved?.channel_name,
      archived: false,
      url: `https://slack.com/app_redirect?channel=${saved?.channel_id ?? ''}`,
    });
  });

  it('keeps the card within Block Kit limits for a very long incident', async () => {
    const long = 'x'.repeat(5000);
    const incident = await h.declare({ title: 'T'.repeat(200), summary: long, impact: long, severity: 'SEV1', platforms: ['web', 'ios', 'android'] });
    await h.drainAll();
    const saved = await findChannelOfIncident(h.server.store.db, incident.id);
    expect(saved?.card_ts).toBeTruthy();
    expect((await outboxOf(h, incident.id)).every((r) => r.status === 'done')).toBe(true);
  });
});
