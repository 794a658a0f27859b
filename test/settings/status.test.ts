import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueOutbox, type OutboxTopic } from '../../src/store/outbox.ts';
import { startTestServer, TEST_START, type TestServer } from '../support/test-server.ts';
import { testDatabaseKinds } from '../support/test-store.ts';
import { startSlackEmulator, type SlackEmulator } from '../slack-emulator/index.ts';

/** The settings page's status endpoints: Slack (auth.test, scopes, outbox) and outbound webhooks. */
describe.each(testDatabaseKinds())('status API (%s)', (kind) => {
  let server: TestServer;
  let slack: SlackEmulator;

  beforeAll(async () => {
    server = await startTestServer(kind);
    slack = await startSlackEmulator();
  });
  afterAll(async () => {
    await server.close();
    await slack.close();
  });

  const get = async <T>(url: string) => {
    const response = await server.app.inject({ method: 'GET', url, headers: server.auth(server.adminToken) });
    expect(response.statusCode).toBe(200);
    return response.json<T>();
  };

  /** An outbox row of `topic`, then moved to `status` with `error`. */
  async function effect(topic: OutboxTopic, status: 'pending' | 'failed' | 'done', options: { error?: string; payload?: Record<string, unknown>; at?: Date } = {}) {
    const id = randomUUID();
    const at = options.at ?? server.clock.now();
    await enqueueOutbox(server.store.db, { id, workspaceId: 'default', topic, idempotencyKey: `test:${id}`, payload: options.payload ?? {}, at });
    if (status !== 'pending') {
      await server.store.db
        .updateTable('outbox')
        .set({ status, last_error: options.error ?? null, delivered_at: status === 'done' ? at : null })
        .where('id', '=', id)
        .execute();
    }
  }

  it('says Slack is not configured, with no check, and counts its deliveries', async () => {
    await effect('slack.announce', 'pending');
    await effect('slack.open_channel', 'pending');
    await effect('slack.refresh_card', 'failed', { error: 'channel_not_found' });
    await effect('slack.announce', 'failed', { error: 'too old', at: new Date(TEST_START.getTime() - 8 * 24 * 3600_000) });
    await effect('slack.announce', 'done');
    await effect('webhook.deliver', 'pending', { payload: { event: 'action.created' } });
    const body = await get('/api/v1/status/slack');
    expect(body).toEqual({
      configured: false,
      signingSecretSet: false,
      socketMode: false,
      check: null,
      outbox: { pending: 2, failed: 1, failedWindowDays: 7, lastFailure: { topic: 'slack.refresh_card', error: 'channel_not_found', at: TEST_START.toISOString() } },
    });
  });

  it('names the bot and team and the missing scopes, asking auth.test once a minute at most', async () => {
    const token = slack.addToken({ scopes: ['chat:write', 'commands', 'users:read'] });
    server.deps.config.slack = { botToken: token, signingSecret: 'secret', appToken: undefined, apiUrl: slack.url, newUserRole: 'responder' };
    const before = slack.callsTo('auth.test').length;
    const body = await get<{ check: Record<string, unknown> }>('/api/v1/status/slack');
    expect(body).toMatchObject({ configured: true, signingSecretSet: true, socketMode: false });
    expect(body.check).toMatchObject({ outcome: 'ok', checkedAt: TEST_START.toISOString(), grantedScopeCount: 3, wantedScopeCount: 18, problem: null });
    expect(body.check['missingScopes']).toHaveLength(15);
    expect(body.check['missingScopes']).toContain('channels:manage');
    expect((body.check['bot'] as { userId: string }).userId).toMatch(/^U/);
    await get('/api/v1/status/slack');
    expect(slack.callsTo('auth.test').length - before).toBe(1);
    server.clock.advance(61_000);
    await get('/api/v1/status/slack');
    expect(slack.callsTo('auth.test').length - before).toBe(2);
    await get('/api/v1/status/slack?refresh=1');
    expect(slack.callsTo('auth.test').length - before).toBe(3);
  });

  it('reports a refused token without leaking it', async () => {
    server.deps.config.slack = { botToken: 'xoxb-not-a-real-token', signingSecret: undefined, appToken: 'xapp-1', apiUrl: slack.url, newUserRole: 'responder' };
    const response = await server.app.inject({ method: 'GET', url: '/api/v1/status/slack?refresh=1', headers: server.auth(server.adminToken) });
    expect(response.json()).toMatchObject({ configured: true, signingSecretSet: false, socketMode: true, check: { outcome: 'token_refused', problem: 'invalid_auth', bot: null } });
    expect(response.body).not.toContain('xoxb-not-a-real-token');
  });

  it('lists webhook targets with deliveries pending and failed lately', async () => {
    const created = await server.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: server.auth(server.adminToken),
      payload: { name: 'tracker', url: 'https://tracker.example.test/hook', events: ['*'], secretEnv: 'TRACKER_SECRET' },
    });
    expect(created.statusCode).toBe(201);
    const targetId = created.json<{ id: string }>().id;
    await effect('webhook.deliver', 'failed', { payload: { event: 'action.created', targetId }, error: 'webhook target tracker: HTTP 500' });
    await effect('webhook.deliver', 'pending', { payload: { event: 'action.created', targetId } });
    await effect('webhook.deliver', 'done', { payload: { event: 'action.created', targetId } });
    const body = await get('/api/v1/status/webhooks');
    const now = server.clock.now().toISOString();
    expect(body).toEqual({
      failedWindowDays: 7,
      items: [
        {
          id: targetId,
          name: 'tracker',
          url: 'https://tracker.example.test/hook',
          events: ['*'],
          source: 'api',
          pending: 1,
          failed: 1,
          lastFailure: { error: 'webhook target tracker: HTTP 500', at: now },
          lastDeliveredAt: now,
        },
      ],
    });
  });
});
