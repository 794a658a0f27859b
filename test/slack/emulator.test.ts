import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callSlack, type CallResult, type Encoding } from '../slack-emulator/client.ts';
import {
  channelNameError,
  startSlackEmulator,
  type SlackChannel,
  type SlackEmulator,
} from '../slack-emulator/index.ts';

/**
 * The Slack Web API emulator against Slack's documented rules (docs/slack-emulator.md), called
 * with plain `fetch` in both body encodings Slack accepts. The form encoding is WebClient's (JSON
 * text for arrays and objects, token in `Authorization`). To run the same cases through
 * @slack/web-api once it is installed, add a transport to TRANSPORTS that calls
 * `new WebClient(token, { slackApiUrl: emulator.url, retryConfig: { retries: 0 } }).apiCall(method, args)`
 * and returns `error.data` for platform errors.
 */

const T0 = Date.parse('2025-04-01T00:00:00.000Z');
const T0_SEC = T0 / 1000;

/** The emulator's clock: tests move it by hand. */
const clock = {
  at: T0,
  now(): Date {
    return new Date(this.at);
  },
};

let emulator: SlackEmulator;

beforeAll(async () => {
  emulator = await startSlackEmulator({ clock });
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(() => {
  clock.at = T0;
  emulator.reset();
});

type Body = CallResult['body'];
type Call = (method: string, args?: Record<string, unknown>, token?: string) => Promise<Body>;

const TRANSPORTS: ReadonlyArray<[Encoding, (encoding: Encoding) => Call]> = [
  ['form', (encoding) => fetchTransport(encoding)],
  ['json', (encoding) => fetchTransport(encoding)],
];

function fetchTransport(encoding: Encoding): Call {
  return async (method, args = {}, token = emulator.botToken) =>
    (await callSlack(emulator.url, method, args, { token, encoding })).body;
}

/** A conversation object as Slack answers it for a channel the bot made at T0. */
function channelObject(
  channel: SlackChannel,
  fields: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id: channel.id,
    name: channel.name,
    is_channel: true,
    is_group: false,
    is_im: false,
    is_mpim: false,
    is_private: false,
    created: T0_SEC,
    is_archived: false,
    is_general: false,
    unlinked: 0,
    name_normalized: channel.name,
    is_shared: false,
    is_org_shared: false,
    is_pending_ext_shared: false,
    pending_shared: [],
    creator: emulator.bot.userId,
    is_ext_shared: false,
    is_member: true,
    topic: { value: '', creator: '', last_set: 0 },
    purpose: { value: '', creator: '', last_set: 0 },
    previous_names: [],
    ...fields,
  };
}

function memberIds(channel: SlackChannel): string[] {
  return [...channel.members].sort();
}

describe.each(TRANSPORTS)('Slack Web API emulator over %s bodies', (encoding, transport) => {
  const call = transport(encoding);

  describe('authentication and scopes', () => {
    it('auth.test tells the bot who it is', async () => {
      expect(await call('auth.test')).toEqual({
        ok: true,
        url: 'https://hikeshi-test.slack.com/',
        team: 'Hikeshi Test',
        user: 'hikeshi',
        team_id: emulator.state.team.id,
        user_id: emulator.bot.userId,
        bot_id: emulator.bot.botId,
        is_enterprise_install: false,
      });
    });

    it('answers not_authed without a token, invalid_auth for an unknown one, token_revoked after revocation', async () => {
      expect(await call('auth.test', {}, '')).toEqual({ ok: false, error: 'not_authed' });
      expect(await call('auth.test', {}, 'xoxb-0-0-unknown')).toEqual({
        ok: false,
        error: 'invalid_auth',
      });
      const token = emulator.addToken({ scopes: ['chat:write'] });
      expect((await call('auth.test', {}, token)).ok).toBe(true);
      emulator.revokeToken(token);
      expect(await call('auth.test', {}, token)).toEqual({ ok: false, error: 'token_revoked' });
    });

    it('answers missing_scope with the scopes that would do (needed) and those held (provided)', async () => {
      const chatOnly = emulator.addToken({ scopes: ['chat:write'] });
      expect(await call('conversations.create', { name: 'inc-1' }, chatOnly)).toEqual({
        ok: false,
        error: 'missing_scope',
        needed: 'channels:manage,channels:write,groups:write,im:write,mpim:write',
        provided: 'chat:write',
      });
      const privateOnly = emulator.addToken({ scopes: ['groups:write', 'chat:write'] });
      expect(await call('conversations.create', { name: 'inc-1' }, privateOnly)).toEqual({
        ok: false,
        error: 'missing_scope',
        needed: 'channels:manage',
        provided: 'groups:write,chat:write',
      });
      const publicRead = emulator.addToken({ scopes: ['channels:read'] });
      expect(
        await call('conversations.list', { types: 'public_channel,private_channel' }, publicRead),
      ).toEqual({
        ok: false,
        error: 'missing_scope',
        needed: 'groups:read',
        provided: 'channels:read',
      });
    });

    it('answers unknown_method for a method it does not know', async () => {
      expect(await call('conversations.mark', { channel: 'C1' })).toEqual({
        ok: false,
        error: 'unknown_method',
        req_method: 'conversations.mark',
      });
    });
  });

  describe('conversations.create', () => {
    it('creates a public channel the bot is in', async () => {
      const body = await call('conversations.create', { name: 'inc-12-db-outage' });
      const channel = emulator.channelNamed('inc-12-db-outage');
      expect(channel).toBeDefined();
      if (!channel) return;
      expect(body).toEqual({ ok: true, channel: channelObject(channel) });
      expect(memberIds(channel)).toEqual([emulator.bot.userId]);
    });

    it('creates a private channel with is_private', async () => {
      const body = await call('conversations.create', { name: 'inc-13', is_private: true });
      const channel = emulator.channelNamed('inc-13');
      if (!channel) throw new Error('not created');
      expect(body).toEqual({ ok: true, channel: channelObject(channel, { is_private: true }) });
      expect(channel.kind).toBe('private');
    });

    it.each([
      ['', 'invalid_name_required'],
      ['インシデント-1', 'invalid_name_specials'],
      ['Inc-1', 'invalid_name_specials'],
      ['inc 1', 'invalid_name_specials'],
      ['inc.1', 'invalid_name_specials'],
      ['a'.repeat(81), 'invalid_name_maxlength'],
      ['障'.repeat(81), 'invalid_name_maxlength'],
      ['---', 'invalid_name_punctuation'],
      ['_-_', 'invalid_name_punctuation'],
    ])('refuses the name %j with %s', async (name, error) => {
      expect(await call('conversations.create', { name })).toEqual({ ok: false, error });
      expect(emulator.callsTo('conversations.create')).toHaveLength(1);
      expect([...emulator.state.channels.values()].map((c) => c.name)).toEqual(['general']);
    });

    it('refuses a missing name with invalid_name_required', async () => {
      expect(await call('conversations.create', {})).toEqual({
        ok: false,
        error: 'invalid_name_required',
      });
    });

    it('accepts exactly 80 characters of lowercase letters, digits, hyphens and underscores', async () => {
      const name = `inc_9-${'a'.repeat(74)}`;
      expect((await call('conversations.create', { name })).ok).toBe(true);
      expect(channelNameError(name)).toBeNull();
    });

    it('answers name_taken for a name in use, archived channels included', async () => {
      emulator.addChannel({ name: 'inc-1' });
      emulator.addChannel({ name: 'inc-2', isArchived: true });
      expect(await call('conversations.create', { name: 'inc-1' })).toEqual({
        ok: false,
        error: 'name_taken',
      });
      expect(await call('conversations.create', { name: 'inc-2' })).toEqual({
        ok: false,
        error: 'name_taken',
      });
    });
  });

  describe('conversations.invite', () => {
    it('invites several comma-separated users', async () => {
      const alice = emulator.addUser({ name: 'alice' });
      const bob = emulator.addUser({ name: 'bob' });
      const channel = emulator.addChannel({ name: 'inc-1' });
      const body = await call('conversations.invite', {
        channel: channel.id,
        users: `${alice.id},${bob.id}`,
      });
      expect(body).toEqual({ ok: true, channel: channelObject(channel) });
      expect(memberIds(channel)).toEqual([alice.id, bob.id, emulator.bot.userId].sort());
    });

    it('answers already_in_channel when everyone is already in', async () => {
      const alice = emulator.addUser({ name: 'alice' });
      const channel = emulator.addChannel({ name: 'inc-1', members: [alice.id] });
      expect(await call('conversations.invite', { channel: channel.id, users: alice.id })).toEqual({
        ok: false,
        error: 'already_in_channel',
        errors: [{ user: alice.id, ok: false, error: 'already_in_channel' }],
      });
    });

    it('invites the others and lists those already in under errors', async () => {
      const alice = emulator.addUser({ name: 'alice' });
      const bob = emulator.addUser({ name: 'bob' });
      const channel = emulator.addChannel({ name: 'inc-1', members: [alice.id] });
      expect(
        await call('conversations.invite', { channel: channel.id, users: `${alice.id},${bob.id}` }),
      ).toEqual({
        ok: true,
        channel: channelObject(channel),
        errors: [{ user: alice.id, ok: false, error: 'already_in_channel' }],
      });
      expect(channel.members.has(bob.id)).toBe(true);
    });

    it('fails the whole call on an unknown user or the bot itself unless force is set', async () => {
      const alice = emulator.addUser({ name: 'alice' });
      const channel = emulator.addChannel({ name: 'inc-1' });
      const users = `${alice.id},U0NOSUCHUSR,${emulator.bot.userId}`;
      const errors = [
        { user: 'U0NOSUCHUSR', ok: false, error: 'user_not_found' },
        { user: emulator.bot.userId, ok: false, error: 'cant_invite_self' },
      ];
      expect(await call('conversations.invite', { channel: channel.id, users })).toEqual({
        ok: false,
        error: 'user_not_found',
        errors,
      });
      expect(channel.members.has(alice.id)).toBe(false);
      expect(
        await call('conversations.invite', { channel: channel.id, users, force: true }),
      ).toEqual({
        ok: true,
        channel: channelObject(channel),
        errors,
      });
      expect(channel.members.has(alice.id)).toBe(true);
    });

    it('answers cant_invite_self for the bot alone, user_not_found for a deactivated user', async () => {
      const gone = emulator.addUser({ name: 'gone', deleted: true });
      const channel = emulator.addChannel({ name: 'inc-1' });
      expect(
        await call('conversations.invite', { channel: channel.id, users: emulator.bot.userId }),
      ).toEqual({
        ok: false,
        error: 'cant_invite_self',
        errors: [{ user: emulator.bot.userId, ok: false, error: 'cant_invite_self' }],
      });
      expect(await call('conversations.invite', { channel: channel.id, users: gone.id })).toEqual({
        ok: false,
        error: 'user_not_found',
        errors: [{ user: gone.id, ok: false, error: 'user_not_found' }],
      });
    });

    it('answers channel_not_found, is_archived, not_in_channel and no_user', async () => {
      const alice = emulator.addUser({ name: 'alice' });
      const hidden = emulator.addChannel({
        name: 'secret',
        isPrivate: true,
        hasBot: false,
        members: [alice.id],
      });
      const archived = emulator.addChannel({ name: 'old', isArchived: true });
      const outside = emulator.addChannel({ name: 'outside', hasBot: false });
      const open = emulator.addChannel({ name: 'inc-1' });
      const invite = (channel: string, users = alice.id) =>
        call('conversations.invite', { channel, users });
      expect(await invite('C0NOSUCHCH')).toEqual({ ok: false, error: 'channel_not_found' });
      expect(await invite(hidden.id)).toEqual({ ok: false, error: 'channel_not_found' });
      expect(await invite(archived.id)).toEqual({ ok: false, error: 'is_archived' });
      expect(await invite(outside.id)).toEqual({ ok: false, error: 'not_in_channel' });
      expect(await invite(open.id, '')).toEqual({ ok: false, error: 'no_user' });
    });

    it('needs a private-channel scope to invite into a private channel', async () => {
      const alice = emulator.addUser({ name: 'alice' });
      const secret = emulator.addChannel({ name: 'secret', isPrivate: true });
      const publicOnly = emulator.addToken({ scopes: ['channels:manage'] });
      expect(
        await call('conversations.invite', { channel: secret.id, users: alice.id }, publicOnly),
      ).toEqual({
        ok: false,
        error: 'missing_scope',
        needed: 'groups:write,groups:write.invites',
        provided: 'channels:manage',
      });
    });
  });

  describe('conversations.setTopic', () => {
    it('sets a topic of up to 250 characters', async () => {
      const channel = emulator.addChannel({ name: 'inc-1' });
      const topic = `SEV1 ${'あ'.repeat(245)}`;
      expect(await call('conversations.setTopic', { channel: channel.id, topic })).toEqual({
        ok: true,
        channel: channelObject(channel, {
          topic: { value: topic, creator: emulator.bot.userId, last_set: T0_SEC },
        }),
      });
    });

    it('answers too_long past 250 characters, and is_archived, not_in_channel, channel_not_found', async () => {
      const channel = emulator.addChannel({ name: 'inc-1' });
      const archived = emulator.addChannel({ name: 'old', isArchived: true });
      const outside = emulator.addChannel({ name: 'outside', hasBot: false });
      const setTopic = (id: string, topic = 'x') =>
        call('conversations.setTopic', { channel: id, topic });
      expect(await setTopic(channel.id, 'x'.repeat(251))).toEqual({ ok: false, error: 'too_long' });
      expect(channel.topic.value).toBe('');
      expect(await setTopic(archived.id)).toEqual({ ok: false, error: 'is_archived' });
      expect(await setTopic(outside.id)).toEqual({ ok: false, error: 'not_in_channel' });
      expect(await setTopic('C0NOSUCHCH')).toEqual({ ok: false, error: 'channel_not_found' });
    });
  });

  describe('conversations.archive', () => {
    it('archives a channel once', async () => {
      const channel = emulator.addChannel({ name: 'inc-1' });
      expect(await call('conversations.archive', { channel: channel.id })).toEqual({ ok: true });
      expect(channel.isArchived).toBe(true);
      expect(await call('conversations.archive', { channel: channel.id })).toEqual({
        ok: false,
        error: 'already_archived',
      });
    });

    it('answers cant_archive_general, not_in_channel and channel_not_found', async () => {
      const general = emulator.channelNamed('general');
      const outside = emulator.addChannel({ name: 'outside', hasBot: false });
      expect(await call('conversations.archive', { channel: general?.id })).toEqual({
        ok: false,
        error: 'cant_archive_general',
      });
      expect(await call('conversations.archive', { channel: outside.id })).toEqual({
        ok: false,
        error: 'not_in_channel',
      });
      expect(await call('conversations.archive', { channel: 'C0NOSUCHCH' })).toEqual({
        ok: false,
        error: 'channel_not_found',
      });
    });

    it('answers method_not_supported_for_channel_type for a direct message', async () => {
      const alice = emulator.addUser({ name: 'alice' });
      const dm = await call('chat.postMessage', { channel: alice.id, text: 'hello' });
      expect(await call('conversations.archive', { channel: dm.channel })).toEqual({
        ok: false,
        error: 'method_not_supported_for_channel_type',
      });
    });
  });

  describe('conversations.join', () => {
    it('joins a public channel, and warns already_in_channel the second time', async () => {
      const channel = emulator.addChannel({ name: 'announcements', hasBot: false });
      expect(await call('conversations.join', { channel: channel.id })).toEqual({
        ok: true,
        channel: channelObject(channel),
      });
      expect(await call('conversations.join', { channel: channel.id })).toEqual({
        ok: true,
        channel: channelObject(channel),
        warning: 'already_in_channel',
        response_metadata: { warnings: ['already_in_channel'] },
      });
    });

    it('answers is_archived, method_not_supported_for_channel_type and channel_not_found', async () => {
      const archived = emulator.addChannel({ name: 'old', isArchived: true, hasBot: false });
      const secret = emulator.addChannel({ name: 'secret', isPrivate: true });
      const hidden = emulator.addChannel({ name: 'hidden', isPrivate: true, hasBot: false });
      expect(await call('conversations.join', { channel: archived.id })).toEqual({
        ok: false,
        error: 'is_archived',
      });
      expect(await call('conversations.join', { channel: secret.id })).toEqual({
        ok: false,
        error: 'method_not_supported_for_channel_type',
      });
      expect(await call('conversations.join', { channel: hidden.id })).toEqual({
        ok: false,
        error: 'channel_not_found',
      });
    });
  });

  describe('conversations.list and conversations.info', () => {
    it('lists public channels by default, private ones the bot is in on request, and can leave out archived ones', async () => {
      const general = emulator.channelNamed('general');
      const open = emulator.addChannel({ name: 'inc-1' });
      const old = emulator.addChannel({ name: 'inc-0', isArchived: true });
      const secret = emulator.addChannel({ name: 'inc-2', isPrivate: true });
      emulator.addChannel({ name: 'hidden', isPrivate: true, hasBot: false });
      const names = (body: Body) => (body.channels as Array<{ name: string }>).map((c) => c.name);
      expect(names(await call('conversations.list'))).toEqual([general?.name, open.name, old.name]);
      expect(
        names(
          await call('conversations.list', {
            types: 'public_channel,private_channel',
            exclude_archived: true,
          }),
        ),
      ).toEqual(['general', open.name, secret.name]);
      const body = await call('conversations.list', { types: 'private_channel' });
      expect(body).toEqual({
        ok: true,
        channels: [channelObject(secret, { is_private: true, num_members: 1 })],
        response_metadata: { next_cursor: '' },
      });
    });

    it('pages with limit and next_cursor, and answers invalid_cursor, invalid_limit, invalid_types', async () => {
      for (const n of [1, 2, 3, 4]) emulator.addChannel({ name: `inc-${n}` });
      const page1 = await call('conversations.list', { limit: 2 });
      const cursor1 = (page1.response_metadata as { next_cursor: string }).next_cursor;
      expect((page1.channels as Array<{ name: string }>).map((c) => c.name)).toEqual([
        'general',
        'inc-1',
      ]);
      const page2 = await call('conversations.list', { limit: 2, cursor: cursor1 });
      const cursor2 = (page2.response_metadata as { next_cursor: string }).next_cursor;
      expect((page2.channels as Array<{ name: string }>).map((c) => c.name)).toEqual([
        'inc-2',
        'inc-3',
      ]);
      const page3 = await call('conversations.list', { limit: 2, cursor: cursor2 });
      expect((page3.channels as Array<{ name: string }>).map((c) => c.name)).toEqual(['inc-4']);
      expect(page3.response_metadata).toEqual({ next_cursor: '' });
      expect(await call('conversations.list', { cursor: 'bm9wZQ==' })).toEqual({
        ok: false,
        error: 'invalid_cursor',
      });
      expect(await call('conversations.list', { limit: 'ten' })).toEqual({
        ok: false,
        error: 'invalid_limit',
      });
      expect(await call('conversations.list', { types: 'public_channel,group' })).toEqual({
        ok: false,
        error: 'invalid_types',
      });
    });

    it('conversations.info answers the channel, with num_members on request, channel_not_found when hidden', async () => {
      const alice = emulator.addUser({ name: 'alice' });
      const channel = emulator.addChannel({ name: 'inc-1', members: [alice.id] });
      const hidden = emulator.addChannel({
        name: 'hidden',
        isPrivate: true,
        hasBot: false,
        members: [alice.id],
      });
      expect(
        await call('conversations.info', { channel: channel.id, include_num_members: true }),
      ).toEqual({
        ok: true,
        channel: channelObject(channel, { num_members: 2 }),
      });
      expect(await call('conversations.info', { channel: hidden.id })).toEqual({
        ok: false,
        error: 'channel_not_found',
      });
    });
  });

  describe('chat.postMessage', () => {
    it('posts text and blocks and answers channel, ts and the message', async () => {
      const channel = emulator.addChannel({ name: 'inc-1' });
      const blocks = [
        { type: 'section', block_id: 'card', text: { type: 'mrkdwn', text: '*SEV1* DB down' } },
      ];
      expect(
        await call('chat.postMessage', { channel: channel.id, text: 'SEV1 DB down', blocks }),
      ).toEqual({
        ok: true,
        channel: channel.id,
        ts: `${T0_SEC}.000100`,
        message: {
          user: emulator.bot.userId,
          type: 'message',
          ts: `${T0_SEC}.000100`,
          bot_id: emulator.bot.botId,
          app_id: emulator.bot.appId,
          text: 'SEV1 DB down',
          team: emulator.state.team.id,
          bot_profile: {
            id: emulator.bot.botId,
            app_id: emulator.bot.appId,
            name: 'hikeshi',
            icons: {},
            deleted: false,
            team_id: emulator.state.team.id,
          },
          blocks,
        },
      });
      expect(channel.messages.get(`${T0_SEC}.000100`)?.blocks).toEqual(blocks);
    });

    it('posts by channel name, to a user as a direct message, and with blocks alone', async () => {
      const alice = emulator.addUser({ name: 'alice' });
      const channel = emulator.addChannel({ name: 'incidents' });
      expect((await call('chat.postMessage', { channel: '#incidents', text: 'hi' })).channel).toBe(
        channel.id,
      );
      const dm = await call('chat.postMessage', { channel: alice.id, text: 'reminder' });
      expect(dm.channel).toMatch(/^D0[0-9A-Z]{8}$/);
      const blocksOnly = await call('chat.postMessage', {
        channel: channel.id,
        blocks: [{ type: 'divider' }],
      });
      expect(blocksOnly.ok).toBe(true);
    });

    it('answers channel_not_found, is_archived, not_in_channel (without chat:write.public) and no_text', async () => {
      const archived = emulator.addChannel({ name: 'old', isArchived: true });
      const outside = emulator.addChannel({ name: 'outside', hasBot: false });
      const hidden = emulator.addChannel({ name: 'hidden', isPrivate: true, hasBot: false });
      const open = emulator.addChannel({ name: 'inc-1' });
      const noPublic = emulator.addToken({ scopes: ['chat:write'] });
      const post = (channel: string, token?: string) =>
        call('chat.postMessage', { channel, text: 'x' }, token);
      expect(await post('C0NOSUCHCH')).toEqual({ ok: false, error: 'channel_not_found' });
      expect(await post(hidden.id)).toEqual({ ok: false, error: 'channel_not_found' });
      expect(await post(archived.id)).toEqual({ ok: false, error: 'is_archived' });
      expect(await post(outside.id, noPublic)).toEqual({ ok: false, error: 'not_in_channel' });
      expect((await post(outside.id)).ok).toBe(true);
      expect(await call('chat.postMessage', { channel: open.id })).toEqual({
        ok: false,
        error: 'no_text',
      });
    });

    it.each([
      [
        'section text over 3000 characters',
        [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }],
        [
          'failed to match all allowed schemas [json-pointer:/blocks/0/text]',
          'must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
        ],
      ],
      [
        'more than 50 blocks',
        Array.from({ length: 51 }, () => ({ type: 'divider' })),
        ['no more than 50 items allowed [json-pointer:/blocks]'],
      ],
      [
        'a block_id over 255 characters',
        [{ type: 'divider', block_id: 'b'.repeat(256) }],
        ['must be less than 256 characters [json-pointer:/blocks/0/block_id]'],
      ],
      [
        'a block without a known type',
        [{ type: 'banner' }],
        ['failed to match all allowed schemas [json-pointer:/blocks/0]'],
      ],
      [
        'a header over 150 characters',
        [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }],
        [
          'failed to match all allowed schemas [json-pointer:/blocks/0/text]',
          'must be less than 151 characters [json-pointer:/blocks/0/text/text]',
        ],
      ],
    ])('answers invalid_blocks for %s', async (_label, blocks, errors) => {
      const channel = emulator.addChannel({ name: 'inc-1' });
      expect(
        await call('chat.postMessage', { channel: channel.id, text: 'fallback', blocks }),
      ).toEqual({
        ok: false,
        error: 'invalid_blocks',
        errors,
        response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) },
      });
      expect(channel.messages.size).toBe(0);
    });

    it('answers invalid_blocks_format when blocks are not a JSON array', async () => {
      const channel = emulator.addChannel({ name: 'inc-1' });
      expect(await call('chat.postMessage', { channel: channel.id, blocks: '[{"type":' })).toEqual({
        ok: false,
        error: 'invalid_blocks_format',
      });
      expect(
        await call('chat.postMessage', { channel: channel.id, blocks: { type: 'divider' } }),
      ).toEqual({
        ok: false,
        error: 'invalid_blocks_format',
      });
    });

    it('answers markdown_text_conflict, invalid_attachments and too_many_attachments', async () => {
      const channel = emulator.addChannel({ name: 'inc-1' });
      const post = (args: Record<string, unknown>) =>
        call('chat.postMessage', { channel: channel.id, ...args });
      expect(await post({ text: 'a', markdown_text: '**a**' })).toEqual({
        ok: false,
        error: 'markdown_text_conflict',
      });
      expect(await post({ text: 'a', attachments: '[{' })).toEqual({
        ok: false,
        error: 'invalid_attachments',
      });
      const attachments = Array.from({ length: 101 }, () => ({ fallback: 'a', text: 'a' }));
      expect(await post({ text: 'a', attachments })).toEqual({
        ok: false,
        error: 'too_many_attachments',
      });
      expect((await post({ markdown_text: '**a**' })).ok).toBe(true);
    });

    it('truncates text past 40,000 characters and warns message_truncated', async () => {
      const channel = emulator.addChannel({ name: 'inc-1' });
      const body = await call('chat.postMessage', {
        channel: channel.id,
        text: 'y'.repeat(40_001),
      });
      expect(body.ok).toBe(true);
      expect(body.warning).toBe('message_truncated');
      expect(body.response_metadata).toEqual({
        messages: [
          '[WARN] Your message was truncated but still posted. The `text` field accepts up to 40,000 characters.',
        ],
        warnings: ['message_truncated'],
      });
      expect(channel.messages.get(String(body.ts))?.text).toBe('y'.repeat(40_000));
    });
  });

  describe('chat.update', () => {
    it('updates the bot’s message; new text alone keeps the old blocks, an empty array removes them', async () => {
      const channel = emulator.addChannel({ name: 'inc-1' });
      const posted = emulator.addMessage(channel.id, {
        user: emulator.bot.userId,
        text: 'card',
        blocks: [{ type: 'divider' }],
      });
      const blocks = [{ type: 'section', text: { type: 'plain_text', text: 'Status: mitigated' } }];
      const withBlocks = await call('chat.update', {
        channel: channel.id,
        ts: posted.ts,
        text: 'mitigated',
        blocks,
      });
      expect(withBlocks).toMatchObject({
        ok: true,
        channel: channel.id,
        ts: posted.ts,
        text: 'mitigated',
      });
      expect(channel.messages.get(posted.ts)?.blocks).toEqual(blocks);
      await call('chat.update', { channel: channel.id, ts: posted.ts, text: 'closed' });
      expect(channel.messages.get(posted.ts)?.blocks).toEqual(blocks);
      expect(channel.messages.get(posted.ts)?.text).toBe('closed');
      expect(await call('chat.update', { channel: channel.id, ts: posted.ts, blocks: [] })).toEqual({ ok: false, error: 'no_text' });
      await call('chat.update', { channel: channel.id, ts: posted.ts, text: 'archived', blocks: [] });
      expect(channel.messages.get(posted.ts)?.blocks).toBeNull();
      expect(channel.messages.get(posted.ts)?.text).toBe('archived');
    });

    it('takes the channel by id only: a name is channel_not_found', async () => {
      const channel = emulator.addChannel({ name: 'digest' });
      const mine = emulator.addMessage(channel.id, { user: emulator.bot.userId, text: 'digest' });
      expect(await call('chat.update', { channel: 'digest', ts: mine.ts, text: 'x' })).toEqual({ ok: false, error: 'channel_not_found' });
      expect(await call('chat.update', { channel: '#digest', ts: mine.ts, text: 'x' })).toEqual({ ok: false, error: 'channel_not_found' });
    });

    it('answers message_not_found for an unknown ts and cant_update_message for someone else’s message', async () => {
      const alice = emulator.addUser({ name: 'alice' });
      const channel = emulator.addChannel({ name: 'inc-1', members: [alice.id] });
      const theirs = emulator.addMessage(channel.id, { user: alice.id, text: 'help' });
      expect(
        await call('chat.update', { channel: channel.id, ts: '1743465600.999999', text: 'x' }),
      ).toEqual({
        ok: false,
        error: 'message_not_found',
      });
      expect(await call('chat.update', { channel: channel.id, ts: theirs.ts, text: 'x' })).toEqual({
        ok: false,
        error: 'cant_update_message',
      });
    });

    it('answers msg_too_long past 4,000 characters, is_inactive when archived, channel_not_found, no_text', async () => {
      const channel = emulator.addChannel({ name: 'inc-1' });
      const mine = emulator.addMessage(channel.id, { user: emulator.bot.userId, text: 'card' });
      const update = (args: Record<string, unknown>) =>
        call('chat.update', { channel: channel.id, ts: mine.ts, ...args });
      expect(await update({ text: 'z'.repeat(4001) })).toEqual({
        ok: false,
        error: 'msg_too_long',
      });
      expect((await update({ text: 'z'.repeat(4000) })).ok).toBe(true);
      expect(await update({})).toEqual({ ok: false, error: 'no_text' });
      expect(await update({ channel: 'C0NOSUCHCH', text: 'x' })).toEqual({
        ok: false,
        error: 'channel_not_found',
      });
      channel.isArchived = true;
      expect(await update({ text: 'x' })).toEqual({ ok: false, error: 'is_inactive' });
    });
  });

  describe('chat.postEphemeral and chat.getPermalink', () => {
    it('posts an ephemeral message to a member, user_not_in_channel otherwise', async () => {
      const alice = emulator.addUser({ name: 'alice' });
      const bob = emulator.addUser({ name: 'bob' });
      const channel = emulator.addChannel({ name: 'inc-1', members: [alice.id] });
      expect(
        await call('chat.postEphemeral', { channel: channel.id, user: alice.id, text: 'only you' }),
      ).toEqual({
        ok: true,
        message_ts: `${T0_SEC}.000100`,
      });
      expect(channel.ephemeral).toEqual([
        { ts: `${T0_SEC}.000100`, user: alice.id, text: 'only you', blocks: null },
      ]);
      expect(
        await call('chat.postEphemeral', { channel: channel.id, user: bob.id, text: 'x' }),
      ).toEqual({
        ok: false,
        error: 'user_not_in_channel',
      });
      expect(
        await call('chat.postEphemeral', { channel: 'C0NOSUCHCH', user: alice.id, text: 'x' }),
      ).toEqual({
        ok: false,
        error: 'channel_not_found',
      });
    });

    it('gives permalinks, with thread_ts and cid for replies; message_not_found, channel_not_found', async () => {
      const alice = emulator.addUser({ name: 'alice' });
      const channel = emulator.addChannel({ name: 'inc-1', members: [alice.id] });
      const parent = emulator.addMessage(channel.id, { user: alice.id, text: 'db is down' });
      const reply = emulator.addMessage(channel.id, {
        user: alice.id,
        text: 'since 9:00',
        threadTs: parent.ts,
      });
      const base = `https://hikeshi-test.slack.com/archives/${channel.id}`;
      expect(
        await call('chat.getPermalink', { channel: channel.id, message_ts: parent.ts }),
      ).toEqual({
        ok: true,
        channel: channel.id,
        permalink: `${base}/p${T0_SEC}000100`,
      });
      expect(
        await call('chat.getPermalink', { channel: channel.id, message_ts: reply.ts }),
      ).toEqual({
        ok: true,
        channel: channel.id,
        permalink: `${base}/p${T0_SEC}000200?thread_ts=${parent.ts}&cid=${channel.id}`,
      });
      expect(await call('chat.getPermalink', { channel: channel.id, message_ts: '1.2' })).toEqual({
        ok: false,
        error: 'message_not_found',
      });
      expect(
        await call('chat.getPermalink', { channel: 'C0NOSUCHCH', message_ts: parent.ts }),
      ).toEqual({
        ok: false,
        error: 'channel_not_found',
      });
    });
  });

  describe('pins.add, bookmarks.add and reactions.get', () => {
    it('pins a message once', async () => {
      const channel = emulator.addChannel({ name: 'inc-1' });
      const card = emulator.addMessage(channel.id, { user: emulator.bot.userId, text: 'card' });
      expect(await call('pins.add', { channel: channel.id, timestamp: card.ts })).toEqual({
        ok: true,
      });
      expect(channel.pins).toEqual([card.ts]);
      expect(await call('pins.add', { channel: channel.id, timestamp: card.ts })).toEqual({
        ok: false,
        error: 'already_pinned',
      });
    });

    it('answers message_not_found, no_item_specified, bad_timestamp, channel_not_found for pins', async () => {
      const channel = emulator.addChannel({ name: 'inc-1' });
      const pin = (args: Record<string, unknown>) =>
        call('pins.add', { channel: channel.id, ...args });
      expect(await pin({ timestamp: '1743465600.000900' })).toEqual({
        ok: false,
        error: 'message_not_found',
      });
      expect(await pin({})).toEqual({ ok: false, error: 'no_item_specified' });
      expect(await pin({ timestamp: 'yesterday' })).toEqual({ ok: false, error: 'bad_timestamp' });
      expect(await pin({ channel: 'C0NOSUCHCH', timestamp: '1.2' })).toEqual({
        ok: false,
        error: 'channel_not_found',
      });
      const outside = emulator.addChannel({ name: 'outside', hasBot: false });
      const alice = emulator.addUser({ name: 'alice' });
      const theirs = emulator.addMessage(outside.id, { user: alice.id, text: 'x' });
      expect(await pin({ channel: outside.id, timestamp: theirs.ts })).toEqual({
        ok: false,
        error: 'not_in_channel',
      });
    });

    it('adds a link bookmark', async () => {
      const channel = emulator.addChannel({ name: 'inc-1' });
      const body = await call('bookmarks.add', {
        channel_id: channel.id,
        title: 'Incident #12',
        type: 'link',
        link: 'https://hikeshi.example.com/incidents/12',
        emoji: ':fire:',
      });
      expect(body).toEqual({
        ok: true,
        bookmark: {
          id: channel.bookmarks[0]?.id,
          channel_id: channel.id,
          title: 'Incident #12',
          link: 'https://hikeshi.example.com/incidents/12',
          emoji: ':fire:',
          icon_url: null,
          type: 'link',
          entity_id: null,
          date_created: T0_SEC,
          date_updated: 0,
          rank: 'g',
          last_updated_by_user_id: emulator.bot.userId,
          last_updated_by_team_id: emulator.state.team.id,
          shortcut_id: null,
          app_id: emulator.bot.appId,
        },
      });
      expect(channel.bookmarks[0]?.id).toMatch(/^Bk0[0-9A-Z]{8}$/);
    });

    it('answers invalid_link, invalid_bookmark_type, invalid_emoji, channel_not_found for bookmarks', async () => {
      const channel = emulator.addChannel({ name: 'inc-1' });
      const add = (args: Record<string, unknown>) =>
        call('bookmarks.add', {
          channel_id: channel.id,
          title: 'Incident',
          type: 'link',
          link: 'https://x.example',
          ...args,
        });
      expect(await add({ link: 'hikeshi.example.com/incidents/12' })).toEqual({
        ok: false,
        error: 'invalid_link',
      });
      expect(await add({ type: 'folder' })).toEqual({ ok: false, error: 'invalid_bookmark_type' });
      expect(await add({ emoji: 'fire' })).toEqual({ ok: false, error: 'invalid_emoji' });
      expect(await add({ channel_id: 'C0NOSUCHCH' })).toEqual({
        ok: false,
        error: 'channel_not_found',
      });
      expect(await add({ title: '' })).toEqual({
        ok: false,
        error: 'invalid_arguments',
        response_metadata: { messages: ['[ERROR] missing required field: title'] },
      });
      expect(channel.bookmarks).toEqual([]);
    });

    it('reactions.get answers the message with its reactions; message_not_found otherwise', async () => {
      const alice = emulator.addUser({ name: 'alice' });
      const channel = emulator.addChannel({ name: 'inc-1', members: [alice.id] });
      const message = emulator.addMessage(channel.id, { user: alice.id, text: 'rollback done' });
      emulator.addReaction(channel.id, message.ts, 'pushpin', alice.id);
      expect(await call('reactions.get', { channel: channel.id, timestamp: message.ts })).toEqual({
        ok: true,
        type: 'message',
        channel: channel.id,
        message: {
          user: alice.id,
          type: 'message',
          ts: message.ts,
          text: 'rollback done',
          team: emulator.state.team.id,
          reactions: [{ name: 'pushpin', users: [alice.id], count: 1 }],
          permalink: `https://hikeshi-test.slack.com/archives/${channel.id}/p${T0_SEC}000100`,
        },
      });
      expect(
        await call('reactions.get', { channel: channel.id, timestamp: '1743465600.000900' }),
      ).toEqual({
        ok: false,
        error: 'message_not_found',
      });
      expect(await call('reactions.get', { channel: channel.id })).toEqual({
        ok: false,
        error: 'no_item_specified',
      });
      expect(await call('reactions.get', { channel: channel.id, timestamp: 'now' })).toEqual({
        ok: false,
        error: 'bad_timestamp',
      });
      expect(await call('reactions.get', { channel: 'C0NOSUCHCH', timestamp: message.ts })).toEqual(
        {
          ok: false,
          error: 'channel_not_found',
        },
      );
    });
  });

  describe('users and user groups', () => {
    it('users.info answers the user, locale on request, email only with users:read.email', async () => {
      const yuki = emulator.addUser({
        name: 'yuki',
        realName: '山田 ゆき',
        email: 'yuki@example.com',
        locale: 'ja-JP',
      });
      const expected = {
        id: yuki.id,
        team_id: emulator.state.team.id,
        name: 'yuki',
        deleted: false,
        color: '9f69e7',
        real_name: '山田 ゆき',
        tz: 'Asia/Tokyo',
        tz_label: 'Japan Standard Time',
        tz_offset: 32400,
        profile: {
          real_name: '山田 ゆき',
          display_name: 'yuki',
          email: 'yuki@example.com',
          team: emulator.state.team.id,
        },
        is_admin: false,
        is_owner: false,
        is_primary_owner: false,
        is_restricted: false,
        is_ultra_restricted: false,
        is_bot: false,
        is_app_user: false,
        updated: T0_SEC,
        is_email_confirmed: true,
      };
      expect(await call('users.info', { user: yuki.id, include_locale: true })).toEqual({
        ok: true,
        user: { ...expected, locale: 'ja-JP' },
      });
      const noEmail = emulator.addToken({ scopes: ['users:read'] });
      expect(await call('users.info', { user: yuki.id }, noEmail)).toEqual({
        ok: true,
        user: {
          ...expected,
          profile: { real_name: '山田 ゆき', display_name: 'yuki', team: emulator.state.team.id },
        },
      });
      expect(await call('users.info', { user: 'U0NOSUCHUSR' })).toEqual({
        ok: false,
        error: 'user_not_found',
      });
    });

    it('users.lookupByEmail finds an active user by address; users_not_found otherwise', async () => {
      const yuki = emulator.addUser({ name: 'yuki', email: 'yuki@example.com' });
      emulator.addUser({ name: 'gone', email: 'gone@example.com', deleted: true });
      expect(
        ((await call('users.lookupByEmail', { email: 'Yuki@Example.com' })).user as { id: string })
          .id,
      ).toBe(yuki.id);
      expect(await call('users.lookupByEmail', { email: 'nobody@example.com' })).toEqual({
        ok: false,
        error: 'users_not_found',
      });
      expect(await call('users.lookupByEmail', { email: 'gone@example.com' })).toEqual({
        ok: false,
        error: 'users_not_found',
      });
    });

    it('usergroups.users.list answers the member ids; no_such_subteam otherwise', async () => {
      const alice = emulator.addUser({ name: 'alice' });
      const bob = emulator.addUser({ name: 'bob' });
      const group = emulator.addUserGroup({ handle: 'db-oncall', users: [alice.id, bob.id] });
      expect(await call('usergroups.users.list', { usergroup: group.id })).toEqual({
        ok: true,
        users: [alice.id, bob.id],
      });
      expect(await call('usergroups.users.list', { usergroup: 'S0NOSUCHGR' })).toEqual({
        ok: false,
        error: 'no_such_subteam',
      });
    });
  });

  describe('views', () => {
    const modal = {
      type: 'modal',
      callback_id: 'declare',
      title: { type: 'plain_text', text: 'インシデントを宣言' },
      submit: { type: 'plain_text', text: '宣言' },
      blocks: [
        {
          type: 'input',
          block_id: 'what',
          label: { type: 'plain_text', text: '何が起きていますか' },
          element: { type: 'plain_text_input', action_id: 'value' },
        },
      ],
    };

    it('views.open opens a modal with a fresh trigger id, once', async () => {
      const triggerId = emulator.issueTriggerId();
      const body = await call('views.open', { trigger_id: triggerId, view: modal });
      const view = [...emulator.state.views.values()][0];
      expect(body).toEqual({
        ok: true,
        view: {
          id: view?.id,
          team_id: emulator.state.team.id,
          type: 'modal',
          blocks: modal.blocks,
          private_metadata: '',
          callback_id: 'declare',
          state: { values: {} },
          hash: view?.hash,
          title: modal.title,
          clear_on_close: false,
          notify_on_close: false,
          close: null,
          submit: modal.submit,
          previous_view_id: null,
          root_view_id: view?.id,
          app_id: emulator.bot.appId,
          external_id: '',
          app_installed_team_id: emulator.state.team.id,
          bot_id: emulator.bot.botId,
        },
      });
      expect(await call('views.open', { trigger_id: triggerId, view: modal })).toEqual({
        ok: false,
        error: 'exchanged_trigger_id',
      });
    });

    it('answers invalid_trigger_id for a malformed or unknown trigger and expired_trigger_id after 3 s', async () => {
      expect(await call('views.open', { trigger_id: 'not-a-trigger', view: modal })).toEqual({
        ok: false,
        error: 'invalid_trigger_id',
      });
      expect(
        await call('views.open', { trigger_id: '12345.98765.abcd2358fdea', view: modal }),
      ).toEqual({
        ok: false,
        error: 'invalid_trigger_id',
      });
      const triggerId = emulator.issueTriggerId();
      clock.at = T0 + 3001;
      expect(await call('views.open', { trigger_id: triggerId, view: modal })).toEqual({
        ok: false,
        error: 'expired_trigger_id',
      });
    });

    it('answers invalid_arguments for a title over 24 characters and a missing submit with an input block', async () => {
      const triggerId = emulator.issueTriggerId();
      const longTitle = { ...modal, title: { type: 'plain_text', text: 't'.repeat(25) } };
      expect(await call('views.open', { trigger_id: triggerId, view: longTitle })).toEqual({
        ok: false,
        error: 'invalid_arguments',
        response_metadata: {
          messages: [
            '[ERROR] failed to match all allowed schemas [json-pointer:/view]',
            '[ERROR] failed to match all allowed schemas [json-pointer:/view/title]',
            '[ERROR] must be less than 25 characters [json-pointer:/view/title/text]',
          ],
        },
      });
      const noSubmit: Record<string, unknown> = { ...modal };
      delete noSubmit.submit;
      expect(await call('views.open', { trigger_id: triggerId, view: noSubmit })).toEqual({
        ok: false,
        error: 'invalid_arguments',
        response_metadata: {
          messages: [
            '[ERROR] failed to match all allowed schemas [json-pointer:/view]',
            '[ERROR] submit is required when an input block is within the blocks array [json-pointer:/view/submit]',
          ],
        },
      });
      expect(emulator.state.triggers.get(triggerId)?.isExchanged).toBe(false);
    });

    it('answers duplicate_external_id for an external id in use and view_too_large past 250 kB', async () => {
      const withId = { ...modal, external_id: 'declare-12' };
      expect(
        (await call('views.open', { trigger_id: emulator.issueTriggerId(), view: withId })).ok,
      ).toBe(true);
      expect(
        await call('views.open', { trigger_id: emulator.issueTriggerId(), view: withId }),
      ).toEqual({
        ok: false,
        error: 'duplicate_external_id',
      });
      const huge = { ...modal, private_metadata: 'm'.repeat(260 * 1024) };
      expect(
        await call('views.open', { trigger_id: emulator.issueTriggerId(), view: huge }),
      ).toEqual({
        ok: false,
        error: 'view_too_large',
      });
    });

    it('views.update replaces a view by id when the hash matches; hash_conflict and not_found otherwise', async () => {
      const opened = await call('views.open', {
        trigger_id: emulator.issueTriggerId(),
        view: modal,
      });
      const { id, hash } = opened.view as { id: string; hash: string };
      const next = { ...modal, private_metadata: '{"incident":12}' };
      const updated = await call('views.update', { view_id: id, hash, view: next });
      expect(updated.view).toMatchObject({ id, private_metadata: '{"incident":12}' });
      expect((updated.view as { hash: string }).hash).not.toBe(hash);
      expect(await call('views.update', { view_id: id, hash, view: next })).toEqual({
        ok: false,
        error: 'hash_conflict',
      });
      expect(await call('views.update', { view_id: 'V0NOSUCHVW', view: next })).toEqual({
        ok: false,
        error: 'not_found',
      });
    });

    it('views.publish publishes a Home tab; a modal there is invalid_arguments', async () => {
      const alice = emulator.addUser({ name: 'alice' });
      const home = {
        type: 'home',
        blocks: [{ type: 'header', text: { type: 'plain_text', text: 'My incidents' } }],
      };
      const body = await call('views.publish', { user_id: alice.id, view: home });
      expect(body.view).toMatchObject({ type: 'home', blocks: home.blocks, external_id: '' });
      expect(emulator.state.homeViews.get(alice.id)).toBe((body.view as { id: string }).id);
      expect(await call('views.publish', { user_id: alice.id, view: modal })).toEqual({
        ok: false,
        error: 'invalid_arguments',
        response_metadata: {
          messages: [
            '[ERROR] failed to match all allowed schemas [json-pointer:/view]',
            '[ERROR] must be "home" [json-pointer:/view/type]',
          ],
        },
      });
      expect(await call('views.publish', { user_id: 'U0NOSUCHUSR', view: home })).toEqual({
        ok: false,
        error: 'user_not_found',
      });
    });
  });
});

