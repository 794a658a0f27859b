import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIEW_CALLBACKS } from '../../src/adapters/slack/action-ids.ts';
import { testDatabaseKinds } from '../support/test-store.ts';
import { input, lastOpenedView, post, postEvent, sign, slashCommand, startSlackTest, submitView, type SlackTest } from './support.ts';

describe.each(testDatabaseKinds())('POST /slack/events on %s', (kind) => {
  let t: SlackTest;
  beforeAll(async () => {
    t = await startSlackTest(kind);
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a bad signature and a stale timestamp with 401, and answers url_verification', async () => {
    const body = JSON.stringify({ token: 'x', challenge: 'c-123', type: 'url_verification' });
    const now = Math.floor(Date.now() / 1000);
    const bad = await post(t, body, 'application/json', { signature: sign(body, now, 'wrong-secret') });
    expect(bad.statusCode).toBe(401);
    expect(bad.json()).toEqual({ error: { code: 'invalid_signature', message: 'The request signature does not match.' } });
    const stale = await post(t, body, 'application/json', { timestamp: now - 6 * 60 });
    expect(stale.statusCode).toBe(401);
    expect(stale.json<{ error: { code: string } }>().error.code).toBe('stale_request');
    const tampered = await post(t, body, 'application/json', { signature: sign(body.replace('c-123', 'c-999'), now) });
    expect(tampered.statusCode).toBe(401);
    const missing = await t.slackApp.inject({ method: 'POST', url: '/slack/events', headers: { 'content-type': 'application/json' }, payload: body });
    expect(missing.statusCode).toBe(401);
    const good = await post(t, body, 'application/json');
    expect(good.statusCode).toBe(200);
    expect(good.json()).toEqual({ challenge: 'c-123' });
    expect(t.slack.calls).toHaveLength(0);
  });

  it('turns three deliveries of one declare submission into one incident', async () => {
    const alice = t.slack.addUser({ name: 'alice', email: 'alice@example.test', realName: 'Alice A', locale: 'en-US' });
    const support = t.slack.addChannel({ name: 'support', members: [alice.id] });
    const opened = await slashCommand(t, alice, support.id, '');
    expect(opened.statusCode).toBe(200);
    expect(opened.body).toBe('');
    await t.adapter.idle();
    const view = lastOpenedView(t);
    expect(view.definition.callback_id).toBe(VIEW_CALLBACKS.declare);
    const values = {
      title: input.text('Checkout fails for every user'),
      summary: input.text('500 on /pay since 10:02'),
      severity: input.select('SEV1'),
      impact: input.text('all buyers'),
      platforms: input.boxes('web'),
      private: input.boxes(),
    };
    const answers = await Promise.all([
      submitView(t, alice, view, values),
      submitView(t, alice, view, values, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } }),
      submitView(t, alice, view, values, { headers: { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' } }),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200]);
    await t.adapter.idle();
    const list = await t.server.app.inject({ method: 'GET', url: '/api/v1/incidents?q=Checkout', headers: t.server.auth(t.server.adminToken) });
    const items = list.json<{ items: { title: string; severity: string; status: string; platforms: string[] }[] }>().items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ title: 'Checkout fails for every user', severity: 'SEV1', status: 'responding', platforms: ['web'] });
    // Alice was provisioned from users.info as a responder, and told once, in the channel.
    const users = await t.server.app.inject({ method: 'GET', url: '/api/v1/users', headers: t.server.auth(t.server.adminToken) });
    const provisioned = users.json<{ items: { name: string; email: string; role: string; slackUserId: string; locale: string | null }[] }>().items.find((u) => u.slackUserId === alice.id);
    expect(provisioned).toMatchObject({ name: 'Alice A', email: 'alice@example.test', role: 'responder', locale: 'en' });
    const told = t.slack.state.channels.get(support.id)?.ephemeral.filter((e) => e.user === alice.id).map((e) => e.text);
    expect(told).toEqual([expect.stringMatching(/^Declared incident #\d+ "Checkout fails for every user"\.$/)]);
  });

  it('acks under 3 s while every Slack call takes 2 s', async () => {
    const bob = t.slack.addUser({ name: 'bob', email: 'bob@example.test', locale: 'ja-JP' });
    const room = t.slack.addChannel({ name: 'room-latency', members: [bob.id] });
    t.slack.injectLatency(2000);
    try {
      const started = performance.now();
      const answer = await slashCommand(t, bob, room.id, 'help');
      const ackMs = performance.now() - started;
      expect(answer.statusCode).toBe(200);
      expect(ackMs).toBeLessThan(1000);
      await t.adapter.idle();
      // users.info (2 s) then the ephemeral help (2 s) happened after the ack, in Japanese.
      expect(t.slack.callsTo('users.info').map((c) => c.args.user)).toContain(bob.id);
      const help = t.slack.state.channels.get(room.id)?.ephemeral.find((e) => e.user === bob.id)?.text ?? '';
      expect(help).toContain('インシデントを宣言するフォームを開く');
    } finally {
      t.slack.injectLatency(0);
    }
  });

  it('reads Events API callbacks and answers 400 to a body that is not Slack', async () => {
    const answer = await postEvent(t, { type: 'reaction_added', user: 'U0NOBODY', reaction: 'thumbsup', item: { type: 'message', channel: 'C0NONE', ts: '1.000100' }, item_user: 'U0NOBODY' });
    expect(answer.statusCode).toBe(200);
    const broken = await post(t, 'payload=%7Bnot-json', 'application/x-www-form-urlencoded');
    expect(broken.statusCode).toBe(400);
  });
});

describe('POST /slack/events without Slack configured', () => {
  it('answers 503 with a JSON error', async () => {
    const t = await startSlackTest('pglite', { configured: false });
    try {
      const answer = await post(t, 'payload=%7B%7D', 'application/x-www-form-urlencoded');
      expect(answer.statusCode).toBe(503);
      expect(answer.json()).toEqual({
        error: { code: 'slack_not_configured', message: 'Slack is not configured: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (see docs/slack.md).' },
      });
    } finally {
      await t.close();
    }
  });
});
