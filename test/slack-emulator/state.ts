/**
 * The emulated workspace: users, user groups, conversations with their messages, pins and
 * bookmarks, views, trigger ids and tokens. Plain data that the method handlers read and change;
 * ids and message timestamps come from counters so a test sees the same ids on every run.
 */

export type ChannelKind = 'public' | 'private' | 'im';

export interface SlackUser {
  id: string;
  name: string;
  realName: string;
  email: string | null;
  /** Slack locale, such as `ja-JP` or `en-US`. */
  locale: string;
  /** IANA time zone, such as `Asia/Tokyo`. */
  tz: string;
  isBot: boolean;
  deleted: boolean;
  updated: number;
}

export interface SlackMessage {
  ts: string;
  user: string;
  /** Set for messages posted by a bot token. */
  botId: string | null;
  text: string;
  blocks: unknown[] | null;
  attachments: unknown[] | null;
  threadTs: string | null;
  edited: { user: string; ts: string } | null;
  /** Reaction name → user ids, in the order they reacted. */
  reactions: Map<string, string[]>;
  /** Message metadata (`event_type`, `event_payload`) the app posted with it, if any. */
  metadata?: SlackMessageMetadata | null;
}

/** Metadata attached to a message (docs.slack.dev/messaging/message-metadata). */
export interface SlackMessageMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

export interface SlackEphemeral {
  ts: string;
  user: string;
  text: string;
  blocks: unknown[] | null;
}

export interface SlackBookmark {
  id: string;
  title: string;
  link: string;
  emoji: string | null;
  dateCreated: number;
  rank: string;
  createdBy: string;
}

export interface SlackTextMeta {
  value: string;
  creator: string;
  last_set: number;
}

export interface SlackChannel {
  id: string;
  name: string;
  kind: ChannelKind;
  /** The other party of a direct message conversation. */
  imUser: string | null;
  created: number;
  creator: string;
  isArchived: boolean;
  isGeneral: boolean;
  members: Set<string>;
  topic: SlackTextMeta;
  purpose: SlackTextMeta;
  previousNames: string[];
  messages: Map<string, SlackMessage>;
  ephemeral: SlackEphemeral[];
  /** Pinned message timestamps, oldest pin first. */
  pins: string[];
  bookmarks: SlackBookmark[];
}

export interface SlackUserGroup {
  id: string;
  handle: string;
  name: string;
  users: string[];
  /** A disabled group (usergroups.disable): listed only with `include_disabled`. */
  isDisabled?: boolean;
}

export interface SlackToken {
  token: string;
  scopes: string[];
  /** The bot user the token acts as. */
  userId: string;
  botId: string;
  isRevoked: boolean;
}

export interface SlackView {
  id: string;
  type: 'modal' | 'home';
  /** Owner of a Home tab view. */
  userId: string | null;
  hash: string;
  externalId: string;
  definition: Record<string, unknown>;
}

export interface SlackTrigger {
  id: string;
  issuedAt: number;
  isExchanged: boolean;
}

/** One run of a Workflow Builder custom step (a function) by the app. */
export interface SlackFunctionExecution {
  id: string;
  callbackId: string;
  inputs: Record<string, unknown>;
  state: 'running' | 'completed' | 'failed';
  outputs: Record<string, unknown> | null;
  error: string | null;
}

export interface WorkspaceState {
  team: { id: string; name: string; domain: string };
  bot: { userId: string; botId: string; appId: string; name: string };
  users: Map<string, SlackUser>;
  userGroups: Map<string, SlackUserGroup>;
  channels: Map<string, SlackChannel>;
  tokens: Map<string, SlackToken>;
  views: Map<string, SlackView>;
  /** User id → id of the Home tab view published for them. */
  homeViews: Map<string, string>;
  triggers: Map<string, SlackTrigger>;
  /** Workflow custom-step runs (functions.completeSuccess / completeError). */
  functionExecutions: Map<string, SlackFunctionExecution>;
  /** What apps.connections.open answers for an app-level token (`addAppToken`); null before. */
  socketModeUrl: string | null;
  sequences: Map<string, number>;
  lastTs: { sec: number; seq: number };
}

export interface WorkspaceOptions {
  teamName: string;
  teamDomain: string;
  botName: string;
  botToken: string;
  botScopes: readonly string[];
  /** Seconds since the epoch when the workspace was made. */
  createdAt: number;
}

