import { fail, type SlackBody } from './args.ts';
import type { ChannelKind, SlackToken } from './state.ts';

/**
 * Bot-token scopes per method, as listed under "Scopes" on each method's page of
 * docs.slack.dev/reference/methods. Slack sends this list in the `X-Accepted-OAuth-Scopes`
 * header; a token holding none of them gets `missing_scope` before anything else is looked at.
 * Methods whose page says "No scopes required" have an empty list.
 */
export const METHOD_SCOPES: Readonly<Record<string, readonly string[]>> = {
  'auth.test': [],
  'conversations.create': [
    'channels:manage',
    'channels:write',
    'groups:write',
    'im:write',
    'mpim:write',
  ],
  'conversations.invite': [
    'channels:manage',
    'channels:write.invites',
    'groups:write',
    'groups:write.invites',
    'im:write',
    'mpim:write',
  ],
  'conversations.setTopic': [
    'channels:manage',
    'channels:write.topic',
    'groups:write',
    'groups:write.topic',
    'im:write',
    'im:write.topic',
    'mpim:write',
    'mpim:write.topic',
  ],
  'conversations.archive': [
    'channels:manage',
    'channels:write',
    'groups:write',
    'im:write',
    'mpim:write',
  ],
  'conversations.join': ['channels:join'],
  'conversations.list': ['channels:read', 'groups:read', 'im:read', 'mpim:read'],
  'conversations.info': ['channels:read', 'groups:read', 'im:read', 'mpim:read'],
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.getPermalink': [],
  'pins.add': ['pins:write'],
  'bookmarks.add': ['bookmarks:write'],
  'users.info': ['users:read'],
  'users.lookupByEmail': ['users:read.email'],
  'usergroups.users.list': ['usergroups:read'],
  'usergroups.list': ['usergroups:read'],
  'views.open': [],
  'views.update': [],
  'views.publish': [],
  'reactions.get': ['reactions:read'],
  'conversations.history': ['channels:history', 'groups:history', 'im:history', 'mpim:history'],
  'conversations.replies': ['channels:history', 'groups:history', 'im:history', 'mpim:history'],
  'functions.completeSuccess': [],
  'functions.completeError': [],
};

/** The scopes the default bot token holds: everything the methods above need, as hikeshi's manifest asks. */
export const DEFAULT_BOT_SCOPES: readonly string[] = [
  'bookmarks:write',
  'channels:join',
  'channels:history',
  'channels:manage',
  'channels:read',
  'chat:write',
  'chat:write.public',
  'commands',
  'groups:history',
  'groups:read',
  'groups:write',
  'im:read',
  'im:write',
  'pins:write',
  'reactions:read',
  'usergroups:read',
  'users:read',
  'users:read.email',
];

/** Scopes that let a bot change a conversation of each kind (create, archive). */
export const MANAGE_SCOPES: Readonly<Record<ChannelKind, readonly string[]>> = {
  public: ['channels:manage'],
  private: ['groups:write'],
  im: ['im:write'],
};

/** Scopes that let a bot invite into a conversation of each kind. */
export const INVITE_SCOPES: Readonly<Record<ChannelKind, readonly string[]>> = {
  public: ['channels:manage', 'channels:write.invites'],
  private: ['groups:write', 'groups:write.invites'],
  im: ['im:write'],
};

/** Scopes that let a bot set the topic of a conversation of each kind. */
export const TOPIC_SCOPES: Readonly<Record<ChannelKind, readonly string[]>> = {
  public: ['channels:manage', 'channels:write.topic'],
  private: ['groups:write', 'groups:write.topic'],
  im: ['im:write', 'im:write.topic'],
};

/** Scopes that let a bot read the messages of a conversation of each kind. */
export const HISTORY_SCOPES: Readonly<Record<ChannelKind, readonly string[]>> = {
  public: ['channels:history'],
  private: ['groups:history'],
  im: ['im:history'],
};

/** Scopes that let a bot read a conversation of each kind. */
export const READ_SCOPES: Readonly<Record<ChannelKind, readonly string[]>> = {
  public: ['channels:read'],
  private: ['groups:read'],
  im: ['im:read'],
};

/**
 * `missing_scope` unless the token holds one of `anyOf`. Like Slack, the answer names the
 * scopes that would do in `needed` and the token's scopes in `provided`, both comma-separated.
 */
export function requireScope(token: SlackToken, anyOf: readonly string[]): SlackBody | null {
  if (anyOf.length === 0 || anyOf.some((scope) => token.scopes.includes(scope))) return null;
  return fail('missing_scope', { needed: anyOf.join(','), provided: token.scopes.join(',') });
}
