import { bool, charLength, fail, ok, str, type SlackBody } from './args.ts';
import {
  isMember,
  nowSec,
  visibleChannel,
  type MethodContext,
  type MethodHandler,
} from './context.ts';
import { presentChannel } from './present.ts';
import { INVITE_SCOPES, MANAGE_SCOPES, requireScope, TOPIC_SCOPES } from './scopes.ts';
import { channelNamed, insertChannel, type SlackChannel } from './state.ts';

/**
 * conversations.create, .invite, .setTopic, .archive and .join, per their pages on
 * docs.slack.dev/reference/methods. conversations.list and .info are in method-conversations-read.ts.
 */

/**
 * The error conversations.create gives for a channel name, or null when it is valid. The page's
 * "Naming" section: "Channel names may only contain lowercase letters, numbers, hyphens, and
 * underscores, and must be 80 characters or less". Checked in this order: empty, too long,
 * other characters (upper case included), nothing but punctuation.
 */
export function channelNameError(name: string | undefined): string | null {
  if (name === undefined || name === '') return 'invalid_name_required';
  if (charLength(name) > 80) return 'invalid_name_maxlength';
  if (!/^[a-z0-9_-]+$/.test(name)) return 'invalid_name_specials';
  if (/^[_-]+$/.test(name)) return 'invalid_name_punctuation';
  return null;
}

const create: MethodHandler = (ctx) => {
  const isPrivate = bool(ctx.args, 'is_private');
  const denied = requireScope(ctx.token, MANAGE_SCOPES[isPrivate ? 'private' : 'public']);
  if (denied) return denied;
  const name = str(ctx.args, 'name');
  const nameError = channelNameError(name);
  if (nameError !== null || name === undefined) return fail(nameError ?? 'invalid_name_required');
  // Archived channels keep their names, so they still make a new one `name_taken`.
  if (channelNamed(ctx.state, name)) return fail('name_taken');
  const channel = insertChannel(ctx.state, {
    name,
    kind: isPrivate ? 'private' : 'public',
    creator: ctx.token.userId,
    now: nowSec(ctx),
  });
  return ok({ channel: presentChannel(channel, { viewer: ctx.token.userId }) });
};

/** Checks shared by methods that change a conversation the caller must belong to. */
function writableChannel(
  ctx: MethodContext,
  scopes: Readonly<Record<'public' | 'private' | 'im', readonly string[]>>,
): SlackChannel | SlackBody {
  const channel = visibleChannel(ctx);
  if (!channel) return fail('channel_not_found');
  const denied = requireScope(ctx.token, scopes[channel.kind]);
  if (denied) return denied;
  if (channel.isArchived) return fail('is_archived');
  if (!isMember(ctx, channel)) return fail('not_in_channel');
  return channel;
}

function isAnswer(value: SlackChannel | SlackBody): value is SlackBody {
  return 'ok' in value;
}

interface InviteOutcome {
  user: string;
  error: string | null;
}

/** Per user: `user_not_found`, `cant_invite_self`, `already_in_channel`, or null when invitable. */
function inviteOutcome(ctx: MethodContext, channel: SlackChannel, userId: string): InviteOutcome {
  const user = ctx.state.users.get(userId);
  if (!user || user.deleted) return { user: userId, error: 'user_not_found' };
  if (userId === ctx.token.userId) return { user: userId, error: 'cant_invite_self' };
  if (channel.members.has(userId)) return { user: userId, error: 'already_in_channel' };
  return { user: userId, error: null };
}

/**
 * conversations.invite. `users` is a comma-separated list of ids. An id that is invalid
 * (`user_not_found`, `cant_invite_self`) fails the whole call unless `force` is true, which
 * "continue[s] inviting the valid ones while disregarding invalid IDs". Users already in the
 * channel never stop the others: the call succeeds with an `errors` entry for each of them, and
 * fails with `already_in_channel` only when nobody was left to invite. Failures list every
 * problem in `errors` as `{ user, ok: false, error }`, the first one in `error`.
 */
const invite: MethodHandler = (ctx) => {
  const channel = writableChannel(ctx, INVITE_SCOPES);
  if (isAnswer(channel)) return channel;
  const ids = [...new Set((str(ctx.args, 'users') ?? '').split(',').map((id) => id.trim()))].filter(
    (id) => id !== '',
  );
  if (ids.length === 0) return fail('no_user');
  const outcomes = ids.map((id) => inviteOutcome(ctx, channel, id));
  const problems = outcomes
    .filter((o) => o.error !== null)
    .map((o) => ({ user: o.user, ok: false, error: o.error }));
  const invalid = problems.filter((p) => p.error !== 'already_in_channel');
  const invitable = outcomes.filter((o) => o.error === null).map((o) => o.user);
  const firstError = (list: typeof problems): string => list[0]?.error ?? 'user_not_found';
  if (invalid.length > 0 && !bool(ctx.args, 'force'))
    return fail(firstError(invalid), { errors: problems });
  if (invitable.length === 0)
    return fail(firstError(invalid.length > 0 ? invalid : problems), { errors: problems });
  for (const id of invitable) channel.members.add(id);
  const body = ok({ channel: presentChannel(channel, { viewer: ctx.token.userId }) });
  return problems.length > 0 ? { ...body, errors: problems } : body;
};

/** conversations.setTopic: at most 250 characters (`too_long`), no formatting. */
const setTopic: MethodHandler = (ctx) => {
  const channel = writableChannel(ctx, TOPIC_SCOPES);
  if (isAnswer(channel)) return channel;
  const topic = str(ctx.args, 'topic') ?? '';
  if (charLength(topic) > 250) return fail('too_long');
  channel.topic = { value: topic, creator: ctx.token.userId, last_set: nowSec(ctx) };
  return ok({ channel: presentChannel(channel, { viewer: ctx.token.userId }) });
};

const archive: MethodHandler = (ctx) => {
  const channel = visibleChannel(ctx);
  if (!channel) return fail('channel_not_found');
  const denied = requireScope(ctx.token, MANAGE_SCOPES[channel.kind]);
  if (denied) return denied;
  if (channel.kind === 'im') return fail('method_not_supported_for_channel_type');
  if (channel.isGeneral) return fail('cant_archive_general');
  if (channel.isArchived) return fail('already_archived');
  if (!isMember(ctx, channel)) return fail('not_in_channel');
  channel.isArchived = true;
  return ok();
};

/**
 * conversations.join: public channels only. Joining a channel the caller is already in succeeds
 * with the warning `already_in_channel`, in `warning` and `response_metadata.warnings`.
 */
const join: MethodHandler = (ctx) => {
  const channel = visibleChannel(ctx);
  if (!channel) return fail('channel_not_found');
  if (channel.kind !== 'public') return fail('method_not_supported_for_channel_type');
  if (channel.isArchived) return fail('is_archived');
  const wasMember = isMember(ctx, channel);
  channel.members.add(ctx.token.userId);
  const body = ok({ channel: presentChannel(channel, { viewer: ctx.token.userId }) });
  if (!wasMember) return body;
  return {
    ...body,
    warning: 'already_in_channel',
    response_metadata: { warnings: ['already_in_channel'] },
  };
};

export const conversationWriteMethods: Readonly<Record<string, MethodHandler>> = {
  'conversations.create': create,
  'conversations.invite': invite,
  'conversations.setTopic': setTopic,
  'conversations.archive': archive,
  'conversations.join': join,
};
