import { charLength, fail, isObject, jsonArg, nonEmpty, ok, str, type SlackBody } from './args.ts';
import { blockProblems } from './blocks.ts';
import {
  isMember,
  nowSec,
  visibleChannel,
  type MethodContext,
  type MethodHandler,
} from './context.ts';
import { presentMessage } from './present.ts';
import {
  canSee,
  channelNamed,
  directMessageWith,
  nextTs,
  type SlackChannel,
  type SlackMessage,
  type SlackMessageMetadata,
  type WorkspaceState,
} from './state.ts';

/**
 * chat.postMessage, chat.update, chat.postEphemeral and chat.getPermalink, per their pages on
 * docs.slack.dev/reference/methods, Block Kit limits from blocks.ts, and the changelog
 * "Truncating really long messages" (text over 40,000 characters is cut, with a warning).
 */

const TRUNCATE_AT = 40_000;
const UPDATE_TEXT_LIMIT = 4_000;
const MAX_ATTACHMENTS = 100;

interface Content {
  text: string | undefined;
  blocks: unknown[] | null;
  attachments: unknown[] | null;
  markdownText: string | undefined;
}

function isAnswer<T extends object>(value: T | SlackBody): value is SlackBody {
  return 'ok' in value && typeof value.ok === 'boolean';
}

/** `invalid_blocks` as Slack words it: problems in `errors` and, prefixed, in `response_metadata.messages`. */
function invalidBlocks(problems: string[]): SlackBody {
  return fail('invalid_blocks', {
    errors: problems,
    response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) },
  });
}

/** The message content arguments, checked: `blocks`, `attachments`, `text`, `markdown_text`. */
function readContent(ctx: MethodContext): Content | SlackBody {
  const text = str(ctx.args, 'text');
  const markdownText = nonEmpty(ctx.args, 'markdown_text');
  const blocksArg = jsonArg(ctx.args, 'blocks');
  if (markdownText !== undefined && (text !== undefined || blocksArg.kind !== 'absent')) {
    return fail('markdown_text_conflict');
  }
  if (
    blocksArg.kind === 'invalid' ||
    (blocksArg.kind === 'value' && !Array.isArray(blocksArg.value))
  ) {
    return fail('invalid_blocks_format');
  }
  const blocks = blocksArg.kind === 'value' ? (blocksArg.value as unknown[]) : null;
  const problems = blocks ? blockProblems(blocks, 'message', '/blocks') : [];
  if (problems.length > 0) return invalidBlocks(problems);
  const attachmentsArg = jsonArg(ctx.args, 'attachments');
  if (
    attachmentsArg.kind === 'invalid' ||
    (attachmentsArg.kind === 'value' && !Array.isArray(attachmentsArg.value))
  ) {
    return fail('invalid_attachments');
  }
  const attachments = attachmentsArg.kind === 'value' ? (attachmentsArg.value as unknown[]) : null;
  if (attachments && attachments.length > MAX_ATTACHMENTS) return fail('too_many_attachments');
  return { text, blocks, attachments, markdownText };
}

function hasContent(content: Content): boolean {
  return (
    (content.text !== undefined && content.text !== '') ||
    (content.blocks !== null && content.blocks.length > 0) ||
    (content.attachments !== null && content.attachments.length > 0) ||
    content.markdownText !== undefined
  );
}

/**
 * Where chat.postMessage and chat.postEphemeral post: a channel id, a channel name (with or
 * without `#`), or a user id (the bot's direct message with them). Archived: `is_archived`. A
 * public channel the bot is not in needs `chat:write.public` ("Send messages to channels your
 * Slack app isn't a member of"), else `not_in_channel`; a private one it is not in does not exist
 * for it (`channel_not_found`).
 */
