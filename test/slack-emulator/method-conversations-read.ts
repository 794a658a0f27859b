import { bool, fail, nonEmpty, ok } from './args.ts';
import { visibleChannel, type MethodHandler } from './context.ts';
import { presentChannel } from './present.ts';
import { READ_SCOPES, requireScope } from './scopes.ts';
import { canSee, type ChannelKind } from './state.ts';

/** conversations.list and conversations.info, per their pages on docs.slack.dev/reference/methods. */

/** `types` values and the scope each needs; multi-person DMs are accepted but never exist here. */
const LIST_TYPES: Readonly<Record<string, { kind: ChannelKind | 'mpim'; scope: string }>> = {
  public_channel: { kind: 'public', scope: 'channels:read' },
  private_channel: { kind: 'private', scope: 'groups:read' },
  im: { kind: 'im', scope: 'im:read' },
  mpim: { kind: 'mpim', scope: 'mpim:read' },
};

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

/** Cursors look like Slack's: base64 of `channel:<id of the last item returned>`. */
function encodeCursor(lastId: string): string {
  return Buffer.from(`channel:${lastId}`).toString('base64');
}

function decodeCursor(cursor: string): string | null {
  const decoded = Buffer.from(cursor, 'base64').toString('utf8');
  return decoded.startsWith('channel:') ? decoded.slice('channel:'.length) : null;
}

/** `limit`: a positive integer (`invalid_limit` otherwise), at most 1000. */
function parseLimit(raw: string | undefined): number | null {
  if (raw === undefined) return DEFAULT_LIMIT;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) return null;
  return Math.min(Number(raw), MAX_LIMIT);
}

/**
 * conversations.list: `types` (default `public_channel`; `invalid_types` for anything else than
 * public_channel, private_channel, mpim, im; each type needs its read scope), `exclude_archived`,
 * cursor pagination with `limit` (default 100) and `response_metadata.next_cursor` (empty on the
 * last page). Private channels appear only to their members, as with a bot token.
 */
const list: MethodHandler = (ctx) => {
  const types = (nonEmpty(ctx.args, 'types') ?? 'public_channel').split(',').map((t) => t.trim());
  const wanted = types.map((type) => LIST_TYPES[type]);
  if (wanted.some((w) => w === undefined)) return fail('invalid_types');
  for (const type of wanted) {
    const denied = type ? requireScope(ctx.token, [type.scope]) : null;
    if (denied) return denied;
  }
  const limit = parseLimit(nonEmpty(ctx.args, 'limit'));
  if (limit === null) return fail('invalid_limit');
  const kinds = new Set(wanted.map((w) => w?.kind));
  const all = [...ctx.state.channels.values()].filter(
    (c) =>
      kinds.has(c.kind) &&
      canSee(c, ctx.token.userId) &&
      !(c.isArchived && bool(ctx.args, 'exclude_archived')),
  );
  const cursor = nonEmpty(ctx.args, 'cursor');
  let start = 0;
  if (cursor !== undefined) {
    const lastId = decodeCursor(cursor);
    const index = all.findIndex((c) => c.id === lastId);
    if (index < 0) return fail('invalid_cursor');
    start = index + 1;
  }
  const page = all.slice(start, start + limit);
  const last = page[page.length - 1];
  const nextCursor = last && start + limit < all.length ? encodeCursor(last.id) : '';
  return ok({
    channels: page.map((c) =>
      presentChannel(c, { viewer: ctx.token.userId, includeNumMembers: c.kind !== 'im' }),
    ),
    response_metadata: { next_cursor: nextCursor },
  });
};

/** conversations.info: `channel_not_found` for unknown ids and private channels the caller is not in. */
const info: MethodHandler = (ctx) => {
  const channel = visibleChannel(ctx);
  if (!channel) return fail('channel_not_found');
  const denied = requireScope(ctx.token, READ_SCOPES[channel.kind]);
  if (denied) return denied;
  return ok({
    channel: presentChannel(channel, {
      viewer: ctx.token.userId,
      includeNumMembers: bool(ctx.args, 'include_num_members'),
      includeLocale: bool(ctx.args, 'include_locale'),
    }),
  });
};

export const conversationReadMethods: Readonly<Record<string, MethodHandler>> = {
  'conversations.list': list,
  'conversations.info': info,
};