/** A new workspace holding the bot user, its token and a #general channel the bot is not in. */
export function createWorkspace(options: WorkspaceOptions): WorkspaceState {
  const state: WorkspaceState = {
    team: { id: '', name: options.teamName, domain: options.teamDomain },
    bot: { userId: '', botId: '', appId: '', name: options.botName },
    users: new Map(),
    userGroups: new Map(),
    channels: new Map(),
    tokens: new Map(),
    views: new Map(),
    homeViews: new Map(),
    triggers: new Map(),
    functionExecutions: new Map(),
    socketModeUrl: null,
    sequences: new Map(),
    lastTs: { sec: 0, seq: 0 },
  };
  state.team.id = nextId(state, 'T');
  state.bot.botId = nextId(state, 'B');
  state.bot.appId = nextId(state, 'A');
  const bot = insertUser(state, { name: options.botName, isBot: true, now: options.createdAt });
  state.bot.userId = bot.id;
  state.tokens.set(options.botToken, {
    token: options.botToken,
    scopes: [...options.botScopes],
    userId: bot.id,
    botId: state.bot.botId,
    isRevoked: false,
  });
  const general = insertChannel(state, {
    name: 'general',
    kind: 'public',
    creator: bot.id,
    now: options.createdAt,
  });
  general.isGeneral = true;
  general.members.delete(bot.id);
  return state;
}

/**
 * A Slack-looking id: the prefix, a `0` and eight base-36 characters drawn from a per-prefix
 * counter (scrambled by a multiplier coprime with 36^8, so ids stay unique and deterministic).
 */
export function nextId(state: WorkspaceState, prefix: string): string {
  const n = (state.sequences.get(prefix) ?? 0) + 1;
  state.sequences.set(prefix, n);
  const space = 36 ** 8;
  // An offset per prefix, so the first user and the first channel do not share their digits.
  const offset = [...prefix].reduce((sum, char) => sum * 31 + char.charCodeAt(0), 7);
  const scrambled = Number((BigInt(n + offset) * 2_654_435_761n) % BigInt(space));
  return `${prefix}0${scrambled.toString(36).toUpperCase().padStart(8, '0')}`;
}

/** A message timestamp `SECONDS.SEQUENCE` (like `1732500000.000100`), unique in the workspace. */
export function nextTs(state: WorkspaceState, nowMs: number): string {
  const sec = Math.max(Math.floor(nowMs / 1000), state.lastTs.sec);
  const seq = sec === state.lastTs.sec ? state.lastTs.seq + 100 : 100;
  // A frozen test clock may post more than 9,999 messages in one second: spill into the next.
  state.lastTs = seq < 1_000_000 ? { sec, seq } : { sec: sec + 1, seq: 100 };
  return `${state.lastTs.sec}.${String(state.lastTs.seq).padStart(6, '0')}`;
}

export interface NewUser {
  name: string;
  realName?: string;
  email?: string | null;
  locale?: string;
  tz?: string;
  isBot?: boolean;
  deleted?: boolean;
  now: number;
}

/** Adds a user (id `U…`). */
export function insertUser(state: WorkspaceState, input: NewUser): SlackUser {
  const user: SlackUser = {
    id: nextId(state, 'U'),
    name: input.name,
    realName: input.realName ?? input.name,
    email: input.email ?? null,
    locale: input.locale ?? 'en-US',
    tz: input.tz ?? 'Asia/Tokyo',
    isBot: input.isBot ?? false,
    deleted: input.deleted ?? false,
    updated: input.now,
  };
  state.users.set(user.id, user);
  return user;
}

export interface NewChannel {
  name: string;
  kind: ChannelKind;
  creator: string;
  now: number;
  imUser?: string;
}

/** Adds a conversation (id `C…`, or `D…` for a direct message) whose creator is its first member. */
export function insertChannel(state: WorkspaceState, input: NewChannel): SlackChannel {
  const emptyMeta = (): SlackTextMeta => ({ value: '', creator: '', last_set: 0 });
  const channel: SlackChannel = {
    id: nextId(state, input.kind === 'im' ? 'D' : 'C'),
    name: input.name,
    kind: input.kind,
    imUser: input.imUser ?? null,
    created: input.now,
    creator: input.creator,
    isArchived: false,
    isGeneral: false,
    members: new Set([input.creator]),
    topic: emptyMeta(),
    purpose: emptyMeta(),
    previousNames: [],
    messages: new Map(),
    ephemeral: [],
    pins: [],
    bookmarks: [],
  };
  if (input.imUser) channel.members.add(input.imUser);
  state.channels.set(channel.id, channel);
  return channel;
}

/** The direct message conversation between the bot and `userId`, opened on first use. */
export function directMessageWith(
  state: WorkspaceState,
  userId: string,
  nowSec: number,
): SlackChannel {
  for (const channel of state.channels.values()) {
    if (channel.kind === 'im' && channel.imUser === userId) return channel;
  }
  return insertChannel(state, {
    name: userId,
    kind: 'im',
    creator: state.bot.userId,
    now: nowSec,
    imUser: userId,
  });
}

/** The channel with this name (any kind but direct messages, archived ones included). */
export function channelNamed(state: WorkspaceState, name: string): SlackChannel | undefined {
  for (const channel of state.channels.values()) {
    if (channel.kind !== 'im' && channel.name === name) return channel;
  }
  return undefined;
}

/** Whether the caller can see the channel at all: Slack hides private channels from non-members. */
export function canSee(channel: SlackChannel, userId: string): boolean {
  return channel.kind === 'public' || channel.members.has(userId);
}
