import { fail, isTimestamp, nonEmpty, ok, str } from './args.ts';
import { isMember, nowSec, visibleChannel, type MethodHandler } from './context.ts';
import { presentBookmark, presentMessage } from './present.ts';
import { nextId } from './state.ts';
import { permalinkFor } from './method-chat.ts';

/** pins.add, bookmarks.add and reactions.get, per their pages on docs.slack.dev/reference/methods. */

/**
 * pins.add: `channel` and `timestamp` ("both functionally required"). No timestamp:
 * `no_item_specified`; a malformed one: `bad_timestamp`; no such message: `message_not_found`;
 * pinned before: `already_pinned`; the caller outside the channel: `not_in_channel`.
 */
const pinsAdd: MethodHandler = (ctx) => {
  const channel = visibleChannel(ctx);
  if (!channel) return fail('channel_not_found');
  const ts = nonEmpty(ctx.args, 'timestamp');
  if (ts === undefined) return fail('no_item_specified');
  if (!isTimestamp(ts)) return fail('bad_timestamp');
  if (!channel.messages.has(ts)) return fail('message_not_found');
  if (!isMember(ctx, channel)) return fail('not_in_channel');
  if (channel.pins.includes(ts)) return fail('already_pinned');
  channel.pins.push(ts);
  return ok();
};

/** `:name:` as an emoji tag; anything else is `invalid_emoji`. */
const EMOJI = /^:[a-z0-9_+'-]+:$/;

/**
 * bookmarks.add for `type: link` (the only type emulated): `channel_id`, `title`, `type` and a
 * `link` starting with http:// or https:// (`invalid_link`); other types: `invalid_bookmark_type`.
 */
const bookmarksAdd: MethodHandler = (ctx) => {
  const channel = visibleChannel(ctx, 'channel_id');
  if (!channel) return fail('channel_not_found');
  const title = nonEmpty(ctx.args, 'title');
  const type = nonEmpty(ctx.args, 'type');
  if (title === undefined || type === undefined) {
    const missing = title === undefined ? 'title' : 'type';
    return fail('invalid_arguments', {
      response_metadata: { messages: [`[ERROR] missing required field: ${missing}`] },
    });
  }
  if (type !== 'link') return fail('invalid_bookmark_type');
  const link = str(ctx.args, 'link') ?? '';
  if (!/^https?:\/\//.test(link)) return fail('invalid_link');
  const emoji = nonEmpty(ctx.args, 'emoji') ?? null;
  if (emoji !== null && !EMOJI.test(emoji)) return fail('invalid_emoji');
  const bookmark = {
    id: nextId(ctx.state, 'Bk'),
    title,
    link,
    emoji,
    dateCreated: nowSec(ctx),
    rank: String.fromCharCode('g'.charCodeAt(0) + channel.bookmarks.length),
    createdBy: ctx.token.userId,
  };
  channel.bookmarks.push(bookmark);
  return ok({ bookmark: presentBookmark(ctx.state, channel.id, bookmark) });
};

/** reactions.get for a message (`channel` + `timestamp`; files are not emulated). */
const reactionsGet: MethodHandler = (ctx) => {
  const ts = nonEmpty(ctx.args, 'timestamp');
  if (nonEmpty(ctx.args, 'channel') === undefined || ts === undefined)
    return fail('no_item_specified');
  const channel = visibleChannel(ctx);
  if (!channel) return fail('channel_not_found');
  if (!isTimestamp(ts)) return fail('bad_timestamp');
  const message = channel.messages.get(ts);
  if (!message) return fail('message_not_found');
  return ok({
    type: 'message',
    channel: channel.id,
    message: {
      ...presentMessage(ctx.state, message),
      permalink: permalinkFor(ctx.state, channel.id, message),
    },
  });
};

export const itemMethods: Readonly<Record<string, MethodHandler>> = {
  'pins.add': pinsAdd,
  'bookmarks.add': bookmarksAdd,
  'reactions.get': reactionsGet,
};
