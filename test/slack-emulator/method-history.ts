import { bool, fail, isTimestamp, nonEmpty, ok } from './args.ts';
import { isMember, visibleChannel, type MethodContext, type MethodHandler } from './context.ts';
import { presentMessage } from './present.ts';
import { HISTORY_SCOPES, requireScope } from './scopes.ts';
import type { SlackChannel, SlackMessage } from './state.ts';

/**
 * conversations.history and conversations.replies, per their pages on
 * docs.slack.dev/reference/methods: the bot reads a conversation it is in (`not_in_channel`
 * otherwise, `channel_not_found` for one it cannot see), with the `*:history` scope of the
 * conversation's kind.
 */

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 999;

function readable(ctx: MethodContext): SlackChannel | ReturnType<typeof fail> {
  const channel = visibleChannel(ctx);
  if (!channel) return fail('channel_not_found');
  const denied = requireScope(ctx.token, HISTORY_SCOPES[channel.kind]);
  if (denied) return denied;
  if (!isMember(ctx, channel)) return fail('not_in_channel');
  return channel;
}

function isChannel(value: SlackChannel | ReturnType<typeof fail>): value is SlackChannel {
  return !('ok' in value);
}

function limitOf(ctx: MethodContext): number | null {
  const raw = nonEmpty(ctx.args, 'limit');
  if (raw === undefined) return DEFAULT_LIMIT;
  if (!/^\d+$/.test(raw)) return null;
  return Math.min(Math.max(Number(raw), 1), MAX_LIMIT);
}

/** Messages between `oldest` and `latest` (exclusive unless `inclusive`). */
function inRange(ctx: MethodContext, messages: SlackMessage[]): SlackMessage[] | null {
  const latest = nonEmpty(ctx.args, 'latest');
  const oldest = nonEmpty(ctx.args, 'oldest');
  if ((latest !== undefined && !isTimestamp(latest)) || (oldest !== undefined && !isTimestamp(oldest))) return null;
  const inclusive = bool(ctx.args, 'inclusive');
  return messages.filter((m) => {
    const ts = Number(m.ts);
    if (latest !== undefined && (inclusive ? ts > Number(latest) : ts >= Number(latest))) return false;
    if (oldest !== undefined && (inclusive ? ts < Number(oldest) : ts <= Number(oldest))) return false;
    return true;
  });
}

/** conversations.history: top-level messages (thread replies are not in it), newest first. */
const history: MethodHandler = (ctx) => {
  const channel = readable(ctx);
  if (!isChannel(channel)) return channel;
  const limit = limitOf(ctx);
  if (limit === null) return fail('invalid_limit');
  const top = [...channel.messages.values()].filter((m) => m.threadTs === null || m.threadTs === m.ts);
  const chosen = inRange(ctx, top);
  if (chosen === null) return fail('invalid_ts_latest');
  const newestFirst = chosen.sort((a, b) => Number(b.ts) - Number(a.ts));
  // Metadata comes back only when asked for (`include_all_metadata`; the app subscribes to none).
  const withMetadata = bool(ctx.args, 'include_all_metadata');
  return ok({
    messages: newestFirst.slice(0, limit).map((m) => presentMessage(ctx.state, m, { withMetadata })),
    has_more: newestFirst.length > limit,
    pin_count: channel.pins.length,
    response_metadata: { next_cursor: '' },
  });
};

/**
 * conversations.replies: `ts` of a thread's parent or of any message in it; the parent first,
 * then the replies, oldest first. An unknown `ts` is `thread_not_found`.
 */
const replies: MethodHandler = (ctx) => {
  const channel = readable(ctx);
  if (!isChannel(channel)) return channel;
  const ts = nonEmpty(ctx.args, 'ts');
  const message = ts === undefined ? undefined : channel.messages.get(ts);
  if (!message) return fail('thread_not_found');
  const limit = limitOf(ctx);
  if (limit === null) return fail('invalid_limit');
  const parentTs = message.threadTs ?? message.ts;
  const thread = [...channel.messages.values()]
    .filter((m) => m.ts === parentTs || m.threadTs === parentTs)
    .sort((a, b) => Number(a.ts) - Number(b.ts));
  return ok({
    messages: thread.slice(0, limit).map((m) => presentMessage(ctx.state, m, { withMetadata: bool(ctx.args, 'include_all_metadata') })),
    has_more: thread.length > limit,
    response_metadata: { next_cursor: '' },
  });
};

export const historyMethods: Readonly<Record<string, MethodHandler>> = {
  'conversations.history': history,
  'conversations.replies': replies,
};