describe('Slack Web API emulator over HTTP', () => {
  const post = (method: string, init: RequestInit) =>
    fetch(`${emulator.url}${method}`, { method: 'POST', ...init });

  it('answers ratelimited with HTTP 429 and Retry-After when told to, then recovers', async () => {
    emulator.failNext('chat.postMessage', { error: 'ratelimited', retryAfterSeconds: 7 });
    const channel = emulator.addChannel({ name: 'inc-1' });
    const args = { channel: channel.id, text: 'x' };
    const limited = await callSlack(emulator.url, 'chat.postMessage', args, {
      token: emulator.botToken,
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.body).toEqual({ ok: false, error: 'ratelimited' });
    expect(channel.messages.size).toBe(0);
    const next = await callSlack(emulator.url, 'chat.postMessage', args, {
      token: emulator.botToken,
    });
    expect(next.status).toBe(200);
    expect(next.body.ok).toBe(true);
  });

  it('fails the next calls with a 5xx or a Slack error, as many times as told', async () => {
    emulator.failNext('auth.test', { status: 500, times: 2 });
    emulator.failNext('auth.test', { error: 'fatal_error' });
    const statuses: Array<[number, unknown]> = [];
    for (let i = 0; i < 4; i += 1) {
      const result = await callSlack(emulator.url, 'auth.test', {}, { token: emulator.botToken });
      statuses.push([result.status, result.body.error ?? 'ok']);
    }
    expect(statuses).toEqual([
      [500, 'internal_error'],
      [500, 'internal_error'],
      [200, 'fatal_error'],
      [200, 'ok'],
    ]);
  });

  it('rate-limits a method per minute with Retry-After counting down to the window’s end', async () => {
    emulator.rateLimit('conversations.create', { perMinute: 2 });
    const create = (name: string) =>
      callSlack(emulator.url, 'conversations.create', { name }, { token: emulator.botToken });
    expect((await create('inc-1')).status).toBe(200);
    clock.at = T0 + 20_000;
    expect((await create('inc-2')).status).toBe(200);
    const third = await create('inc-3');
    expect([third.status, third.headers.get('retry-after'), third.body]).toEqual([
      429,
      '40',
      { ok: false, error: 'ratelimited' },
    ]);
    clock.at = T0 + 60_001;
    expect((await create('inc-3')).body.ok).toBe(true);
    expect(emulator.channelNamed('inc-3')).toBeDefined();
  });

  it('applies the documented tiers: a Tier 2 method allows 20 calls a minute', async () => {
    emulator.rateLimitAsDocumented();
    const statuses: number[] = [];
    for (let i = 0; i < 21; i += 1) {
      statuses.push(
        (await callSlack(emulator.url, 'conversations.list', {}, { token: emulator.botToken }))
          .status,
      );
    }
    expect(statuses).toEqual([...Array<number>(20).fill(200), 429]);
  });

  it('delays the answers of the methods given by the injected latency', async () => {
    emulator.injectLatency(300, ['auth.test']);
    const timed = async (method: string) => {
      const started = performance.now();
      await callSlack(emulator.url, method, {}, { token: emulator.botToken });
      return performance.now() - started;
    };
    // Timers may fire up to a millisecond early; the undelayed calls are judged by the emulator's
    // own durations, which a busy machine does not stretch as it does the client's round trip.
    expect(await timed('auth.test')).toBeGreaterThanOrEqual(299);
    await timed('conversations.list');
    expect(emulator.callsTo('auth.test')[0]?.durationMs).toBeGreaterThanOrEqual(299);
    expect(emulator.callsTo('conversations.list')[0]?.durationMs).toBeLessThan(299);
    emulator.injectLatency(0, ['auth.test']);
    await timed('auth.test');
    expect(emulator.callsTo('auth.test')[1]?.durationMs).toBeLessThan(299);
  });

  it('records every call: method, parsed arguments, token, status, response, time', async () => {
    const channel = emulator.addChannel({ name: 'inc-1' });
    const blocks = [{ type: 'divider' }];
    await callSlack(
      emulator.url,
      'chat.postMessage',
      { channel: channel.id, text: 'a', blocks },
      { token: emulator.botToken },
    );
    await callSlack(
      emulator.url,
      'chat.postMessage',
      { channel: channel.id, text: 'b', blocks, unfurl_links: false },
      {
        token: emulator.botToken,
        encoding: 'json',
      },
    );
    await callSlack(emulator.url, 'auth.test', {}, { token: 'xoxb-0-0-unknown' });
    expect(emulator.calls.map((c) => [c.method, c.args, c.token, c.status, c.time])).toEqual([
      [
        'chat.postMessage',
        { channel: channel.id, text: 'a', blocks: '[{"type":"divider"}]' },
        emulator.botToken,
        200,
        clock.now(),
      ],
      [
        'chat.postMessage',
        { channel: channel.id, text: 'b', blocks, unfurl_links: false },
        emulator.botToken,
        200,
        clock.now(),
      ],
      ['auth.test', {}, 'xoxb-0-0-unknown', 200, clock.now()],
    ]);
    expect(emulator.calls[0]?.response).toMatchObject({
      ok: true,
      channel: channel.id,
      ts: `${T0_SEC}.000100`,
    });
    expect(emulator.calls[2]?.response).toEqual({ ok: false, error: 'invalid_auth' });
    expect(emulator.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('sends X-OAuth-Scopes and X-Accepted-OAuth-Scopes as Slack does', async () => {
    const token = emulator.addToken({ scopes: ['users:read', 'chat:write'] });
    const result = await callSlack(
      emulator.url,
      'users.info',
      { user: emulator.bot.userId },
      { token },
    );
    expect(result.headers.get('x-oauth-scopes')).toBe('users:read,chat:write');
    expect(result.headers.get('x-accepted-oauth-scopes')).toBe('users:read');
  });

  it('takes the token from a form field but not from a JSON body', async () => {
    const viaForm = await callSlack(
      emulator.url,
      'auth.test',
      {},
      { token: emulator.botToken, tokenIn: 'body' },
    );
    expect(viaForm.body.ok).toBe(true);
    const viaJson = await callSlack(
      emulator.url,
      'auth.test',
      {},
      { token: emulator.botToken, tokenIn: 'body', encoding: 'json' },
    );
    expect(viaJson.body).toEqual({ ok: false, error: 'not_authed' });
    expect(emulator.calls[1]?.args).toEqual({});
  });

  it('reads query-string arguments of a GET', async () => {
    const response = await fetch(`${emulator.url}users.info?user=${emulator.bot.userId}`, {
      headers: { Authorization: `Bearer ${emulator.botToken}` },
    });
    expect(((await response.json()) as { user: { name: string } }).user.name).toBe('hikeshi');
  });

  it('answers invalid_post_type, missing_post_type and invalid_json for bodies it cannot read', async () => {
    const auth = { Authorization: `Bearer ${emulator.botToken}` };
    const xml = await post('auth.test', {
      headers: { ...auth, 'Content-Type': 'text/xml' },
      body: '<a/>',
    });
    expect(await xml.json()).toEqual({ ok: false, error: 'invalid_post_type' });
    const untyped = await post('auth.test', {
      headers: auth,
      body: new TextEncoder().encode('a=b'),
    });
    expect(await untyped.json()).toEqual({ ok: false, error: 'missing_post_type' });
    const broken = await post('auth.test', {
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: '{"a":',
    });
    expect(await broken.json()).toEqual({ ok: false, error: 'invalid_json' });
  });

  it('reset() gives a fresh workspace and forgets calls, latency, failures and limits', async () => {
    emulator.addChannel({ name: 'inc-1' });
    emulator.failNext('auth.test', { status: 503 });
    emulator.rateLimit('auth.test', { perMinute: 1 });
    await callSlack(emulator.url, 'auth.test', {}, { token: emulator.botToken });
    emulator.reset();
    expect(emulator.calls).toEqual([]);
    expect(emulator.channelNamed('inc-1')).toBeUndefined();
    const statuses = [];
    for (let i = 0; i < 2; i += 1)
      statuses.push(
        (await callSlack(emulator.url, 'auth.test', {}, { token: emulator.botToken })).status,
      );
    expect(statuses).toEqual([200, 200]);
  });
});
