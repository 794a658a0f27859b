import type { KnownBlock } from '@slack/types';
import { runQuery } from '../../../app/context.ts';
import { getDigest } from '../../../app/actions/digest.ts';
import { digestRefreshEntry } from '../../../app/slack/digest-refresh.ts';
import { todayIn } from '../../../app/actions/today.ts';
import { digestLines, digestText } from '../../../domain/digest.ts';
import type { Locale } from '../../../domain/playbook.ts';
import { PermanentError, RetryLaterError } from '../../../jobs/errors.ts';
import type { OutboxHandler } from '../../../jobs/outbox-dispatcher.ts';
import { enqueueOutbox } from '../../../store/outbox.ts';
import { digestPostState, findDigest, findSettledActions, lastRenderSeq, takeRenderSeq, type SlackDigestRow } from '../../../store/slack-digests.ts';
import { DIGEST_BUTTON_LIMIT, digestBlocks, digestProgressBlocks } from '../blocks/digest-message.ts';
import { LIMITS, cut } from '../blocks/mrkdwn.ts';
import { callSlack, isAccepted } from '../web-client.ts';
import { deliveryActor, type SlackDelivery } from './context.ts';

/** How long a refresh waits for the digest's own post before looking again. */
const WAIT_FOR_POST_MS = 5_000;
/** Answers meaning the message cannot be edited any more: the refresh is dropped, not retried. */
const GONE = ['message_not_found', 'channel_not_found', 'is_inactive', 'edit_window_closed'] as const;

/**
 * `slack.refresh_digest`: edits the day's morning digest (chat.update of the message the post
 * recorded) to show the digest as it is now — the open actions with their buttons and the totals
 * recomputed, then the morning's actions settled since, struck out — whatever changed them (the
 * digest's buttons, the web, the API). Rendered from the database at delivery, so a retried or
 * late row shows the latest state and two rows show the same thing; two running at once in two
 * processes are ordered by a render number, the older one asking for one more refresh when it
 * may have landed last (see below). Waits while the post itself is on its way; skipped for a
 * digest never posted, another day, or a message deleted meanwhile.
 */
export function refreshDigest(delivery: SlackDelivery): OutboxHandler {
  return async (outbox) => {
    const { db, workspaceId, clock, playbooks } = delivery.app;
    const date = outbox.payload['date'];
    if (typeof date !== 'string') throw new PermanentError('slack.refresh_digest needs a date');
    const timezone = playbooks.current().playbook.followUp.digest.timezone;
    if (todayIn(timezone, clock.now()) !== date) return { skipped: 'another day' };
    const digest = await findDigest(db, workspaceId, date);
    if (!digest) return { skipped: 'no digest that day' };
    if (digest.channel_id === null || digest.ts === null) {
      if ((await digestPostState(db, digest.post_key)) === 'pending') throw new RetryLaterError(WAIT_FOR_POST_MS, 'the digest is not posted yet');
      return { skipped: 'digest never posted' };
    }
    const seq = await takeRenderSeq(db, workspaceId, date);
    const content = await digestNow(delivery, digest, timezone);
    const channel = digest.channel_id;
    const ts = digest.ts;
    const updated = await callSlack('chat.update', () => delivery.client.chat.update({ channel, ts, ...content }), GONE);
    if (isAccepted(updated)) return { skipped: updated.error };
    // A later refresh (another process) started while this one ran: its edit may have landed
    // first, leaving this older state on show, so one more refresh follows (the next window).
    if ((await lastRenderSeq(db, workspaceId, date)) > seq) {
      await enqueueOutbox(db, digestRefreshEntry({ newId: delivery.app.newId, workspaceId, now: clock.now() }, date));
      return { channel, ts, again: true };
    }
    return { channel, ts };
  };
}

/** The digest's text and blocks as they are now (the message's language is the morning's). */
async function digestNow(delivery: SlackDelivery, digest: SlackDigestRow, timezone: string): Promise<{ text: string; blocks: KnownBlock[] }> {
  const { db, workspaceId, clock } = delivery.app;
  const locale: Locale = digest.locale === 'en' ? 'en' : 'ja';
  const current = await runQuery(delivery.app, deliveryActor, getDigest, { publicOnly: true });
  const text = digestText(current, locale, (id) => `${delivery.publicUrl}/actions/${id}`);
  const lines = digestLines(current);
  const open = digestBlocks(text, { locale, actions: lines.slice(0, DIGEST_BUTTON_LIMIT), total: lines.length }, delivery.publicUrl);
  const settled = await findSettledActions(db, workspaceId, digest.action_ids);
  const progress = digestProgressBlocks(
    settled.map((a) => ({ title: a.title, incidentNumber: a.incident_number, owner: a.owner_name, status: a.status === 'done' ? 'done' : 'deferred', reason: a.reason })),
    locale,
    timeOfDay(clock.now(), timezone),
  );
  // chat.update refuses `text` over 4,000 characters; the blocks carry the message.
  return { text: cut(text, LIMITS.fallbackText), blocks: [...open, ...progress] };
}

/** `HH:MM` in the digest's time zone. */
function timeOfDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}
