import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Controls, METHOD_TIERS, type FailureSpec, type RateLimitSpec } from './controls.ts';
import { DEFAULT_BOT_SCOPES } from './scopes.ts';
import { handleRequest, type RecordedCall } from './server.ts';
import {
  channelNamed,
  createWorkspace,
  insertChannel,
  insertUser,
  nextId,
  nextTs,
  type SlackChannel,
  type SlackFunctionExecution,
  type SlackMessage,
  type SlackUser,
  type SlackUserGroup,
  type WorkspaceState,
} from './state.ts';

/**
 * A Slack Web API emulator for tests: an HTTP server on 127.0.0.1 (random port) that answers the
 * methods hikeshi calls with Slack's documented argument rules and error codes, over a workspace
 * the test builds, and that records every call. Point a client at `url`
 * (`new WebClient(token, { slackApiUrl: emulator.url })`). See docs/slack-emulator.md.
 */

export type { RecordedCall } from './server.ts';
export type { FailureSpec, RateLimitSpec } from './controls.ts';
export type {
  SlackChannel,
  SlackFunctionExecution,
  SlackMessage,
  SlackUser,
  SlackUserGroup,
  WorkspaceState,
} from './state.ts';
export { DEFAULT_BOT_SCOPES, METHOD_SCOPES } from './scopes.ts';
export { METHOD_TIERS } from './controls.ts';
export { channelNameError } from './method-conversations.ts';

export interface SlackEmulatorOptions {
  /** The bot token the workspace starts with (default `xoxb-…-emulator`). */
  botToken?: string;
  /** Its scopes (default DEFAULT_BOT_SCOPES). */
  botScopes?: readonly string[];
  botName?: string;
  teamName?: string;
  /** Workspace subdomain, used in `auth.test`'s `url` and permalinks. */
  teamDomain?: string;
  /** The clock for timestamps, trigger expiry and rate-limit windows (default: real time). */
  clock?: { now(): Date };
  /** How long a trigger id stays exchangeable (default 3000 ms, as Slack documents). */
  triggerTtlMs?: number;
}

export interface NewUserInput {
  name: string;
  realName?: string;
  email?: string;
  /** Slack locale (default `en-US`). */
  locale?: string;
  /** IANA time zone (default `Asia/Tokyo`). */
  tz?: string;
  isBot?: boolean;
  deleted?: boolean;
}

export interface NewChannelInput {
  name: string;
  isPrivate?: boolean;
  isArchived?: boolean;
  /** User ids in the channel besides the bot. */
  members?: readonly string[];
  /** Whether the bot is in the channel (default true). */
  hasBot?: boolean;
  topic?: string;
}

export interface NewMessageInput {
  /** Author; the bot's user id makes a message the bot posted (and may update). */
  user: string;
  text: string;
  blocks?: unknown[];
  threadTs?: string;
}

const DEFAULT_BOT_TOKEN = 'xoxb-1000000001-2000000001-emulatorBotToken0001';

/** Starts an emulator on 127.0.0.1 with a random port. */
export async function startSlackEmulator(
  options: SlackEmulatorOptions = {},
): Promise<SlackEmulator> {
  const emulator = new SlackEmulator(options);
  await emulator.listen();
  return emulator;
}

/** The running emulator: its URL, its workspace, the calls it got, and what tests can do to it. */
export class SlackEmulator {
  /** Base URL for `slackApiUrl`, like `http://127.0.0.1:PORT/api/`. */
  url = '';
  /** Every call, in arrival order. */
  readonly calls: RecordedCall[] = [];
  readonly botToken: string;
  private workspace: WorkspaceState;
  private controls = new Controls();
  private readonly server: Server;
  private readonly clock: { now(): Date };

