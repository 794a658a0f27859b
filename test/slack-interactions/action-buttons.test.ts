import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS, VIEW_CALLBACKS } from '../../src/adapters/slack/action-ids.ts';
import { DIGEST_BUTTON_LIMIT, digestBlocks } from '../../src/adapters/slack/blocks/digest-message.ts';
import { createSlackDelivery, slackHandlers } from '../../src/adapters/slack/delivery/index.ts';
import { DIGEST_REFRESH_WINDOW_MS } from '../../src/app/slack/digest-refresh.ts';
import { createSlackClient } from '../../src/adapters/slack/web-client.ts';
import { createOutboxDispatcher } from '../../src/jobs/outbox-dispatcher.ts';
import { morningDigestJob, morningDigestSchedule } from '../../src/jobs/follow-up/morning-digest.ts';
import { createJobRunner } from '../../src/jobs/scheduler.ts';
import type { SlackUser } from '../slack-emulator/index.ts';
import { recordingLogger } from '../jobs/support.ts';
import type { TestUser } from '../support/test-server.ts';
import { testDatabaseKinds } from '../support/test-store.ts';
import { clickButton, ephemeralTexts, input, lastOpenedView, startSlackTest, submitView, type SlackTest } from './support.ts';

interface DigestBlock {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: { action_id?: string; value?: string; text?: { text: string } }[];
}

interface PostedMessage {
  ts: string;
  text: string;
  blocks?: DigestBlock[] | null;
}

interface ErrorsAnswer {
  response_action: string;
  errors: Record<string, string>;
}

interface ActionBody {
  id: string;
  status: string;
  evidence: string | null;
  reason: string | null;
}

/**
 * The morning digest's "Done…" / "Defer…" buttons: the digest message carries them (capped to
 * Slack's 50 blocks), a click opens the modal, the submission runs the same use case as the API
 * as the clicking Slack user, once per submission; refusals come back ephemerally.
 */
