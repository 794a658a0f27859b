import type { KnownBlock } from '@slack/types';
import { clearPostAttempt, findPostAttempt, recordPostAttempt } from '../../../store/slack-posts.ts';
import { callSlack, isAccepted } from '../web-client.ts';
import type { SlackDelivery } from './context.ts';

/**
 * chat.postMessage made idempotent across crashes. Slack has no idempotency key for a post, so:
 * 1. the attempt (purpose, channel, time of the first try) is recorded BEFORE the post;
 * 2. the message carries the purpose in its metadata (`event_type: hikeshi_message`,
 *    `event_payload.key`), per docs.slack.dev/messaging/message-metadata;
 * 3. a later try that finds an attempt but no saved ts (the process died, or the answer was lost,
 *    between Slack posting and the ts being saved) first reads conversations.history
 *    (`include_all_metadata`) from a little before the first try, and adopts the message it finds.
 * The caller saves the ts it gets and then calls `settlePost`.
 */

export const MESSAGE_EVENT_TYPE = 'hikeshi_message';

/** How far before the first try the lookup starts (clock skew between hikeshi and Slack). */
const LOOKUP_MARGIN_MS = 5 * 60_000;
/** History pages read at most (200 messages each) before giving up and posting. */
const LOOKUP_PAGES = 5;

export interface PostOnceInput {
  purpose: string;
  channel: string;
  text: string;
  blocks?: KnownBlock[];
}

export interface PostOnceResult {
  channel: string;
  ts: string;
  /** False when an earlier try's message was found and adopted. */
  isPosted: boolean;
}

/** Posts the message unless an earlier, unsaved try of the same purpose already did. */
export async function postOnce(delivery: SlackDelivery, input: PostOnceInput): Promise<PostOnceResult> {
  const { db, workspaceId, clock } = delivery.app;
  const attempt = await findPostAttempt(db, workspaceId, input.purpose);
  if (attempt && attempt.channel_id === input.channel) {
    const found = await lookUp(delivery, input.channel, input.purpose, attempt.first_tried_at);
    if (found) return { channel: input.channel, ts: found, isPosted: false };
  }
  await recordPostAttempt(db, { workspace_id: workspaceId, purpose: input.purpose, channel_id: input.channel, first_tried_at: attempt?.first_tried_at ?? clock.now() });
  const posted = await callSlack('chat.postMessage', () =>
    delivery.client.chat.postMessage({
      channel: input.channel,
      text: input.text,
      ...(input.blocks ? { blocks: input.blocks } : {}),
      unfurl_links: false,
      metadata: { event_type: MESSAGE_EVENT_TYPE, event_payload: { key: input.purpose } },
    }),
  );
  if (isAccepted(posted) || !posted.ts || !posted.channel) throw new Error('chat.postMessage answered without channel and ts');
  return { channel: posted.channel, ts: posted.ts, isPosted: true };
}

/** Drops the attempt once the caller saved the message's ts. */
export async function settlePost(delivery: SlackDelivery, purpose: string): Promise<void> {
  await clearPostAttempt(delivery.app.db, delivery.app.workspaceId, purpose);
}

/** A user id (`U…`/`W…`): a DM whose history the bot cannot read by that id. */
function isUserId(channel: string): boolean {
  return /^[UW][A-Z0-9]{8,}$/.test(channel);
}

/**
 * The ts of the bot's message with this purpose in `channel` since shortly before `since`, or
 * undefined. A channel that cannot be read (a DM by user id, a missing scope) counts as not found:
 * posting again is then the only way forward.
 */
async function lookUp(delivery: SlackDelivery, channel: string, purpose: string, since: Date): Promise<string | undefined> {
  if (isUserId(channel)) return undefined;
  const oldest = ((since.getTime() - LOOKUP_MARGIN_MS) / 1000).toFixed(6);
  let cursor: string | undefined;
  for (let page = 0; page < LOOKUP_PAGES; page++) {
    const result = await callSlack(
      'conversations.history',
      () => delivery.client.conversations.history({ channel, oldest, limit: 200, include_all_metadata: true, ...(cursor ? { cursor } : {}) }),
      ['missing_scope', 'not_in_channel', 'channel_not_found'],
    );
    if (isAccepted(result)) return undefined;
    for (const message of result.messages ?? []) {
      const payload = message.metadata?.event_payload as Record<string, unknown> | undefined;
      if (message.metadata?.event_type === MESSAGE_EVENT_TYPE && payload?.['key'] === purpose && message.ts) return message.ts;
    }
    cursor = result.response_metadata?.next_cursor || undefined;
    if (!result.has_more || !cursor) return undefined;
  }
  return undefined;
}