  constructor(private readonly options: SlackEmulatorOptions) {
    this.botToken = options.botToken ?? DEFAULT_BOT_TOKEN;
    this.clock = options.clock ?? { now: () => new Date() };
    this.workspace = this.freshWorkspace();
    const deps = {
      state: () => this.workspace,
      controls: () => this.controls,
      now: () => this.clock.now(),
      triggerTtlMs: options.triggerTtlMs ?? 3000,
      record: (call: RecordedCall) => this.calls.push(call),
    };
    this.server = createServer((req, res) => {
      void handleRequest(deps, req, res);
    });
  }

  /** Binds the server; called by startSlackEmulator. */
  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}/api/`;
  }

  /** The workspace as it is now (replaced by `reset()`). */
  get state(): WorkspaceState {
    return this.workspace;
  }

  /** The bot user, bot and app ids. */
  get bot(): WorkspaceState['bot'] {
    return this.workspace.bot;
  }

  /** The recorded calls of one method. */
  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  addUser(input: NewUserInput): SlackUser {
    return insertUser(this.workspace, { ...input, now: this.nowSec() });
  }

  /** Adds a user group (id `S…`). */
  addUserGroup(input: {
    handle: string;
    name?: string;
    users?: readonly string[];
    isDisabled?: boolean;
  }): SlackUserGroup {
    const group = {
      id: nextId(this.workspace, 'S'),
      handle: input.handle,
      name: input.name ?? input.handle,
      users: [...(input.users ?? [])],
      isDisabled: input.isDisabled ?? false,
    };
    this.workspace.userGroups.set(group.id, group);
    return group;
  }

  /** Adds a channel as if someone had made it; names are not checked but must be free. */
  addChannel(input: NewChannelInput): SlackChannel {
    if (channelNamed(this.workspace, input.name))
      throw new Error(`a channel is already named ${input.name}`);
    const hasBot = input.hasBot ?? true;
    const creator = hasBot
      ? this.workspace.bot.userId
      : (input.members?.[0] ?? this.workspace.bot.userId);
    const channel = insertChannel(this.workspace, {
      name: input.name,
      kind: input.isPrivate ? 'private' : 'public',
      creator,
      now: this.nowSec(),
    });
    for (const member of input.members ?? []) channel.members.add(member);
    if (!hasBot) channel.members.delete(this.workspace.bot.userId);
    channel.isArchived = input.isArchived ?? false;
    if (input.topic !== undefined)
      channel.topic = { value: input.topic, creator, last_set: this.nowSec() };
    return channel;
  }

  /** The channel with this name, if any. */
  channelNamed(name: string): SlackChannel | undefined {
    return channelNamed(this.workspace, name);
  }

  /** Adds a message to a channel as if `input.user` had posted it. */
  addMessage(channelId: string, input: NewMessageInput): SlackMessage {
    const channel = this.requireChannel(channelId);
    const message: SlackMessage = {
      ts: nextTs(this.workspace, this.clock.now().getTime()),
      user: input.user,
      botId: input.user === this.workspace.bot.userId ? this.workspace.bot.botId : null,
      text: input.text,
      blocks: input.blocks ?? null,
      attachments: null,
      threadTs: input.threadTs ?? null,
      edited: null,
      reactions: new Map(),
    };
    channel.messages.set(message.ts, message);
    return message;
  }

  /** Adds `userId`'s reaction `name` (without colons) to a message. */
  addReaction(channelId: string, ts: string, name: string, userId: string): void {
    const message = this.requireChannel(channelId).messages.get(ts);
    if (!message) throw new Error(`no message ${ts} in ${channelId}`);
    message.reactions.set(name, [...(message.reactions.get(name) ?? []), userId]);
  }

  /** Adds another token acting as the bot, with the given scopes; returns it. */
  addToken(input: { scopes: readonly string[]; token?: string }): string {
    const token = input.token ?? `xoxb-1000000001-2000000001-${randomBytes(12).toString('hex')}`;
    const { userId, botId } = this.workspace.bot;
    this.workspace.tokens.set(token, {
      token,
      scopes: [...input.scopes],
      userId,
      botId,
      isRevoked: false,
    });
    return token;
  }

  /**
   * Adds an app-level token (`xapp-…`, scope `connections:write` unless `scopes` says otherwise)
   * for Socket Mode: apps.connections.open then answers `socketUrl`, the test's WebSocket server.
   */
  addAppToken(input: { socketUrl: string; scopes?: readonly string[]; token?: string }): string {
    const token = input.token ?? `xapp-1-${this.workspace.bot.appId}-3000000001-${randomBytes(16).toString('hex')}`;
    const { userId, botId } = this.workspace.bot;
    this.workspace.tokens.set(token, {
      token,
      scopes: [...(input.scopes ?? ['connections:write'])],
      userId,
      botId,
      isRevoked: false,
    });
    this.workspace.socketModeUrl = input.socketUrl;
    return token;
  }

  /** From now on the token answers `token_revoked`. */
  revokeToken(token: string): void {
    const record = this.workspace.tokens.get(token);
    if (!record) throw new Error('unknown token');
    record.isRevoked = true;
  }

  /** A trigger id as Slack puts in interaction payloads, exchangeable once within triggerTtlMs. */
  issueTriggerId(): string {
    const issuedAt = this.clock.now().getTime();
    const id = `${Math.floor(issuedAt / 1000)}.${this.workspace.triggers.size + 1000001}.${randomBytes(16).toString('hex')}`;
    this.workspace.triggers.set(id, { id, issuedAt, isExchanged: false });
    return id;
  }

  /**
   * Starts a run of the app's workflow custom step `callbackId` (as Workflow Builder does before
   * sending `function_executed`): its id `Fx…` is accepted once by functions.completeSuccess or
   * functions.completeError.
   */
  startFunctionExecution(callbackId: string, inputs: Record<string, unknown>): SlackFunctionExecution {
    const execution: SlackFunctionExecution = {
      id: nextId(this.workspace, 'Fx'),
      callbackId,
      inputs,
      state: 'running',
      outputs: null,
      error: null,
    };
    this.workspace.functionExecutions.set(execution.id, execution);
    return execution;
  }

  /** A fresh workspace; calls, latency, failures and rate limits forgotten. */
  reset(): void {
    this.workspace = this.freshWorkspace();
    this.controls = new Controls();
    this.calls.length = 0;
  }

  /** Delays the answers of `methods` (or of every method) by `ms` milliseconds; 0 removes it. */
  injectLatency(ms: number, methods?: readonly string[]): void {
    this.controls.setLatency(ms, methods);
  }

  /** Makes the next call(s) of `method` fail: a Slack error (HTTP 200), a 429 with `Retry-After`, a 5xx. */
  failNext(method: string, spec: FailureSpec = {}): void {
    this.controls.addFailure(method, spec);
  }

  /** Limits `method` to `perMinute` calls in any 60 s (or its tier's floor); the rest get 429 + `Retry-After`. */
  rateLimit(method: string, spec: RateLimitSpec): void {
    this.controls.setRateLimit(method, spec);
  }

  /** Applies the documented tier of every emulated method that has one (METHOD_TIERS). */
  rateLimitAsDocumented(): void {
    for (const [method, tier] of Object.entries(METHOD_TIERS)) {
      if (tier !== 'special') this.controls.setRateLimit(method, { tier });
    }
  }

  /** Stops the server, dropping open connections. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      this.server.close((error) => (error ? reject(error) : resolve())),
    );
  }

  private freshWorkspace(): WorkspaceState {
    return createWorkspace({
      teamName: this.options.teamName ?? 'Hikeshi Test',
      teamDomain: this.options.teamDomain ?? 'hikeshi-test',
      botName: this.options.botName ?? 'hikeshi',
      botToken: this.botToken,
      botScopes: this.options.botScopes ?? DEFAULT_BOT_SCOPES,
      createdAt: this.nowSec(),
    });
  }

  private nowSec(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }

  private requireChannel(channelId: string): SlackChannel {
    const channel = this.workspace.channels.get(channelId);
    if (!channel) throw new Error(`no channel ${channelId}`);
    return channel;
  }
}