function destination(ctx: MethodContext): SlackChannel | SlackBody {
  const ref = nonEmpty(ctx.args, 'channel');
  if (ref === undefined) return fail('channel_not_found');
  let channel: SlackChannel | undefined;
  if (/^[UW][A-Z0-9]{8,}$/.test(ref)) {
    const user = ctx.state.users.get(ref);
    channel = user && !user.deleted ? directMessageWith(ctx.state, ref, nowSec(ctx)) : undefined;
  } else if (/^[CGD][A-Z0-9]{8,}$/.test(ref)) {
    channel = ctx.state.channels.get(ref);
  } else {
    channel = channelNamed(ctx.state, ref.replace(/^#/, ''));
  }
  if (!channel || !canSee(channel, ctx.token.userId)) return fail('channel_not_found');
  if (channel.isArchived) return fail('is_archived');
  if (!isMember(ctx, channel) && !ctx.token.scopes.includes('chat:write.public'))
    return fail('not_in_channel');
  return channel;
}

/** Text over 40,000 characters is cut and the answer carries the `message_truncated` warning. */
function truncate(text: string): { text: string; isTruncated: boolean } {
  if (charLength(text) <= TRUNCATE_AT) return { text, isTruncated: false };
  return { text: [...text].slice(0, TRUNCATE_AT).join(''), isTruncated: true };
}

const TRUNCATED_WARNING = {
  warning: 'message_truncated',
  response_metadata: {
    messages: [
      '[WARN] Your message was truncated but still posted. The `text` field accepts up to 40,000 characters.',
    ],
    warnings: ['message_truncated'],
  },
};

/** Metadata's size limit the emulator enforces (the page names `metadata_too_large`, no figure). */
const METADATA_LIMIT = 8_000;

/**
 * The `metadata` argument (JSON text in a form, an object in JSON): `{ event_type, event_payload }`
 * with a non-empty string type and an object payload, else `invalid_metadata_format`; its JSON
 * over METADATA_LIMIT characters `metadata_too_large`. Absent: undefined.
 */
function readMetadata(ctx: MethodContext): SlackMessageMetadata | undefined | SlackBody {
  const arg = jsonArg(ctx.args, 'metadata');
  if (arg.kind === 'absent') return undefined;
  if (arg.kind === 'invalid' || !isObject(arg.value)) return fail('invalid_metadata_format');
  const { event_type: type, event_payload: payload } = arg.value;
  if (typeof type !== 'string' || type === '' || !isObject(payload)) return fail('invalid_metadata_format');
  if (JSON.stringify(arg.value).length > METADATA_LIMIT) return fail('metadata_too_large');
  return { event_type: type, event_payload: payload };
}

/** Whether the argument is an empty JSON object (`{}`), which chat.update reads as "remove it". */
function isEmptyObjectArg(ctx: MethodContext, key: string): boolean {
  const arg = jsonArg(ctx.args, key);
  return arg.kind === 'value' && isObject(arg.value) && Object.keys(arg.value).length === 0;
}

const postMessage: MethodHandler = (ctx) => {
  const channel = destination(ctx);
  if (isAnswer(channel)) return channel;
  const content = readContent(ctx);
  if (isAnswer(content)) return content;
  if (!hasContent(content)) return fail('no_text');
  const metadata = readMetadata(ctx);
  if (metadata !== undefined && 'ok' in metadata) return metadata;
  const { text, isTruncated } = truncate(content.text ?? content.markdownText ?? '');
  const message: SlackMessage = {
    ts: nextTs(ctx.state, ctx.nowMs),
    user: ctx.token.userId,
    botId: ctx.token.botId,
    text,
    blocks: content.blocks,
    attachments: content.attachments,
    threadTs: nonEmpty(ctx.args, 'thread_ts') ?? null,
    edited: null,
    reactions: new Map(),
    metadata: metadata ?? null,
  };
  channel.messages.set(message.ts, message);
  const body = ok({
    channel: channel.id,
    ts: message.ts,
    message: presentMessage(ctx.state, message),
  });
  return isTruncated ? { ...body, ...TRUNCATED_WARNING } : body;
};

/**
 * chat.update: `channel` must be the conversation's id (a name or a user id is
 * `channel_not_found`); `message_not_found` for an unknown `ts`; `cant_update_message` for a
 * message the caller did not post; `is_inactive` in an archived channel; `msg_too_long` past
 * 4,000 characters of `text`. As the method's page says of `blocks`, `attachments` and `metadata`:
 * "If you don't include this field, the message's previous blocks will be retained. To remove
 * previous blocks, include an empty array for this field" — so new `text` alone keeps the old
 * blocks (it only replaces the notification text), `blocks: []` removes them, and `metadata: {}`
 * removes the metadata.
 */
const update: MethodHandler = (ctx) => {
  const channel = visibleChannel(ctx);
  if (!channel) return fail('channel_not_found');
  if (channel.isArchived) return fail('is_inactive');
  const ts = nonEmpty(ctx.args, 'ts');
  const message = ts === undefined ? undefined : channel.messages.get(ts);
  if (!message) return fail('message_not_found');
  if (message.botId !== ctx.token.botId) return fail('cant_update_message');
  const content = readContent(ctx);
  if (isAnswer(content)) return content;
  if (!hasContent(content)) return fail('no_text');
  if (content.text !== undefined && charLength(content.text) > UPDATE_TEXT_LIMIT)
    return fail('msg_too_long');
  const metadata = isEmptyObjectArg(ctx, 'metadata') ? null : readMetadata(ctx);
  if (metadata !== null && metadata !== undefined && 'ok' in metadata) return metadata;
  if (metadata !== undefined) message.metadata = metadata; // absent: the old metadata stays
  if (content.text !== undefined) message.text = content.text;
  // Absent: the old blocks (attachments) stay; an empty array removes them.
  if (content.blocks !== null) message.blocks = content.blocks.length > 0 ? content.blocks : null;
  if (content.attachments !== null) message.attachments = content.attachments.length > 0 ? content.attachments : null;
  if (content.blocks === null)
    message.edited = { user: ctx.token.userId, ts: nextTs(ctx.state, ctx.nowMs) };
  return ok({
    channel: channel.id,
    ts: message.ts,
    text: message.text,
    message: presentMessage(ctx.state, message),
  });
};

/** chat.postEphemeral: the recipient `user` must be in the channel, else `user_not_in_channel`. */
const postEphemeral: MethodHandler = (ctx) => {
  const channel = destination(ctx);
  if (isAnswer(channel)) return channel;
  const user = nonEmpty(ctx.args, 'user');
  if (user === undefined || !channel.members.has(user)) return fail('user_not_in_channel');
  const content = readContent(ctx);
  if (isAnswer(content)) return content;
  if (!hasContent(content)) return fail('no_text');
  const { text, isTruncated } = truncate(content.text ?? content.markdownText ?? '');
  const ts = nextTs(ctx.state, ctx.nowMs);
  channel.ephemeral.push({ ts, user, text, blocks: content.blocks });
  const body = ok({ message_ts: ts });
  return isTruncated ? { ...body, ...TRUNCATED_WARNING } : body;
};

/** The permalink Slack gives a message: `https://DOMAIN.slack.com/archives/CHANNEL/pTS` (+ thread). */
export function permalinkFor(
  state: WorkspaceState,
  channelId: string,
  message: SlackMessage,
): string {
  const base = `https://${state.team.domain}.slack.com/archives/${channelId}/p${message.ts.replace('.', '')}`;
  const isReply = message.threadTs !== null && message.threadTs !== message.ts;
  return isReply ? `${base}?thread_ts=${message.threadTs ?? ''}&cid=${channelId}` : base;
}

const getPermalink: MethodHandler = (ctx) => {
  const channel = visibleChannel(ctx);
  if (!channel) return fail('channel_not_found');
  const ts = nonEmpty(ctx.args, 'message_ts');
  const message = ts === undefined ? undefined : channel.messages.get(ts);
  if (!message) return fail('message_not_found');
  return ok({ channel: channel.id, permalink: permalinkFor(ctx.state, channel.id, message) });
};

export const chatMethods: Readonly<Record<string, MethodHandler>> = {
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.postEphemeral': postEphemeral,
  'chat.getPermalink': getPermalink,
};
