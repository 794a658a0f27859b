import { nonEmpty, type SlackArgs, type SlackBody } from './args.ts';
import { canSee, type SlackChannel, type SlackToken, type WorkspaceState } from './state.ts';

/** What a method handler gets: the parsed arguments, the workspace, the caller's token, the time. */
export interface MethodContext {
  args: SlackArgs;
  state: WorkspaceState;
  token: SlackToken;
  /** The emulator clock, in milliseconds since the epoch. */
  nowMs: number;
  /** How long a trigger id can be exchanged (Slack: 3 seconds). */
  triggerTtlMs: number;
}

/** A Web API method: arguments in, answer body out (always HTTP 200). */
export type MethodHandler = (ctx: MethodContext) => SlackBody;

/** The emulator clock in whole seconds, as Slack's `created` and `date_*` fields are. */
export function nowSec(ctx: MethodContext): number {
  return Math.floor(ctx.nowMs / 1000);
}

/** The conversation named by the argument `key` (an id), if it exists and the caller can see it. */
export function visibleChannel(ctx: MethodContext, key = 'channel'): SlackChannel | undefined {
  const id = nonEmpty(ctx.args, key);
  const channel = id === undefined ? undefined : ctx.state.channels.get(id);
  return channel && canSee(channel, ctx.token.userId) ? channel : undefined;
}

/** Whether the caller is a member of the conversation. */
export function isMember(ctx: MethodContext, channel: SlackChannel): boolean {
  return channel.members.has(ctx.token.userId);
}
