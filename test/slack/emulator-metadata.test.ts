import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callSlack, type Encoding } from '../slack-emulator/client.ts';
import { startSlackEmulator, type SlackEmulator } from '../slack-emulator/index.ts';

/**
 * Message metadata in the emulator (docs.slack.dev/messaging/message-metadata): chat.postMessage
 * and chat.update take `metadata` `{ event_type, event_payload }`; conversations.history and
 * conversations.replies return it only with `include_all_metadata`.
 */

const T0 = Date.parse('2025-04-01T00:00:00.000Z');
const clock = { now: () => new Date(T0) };
let emulator: SlackEmulator;

beforeAll(async () => {
  emulator = await startSlackEmulator({ clock });
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(() => {
  emulator.reset();
});

const metadata = { event_type: 'hikeshi_message', event_payload: { key: 'card:1', n: 2 } };

describe.each<Encoding>(['form', 'json'])('message metadata over %s bodies', (encoding) => {
  const call = async (method: string, args: Record<string, unknown>) => (await callSlack(emulator.url, method, args, { token: emulator.botToken, encoding })).body;

  it('stores it with the message and returns it from history only with include_all_metadata', async () => {
    const channel = emulator.addChannel({ name: 'ops' });
    const posted = await call('chat.postMessage', { channel: channel.id, text: 'card', metadata });
    expect(posted).toMatchObject({ ok: true, channel: channel.id });
    const ts = String(posted['ts']);
    expect(channel.messages.get(ts)?.metadata).toEqual(metadata);

    const plain = await call('conversations.history', { channel: channel.id });
    expect((plain['messages'] as Record<string, unknown>[])[0]).not.toHaveProperty('metadata');
    const withAll = await call('conversations.history', { channel: channel.id, include_all_metadata: true });
    expect((withAll['messages'] as Record<string, unknown>[])[0]).toMatchObject({ ts, metadata });
    const replies = await call('conversations.replies', { channel: channel.id, ts, include_all_metadata: true });
    expect((replies['messages'] as Record<string, unknown>[])[0]).toMatchObject({ ts, metadata });
  });

  it('keeps it on chat.update without metadata, replaces it with new metadata, removes it with {}', async () => {
    const channel = emulator.addChannel({ name: 'ops' });
    const ts = String((await call('chat.postMessage', { channel: channel.id, text: 'v1', metadata }))['ts']);
    expect(await call('chat.update', { channel: channel.id, ts, text: 'v2' })).toMatchObject({ ok: true });
    expect(channel.messages.get(ts)?.metadata).toEqual(metadata);
    const next = { event_type: 'hikeshi_message', event_payload: { key: 'card:2' } };
    expect(await call('chat.update', { channel: channel.id, ts, text: 'v3', metadata: next })).toMatchObject({ ok: true });
    expect(channel.messages.get(ts)?.metadata).toEqual(next);
    expect(await call('chat.update', { channel: channel.id, ts, text: 'v4', metadata: {} })).toMatchObject({ ok: true });
    expect(channel.messages.get(ts)?.metadata).toBeNull();
  });

  it('refuses malformed metadata with invalid_metadata_format and posts nothing', async () => {
    const channel = emulator.addChannel({ name: 'ops' });
    for (const bad of [{ event_payload: {} }, { event_type: '', event_payload: {} }, { event_type: 'x', event_payload: 'text' }, ['x']]) {
      expect(await call('chat.postMessage', { channel: channel.id, text: 'x', metadata: bad })).toEqual({ ok: false, error: 'invalid_metadata_format' });
    }
    expect(await call('chat.postMessage', { channel: channel.id, text: 'x', metadata: { event_type: 'x', event_payload: { big: 'a'.repeat(9000) } } })).toEqual({ ok: false, error: 'metadata_too_large' });
    expect(channel.messages.size).toBe(0);
  });
});

it('refuses metadata that is not JSON in a form body', async () => {
  const channel = emulator.addChannel({ name: 'ops' });
  const res = await fetch(`${emulator.url}chat.postMessage`, {
    method: 'POST',
    headers: { authorization: `Bearer ${emulator.botToken}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ channel: channel.id, text: 'x', metadata: '{not json' }).toString(),
  });
  expect(await res.json()).toEqual({ ok: false, error: 'invalid_metadata_format' });
});
