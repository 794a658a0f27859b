import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackDelivery, slackHandlers } from '../../src/adapters/slack/delivery/index.ts';
import { createOutboxDispatcher } from '../../src/jobs/outbox-dispatcher.ts';
import { findChannelOfIncident } from '../../src/store/slack-channels.ts';
import { testDatabaseKinds } from '../support/test-store.ts';
import { PUBLIC_URL, outboxOf, startHarness, type DeliveryHarness } from './harness.ts';

/**
 * A crash between chat.postMessage and saving its ts: the first worker's client lets Slack post
 * and then dies (throws) before the ts reaches the database. The retry must find the message by
 * its metadata (conversations.history) and adopt it: one card, one announcement, later edits hit
 * the card that exists.
 */

/** A delivery whose every chat.postMessage is made in Slack and then lost with the process. */
function crashingAfterPost(h: DeliveryHarness) {
  const client = new WebClient(h.slack.botToken, { slackApiUrl: h.slack.url, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
  const post = client.chat.postMessage.bind(client.chat);
  client.chat.postMessage = (async (args: Parameters<typeof post>[0]) => {
    await post(args);
    throw new Error('the process died before the ts was saved');
  });
  return createSlackDelivery({ client, app: h.server.deps.app, publicUrl: PUBLIC_URL });
}

describe.each(testDatabaseKinds())('posting once across a crash on %s', (kind) => {
  let h: DeliveryHarness;

  beforeEach(async () => {
    h = await startHarness(kind);
  });
  afterEach(async () => {
    await h.close();
  });

  it('adopts the card and the announcement posted before the crash, and later edits hit that card', async () => {
    const first = createOutboxDispatcher({ db: h.server.store.db, clock: h.server.clock, logger: h.logger, random: () => 0.5, handlers: slackHandlers(crashingAfterPost(h)) });
    const incident = await h.declare({ title: 'Lost ts', severity: 'SEV2', impact: 'many users' });
    const channelOf = () => [...h.slack.state.channels.values()].find((c) => c.name.startsWith(`inc-${incident.number}-`));
    const incidents = () => h.slack.channelNamed('incidents');
    // Each post is made in Slack, then the worker "dies"; its retries run on the same crashing client.
    for (let i = 0; i < 8 && (incidents()?.messages.size ?? 0) === 0; i++) {
      await first.drain();
      h.server.clock.advance(60_000);
    }
    await first.stop();
    const channel = channelOf();
    expect(channel?.messages.size).toBe(1);
    expect(incidents()?.messages.size).toBe(1);
    const crashed = await outboxOf(h, incident.id);
    expect(crashed.find((r) => r.topic === 'slack.open_channel')?.attempts).toBeGreaterThan(1);

    await h.drainAll();
    h.server.clock.advance(60_000);
    await h.drainAll();
    expect(channel?.messages.size).toBe(1); // one card
    expect(incidents()?.messages.size).toBe(1); // one announcement
    const posts = h.slack.callsTo('chat.postMessage');
    expect(posts.filter((c) => c.args['channel'] === channel?.id)).toHaveLength(1);
    expect(posts.filter((c) => c.args['channel'] === incidents()?.id)).toHaveLength(1);
    const lookups = h.slack.callsTo('conversations.history');
    expect(lookups.map((c) => c.args['channel']).sort()).toEqual([channel?.id, incidents()?.id].sort());
    expect(lookups.every((c) => c.args['include_all_metadata'] === 'true')).toBe(true);
    const cardTs = [...(channel?.messages.keys() ?? [])][0];
    expect((await findChannelOfIncident(h.server.store.db, incident.id))?.card_ts).toBe(cardTs);
    expect(channel?.pins).toEqual([cardTs]);
    expect((await outboxOf(h, incident.id)).every((r) => r.status === 'done')).toBe(true);

    const res = await h.server.app.inject({ method: 'POST', url: `/api/v1/incidents/${incident.id}/severity`, headers: h.server.auth(h.server.adminToken), payload: { severity: 'SEV3' } });
    expect(res.statusCode).toBe(200);
    await h.drainAll();
    expect(channel?.messages.size).toBe(1);
    const updates = h.slack.callsTo('chat.update').filter((c) => c.args['channel'] === channel?.id);
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.every((c) => c.args['ts'] === cardTs)).toBe(true);
    expect(JSON.stringify(channel?.messages.get(cardTs ?? '')?.blocks)).toContain('SEV3');
  });

  it('posts normally when the first try failed before Slack posted (nothing to adopt)', async () => {
    h.slack.failNext('chat.postMessage', { status: 500 });
    const incident = await h.declare({ title: 'Failed before', severity: 'SEV3' });
    await h.drainAll();
    h.server.clock.advance(1000);
    await h.drainAll();
    const channel = [...h.slack.state.channels.values()].find((c) => c.name.startsWith(`inc-${incident.number}-`));
    expect(channel?.messages.size).toBe(1);
    expect(h.slack.callsTo('conversations.history').filter((c) => c.args['channel'] === channel?.id)).toHaveLength(1);
    const [message] = [...(channel?.messages.values() ?? [])];
    expect(message?.metadata).toEqual({ event_type: 'hikeshi_message', event_payload: { key: `card:${incident.id}` } });
  });
});