describe.each(testDatabaseKinds())('prevention actions from the digest buttons on %s', (kind) => {
  let t: SlackTest;
  let alice: SlackUser;
  let carol: SlackUser;
  let aliceUser: TestUser;
  let channel: string;
  let actionIds: string[];

  const call = async <T>(token: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
    const r = await t.server.app.inject({ method, url, headers: t.server.auth(token), ...(payload ? { payload } : {}) });
    return { status: r.statusCode, body: r.json<T>() };
  };
  const actionOf = async (id: string) => (await call<ActionBody>(t.server.adminToken, 'GET', `/api/v1/actions/${id}`)).body;

  beforeAll(async () => {
    t = await startSlackTest(kind); // 2025-04-01T00:00Z: Tuesday 09:00 in Tokyo
    alice = t.slack.addUser({ name: 'alice', email: 'alice@example.test', realName: 'Alice', locale: 'en-US' });
    carol = t.slack.addUser({ name: 'carol', email: 'carol@example.test', realName: 'Carol', locale: 'ja-JP' });
    channel = t.slack.addChannel({ name: 'incidents', members: [alice.id, carol.id] }).id;
    aliceUser = await t.server.createUser('responder', { name: 'Alice', email: 'alice@example.test', slackUserId: alice.id, locale: 'en' });
    await t.server.createUser('viewer', { name: 'Carol', email: 'carol@example.test', slackUserId: carol.id, locale: 'ja' });
    const declared = await call<{ id: string }>(aliceUser.token, 'POST', '/api/v1/incidents', { title: 'Checkout slow', severity: 'SEV3', platforms: ['web'] });
    expect(declared.status).toBe(201);
    const incident = declared.body.id;
    expect((await call(aliceUser.token, 'POST', `/api/v1/incidents/${incident}/releases`, { platform: 'web', kind: 'fix' })).status).toBe(201);
    for (const status of ['monitoring', 'resolved', 'postmortem'])
      expect((await call(t.server.adminToken, 'POST', `/api/v1/incidents/${incident}/status`, { status })).status).toBe(200);
    actionIds = [];
    for (const [title, due] of [['Add the missing index', '2025-04-01'], ['Alert on p99 latency', '2025-04-02'], ['Load test checkout', '2025-04-09']] as const) {
      const created = await call<{ id: string }>(aliceUser.token, 'POST', `/api/v1/incidents/${incident}/actions`, { title, ownerId: aliceUser.user.id, dueDate: due });
      expect(created.status).toBe(201);
      actionIds.push(created.body.id);
    }
  });
  afterAll(async () => {
    await t.close();
  });

  async function openFrom(user: SlackUser, actionId: string, buttonId: string) {
    const answer = await clickButton(t, user, channel, buttonId, { actionId });
    expect(answer.statusCode).toBe(200);
    await t.adapter.idle();
    return lastOpenedView(t);
  }

  /**
   * Delivers every due Slack outbox row once the refresh window has passed, as the worker would;
   * `beforeUpdate` runs just before each chat.update reaches Slack.
   */
  async function deliverSlack(beforeUpdate?: (args: { ts?: string }) => Promise<void>): Promise<void> {
    const common = { db: t.server.store.db, clock: t.server.clock, logger: recordingLogger(), random: () => 0 };
    const client = createSlackClient({ botToken: t.slack.botToken, apiUrl: t.slack.url, signingSecret: undefined, appToken: undefined, newUserRole: 'responder' });
    if (!client) throw new Error('no Slack client');
    if (beforeUpdate) {
      const update = client.chat.update.bind(client.chat);
      client.chat.update = async (args) => {
        await beforeUpdate(args);
        return update(args);
      };
    }
    const delivery = createSlackDelivery({ client, app: t.server.deps.app, publicUrl: 'http://hikeshi.test' });
    t.server.clock.advance(DIGEST_REFRESH_WINDOW_MS);
    const outbox = createOutboxDispatcher({ ...common, handlers: slackHandlers(delivery) });
    while ((await outbox.drain()) > 0); // the incident's own side effects run too
    await outbox.stop();
  }

  /** The digest messages in the channel (there must be one), as Slack holds them now. */
  function digestMessages(): PostedMessage[] {
    const posted = [...(t.slack.state.channels.get(channel)?.messages.values() ?? [])] as unknown as PostedMessage[];
    return posted.filter((m) => m.text.includes('朝の再発防止策チェック'));
  }
  const sectionTexts = (m: PostedMessage | undefined) => (m?.blocks ?? []).filter((b) => b.type === 'section').map((b) => b.text?.text ?? '');
  const buttonActions = (m: PostedMessage | undefined) =>
    (m?.blocks ?? []).filter((b) => b.type === 'actions').map((b) => b.block_id?.replace('digest_action:', ''));

  it('posts the digest with Done… and Defer… buttons per action, delivered to Slack', async () => {
    const job = morningDigestJob({ app: t.server.deps.app, publicUrl: 'http://hikeshi.test', logger: recordingLogger() });
    const common = { db: t.server.store.db, clock: t.server.clock, logger: recordingLogger(), random: () => 0 };
    const runner = createJobRunner({ ...common, jobs: [job], recurring: [morningDigestSchedule(t.server.deps.app, job)] });
    await runner.ensureRecurring();
    t.server.clock.set(new Date('2025-04-01T00:30:00Z'));
    expect(await runner.drain()).toBe(1);
    await deliverSlack();

    const digests = digestMessages();
    expect(digests).toHaveLength(1);
    const blocks = digests[0]?.blocks ?? [];
    expect(sectionTexts(digests[0])[0]).toBe('*☀️ 朝の再発防止策チェック* (2025-04-01)\n期限切れ 0 件・今日が期限 1 件・その他未完了 2 件');
    const buttons = blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
    // The workspace's language (ja): one pair per action, each carrying the action's id.
    expect(buttons.map((b) => [b.action_id, b.text?.text, b.value])).toEqual(
      actionIds.flatMap((id) => [
        [ACTION_IDS.completeAction, '完了…', JSON.stringify({ actionId: id })],
        [ACTION_IDS.deferAction, '延期…', JSON.stringify({ actionId: id })],
      ]),
    );
    expect(blocks).toHaveLength(1 + 2 * actionIds.length);
  });

  it('caps the buttons to fit 50 blocks and counts the rest with a link to the web', () => {
    const actions = Array.from({ length: DIGEST_BUTTON_LIMIT + 7 }, (_, i) => ({
      id: `a${i}`,
      title: `Action ${i}`,
      incidentNumber: 1,
      owner: 'Alice',
      dueDate: '2025-04-10',
    }));
    const blocks = digestBlocks('heading\ntotals\nmore', { locale: 'en', actions, total: actions.length + 3 }, 'http://hikeshi.test');
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(blocks.filter((b) => b.type === 'actions')).toHaveLength(DIGEST_BUTTON_LIMIT);
    expect(blocks.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '10 more on the web: http://hikeshi.test/actions' }] });
  });

  it('marks an action done with a link; no evidence is a field error; a second delivery changes nothing', async () => {
    const id = actionIds[0] ?? '';
    const view = await openFrom(alice, id, ACTION_IDS.completeAction);
    expect(view.definition['callback_id']).toBe(VIEW_CALLBACKS.completeAction);

    const empty = await submitView(t, alice, view, { evidence: input.text('') });
    expect(empty.json<ErrorsAnswer>().errors).toEqual({ evidence: 'Please fill this in' });
    const short = await submitView(t, alice, view, { evidence: input.text('ok') });
    expect(short.json<ErrorsAnswer>()).toEqual({ response_action: 'errors', errors: { evidence: 'Marking it done needs evidence (a link or a note).' } });
    const badLink = await submitView(t, alice, view, { evidence: input.text('javascript:alert(1)') });
    expect(badLink.json<ErrorsAnswer>()).toMatchObject({ response_action: 'errors' });
    expect((await actionOf(id)).status).toBe('open');

    const url = 'https://github.com/example/shop/pull/42';
    for (let i = 0; i < 2; i += 1) {
      const answer = await submitView(t, alice, view, { evidence: input.text(url) });
      expect(answer.statusCode).toBe(200);
      await t.adapter.idle();
    }
    expect(await actionOf(id)).toMatchObject({ status: 'done', evidence: url });
    expect(ephemeralTexts(t, channel, alice.id)).toEqual(['Done: the action is marked done.']);
    const events = await t.server.store.db
      .selectFrom('timeline_events')
      .select('type')
      .where('type', 'in', ['action.status_changed', 'action.updated'])
      .execute();
    expect(events).toHaveLength(1);

    // A later click on the same digest line: refused, nothing overwritten.
    const again = await openFrom(alice, id, ACTION_IDS.completeAction);
    await submitView(t, alice, again, { evidence: input.text('https://example.test/other') });
    await t.adapter.idle();
    expect(ephemeralTexts(t, channel, alice.id).at(-1)).toBe('A prevention action cannot go from done to done.');
    expect((await actionOf(id)).evidence).toBe(url);

    // The digest message now shows it: no buttons any more, struck out, one fewer due today.
    await deliverSlack();
    const digests = digestMessages();
    expect(digests).toHaveLength(1);
    expect(buttonActions(digests[0])).toEqual([actionIds[1], actionIds[2]]);
    const texts = sectionTexts(digests[0]);
    expect(texts[0]).toBe('*☀️ 朝の再発防止策チェック* (2025-04-01)\n期限切れ 0 件・今日が期限 0 件・その他未完了 2 件');
    expect(texts.at(-1)).toBe('*今朝の一覧から片付いたもの*\n✅ ~Add the missing index~ — #1 · Alice · 完了');
    expect((digests[0]?.blocks ?? []).at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '09:30 時点の状態に更新しました' }] });
    // One edit of the message posted in the morning (chat.update with its channel id and ts).
    const updates = t.slack.callsTo('chat.update').filter((c) => c.args['ts'] === digests[0]?.ts);
    expect(updates.map((c) => c.args['channel'])).toEqual([channel]);
  });

  it('defers an action with a reason', async () => {
    const id = actionIds[1] ?? '';
    const view = await openFrom(alice, id, ACTION_IDS.deferAction);
    expect(view.definition['callback_id']).toBe(VIEW_CALLBACKS.deferAction);
    const empty = await submitView(t, alice, view, { reason: input.text('  ') });
    expect(empty.json<ErrorsAnswer>().errors).toEqual({ reason: 'Please fill this in' });
    await submitView(t, alice, view, { reason: input.text('Replaced by the new alerting stack next quarter') });
    await t.adapter.idle();
    expect(await actionOf(id)).toMatchObject({ status: 'deferred', reason: 'Replaced by the new alerting stack next quarter' });
    expect(ephemeralTexts(t, channel, alice.id).at(-1)).toBe('Done: the action is deferred.');

    await deliverSlack();
    const digest = digestMessages()[0];
    expect(buttonActions(digest)).toEqual([actionIds[2]]);
    const texts = sectionTexts(digest);
    expect(texts[0]).toBe('*☀️ 朝の再発防止策チェック* (2025-04-01)\n期限切れ 0 件・今日が期限 0 件・その他未完了 1 件');
    expect(texts.at(-1)).toBe(
      '*今朝の一覧から片付いたもの*\n✅ ~Add the missing index~ — #1 · Alice · 完了\n⏸ ~Alert on p99 latency~ — #1 · Alice · 延期: Replaced by the new alerting stack next quarter',
    );
  });

  it('keeps the digest current when an action changes elsewhere (the API), once per window and idempotently', async () => {
    const id = actionIds[2] ?? '';
    const digestUpdates = () => t.slack.callsTo('chat.update').filter((c) => c.args['ts'] === digestMessages()[0]?.ts);
    const before = digestUpdates().length;
    // Two changes within one window: one refresh row, showing the state after both.
    expect((await call(aliceUser.token, 'PATCH', `/api/v1/actions/${id}`, { title: 'Load test checkout at 2x' })).status).toBe(200);
    expect((await call(aliceUser.token, 'PATCH', `/api/v1/actions/${id}`, { dueDate: '2025-04-01' })).status).toBe(200);
    const rows = await t.server.store.db.selectFrom('outbox').select('status').where('topic', '=', 'slack.refresh_digest').where('status', '=', 'pending').execute();
    expect(rows).toHaveLength(1);
    await deliverSlack();
    const digest = digestMessages()[0];
    expect(digestUpdates().length - before).toBe(1);
    expect(sectionTexts(digest)[0]).toBe('*☀️ 朝の再発防止策チェック* (2025-04-01)\n期限切れ 0 件・今日が期限 1 件・その他未完了 0 件');
    expect(sectionTexts(digest)[1]).toContain('|Load test checkout at 2x> — #1 · Alice · 2025-04-01');
    // A retried refresh (the same row delivered again) edits the message to the same content.
    const [last] = digestUpdates().slice(-1);
    const row = await t.server.store.db.selectFrom('outbox').select('id').where('topic', '=', 'slack.refresh_digest').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    await t.server.store.db.updateTable('outbox').set({ status: 'pending', available_at: t.server.clock.now() }).where('id', '=', row.id).execute();
    await deliverSlack();
    const [again] = digestUpdates().slice(-1);
    expect(digestUpdates().length - before).toBe(2);
    expect(again?.args['blocks']).toEqual(last?.args['blocks']);
    expect(digestMessages()).toHaveLength(1);
  });

  it('asks for one more refresh when a later one (another process) started while it ran', async () => {
    const id = actionIds[2] ?? '';
    expect((await call(aliceUser.token, 'PATCH', `/api/v1/actions/${id}`, { title: 'Load test checkout at 3x' })).status).toBe(200);
    const digestTs = digestMessages()[0]?.ts;
    const pendingRefreshes = async () =>
      (await t.server.store.db.selectFrom('outbox').select('id').where('topic', '=', 'slack.refresh_digest').where('status', '=', 'pending').execute()).length;
    // Between this refresh's read and its edit, another process's refresh takes the next number.
    await deliverSlack(async (args) => {
      if (args.ts === digestTs) await t.server.store.db.updateTable('slack_digests').set((eb) => ({ render_seq: eb('render_seq', '+', 1) })).execute();
    });
    expect(await pendingRefreshes()).toBe(1);
    await deliverSlack();
    expect(await pendingRefreshes()).toBe(0);
    expect(sectionTexts(digestMessages()[0])[1]).toContain('|Load test checkout at 3x>');
  });

  it('refuses a viewer ephemerally, in their language', async () => {
    const id = actionIds[2] ?? '';
    const view = await openFrom(carol, id, ACTION_IDS.completeAction);
    await submitView(t, carol, view, { evidence: input.text('https://example.test/done') });
    await t.adapter.idle();
    expect((await actionOf(id)).status).toBe('open');
    expect(ephemeralTexts(t, channel, carol.id)).toEqual(['この操作を行う権限がありません。管理者に依頼してください。']);
  });
});
