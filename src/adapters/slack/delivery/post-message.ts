import type { KnownBlock } from '@slack/types';
import { z } from 'zod';
import { PermanentError, RetryLaterError } from '../../../jobs/errors.ts';
import type { OutboxHandler } from '../../../jobs/outbox-dispatcher.ts';
import { findChannelOfIncident } from '../../../store/slack-channels.ts';
import { recordDigestMessage } from '../../../store/slack-digests.ts';
import { digestBlocks } from '../blocks/digest-message.ts';
import { LIMITS, cut } from '../blocks/mrkdwn.ts';
import { resolveChannel } from './channels.ts';
import type { SlackDelivery } from './context.ts';
import { postKept } from './kept-message.ts';
import { openChannelState } from './pending.ts';

/** The payload documented on the topic in src/store/outbox.ts. */
const postMessagePayload = z
  .object({
    channel: z.string().trim().min(1).optional(),
    incidentId: z.string().min(1).optional(),
    text: z.string().min(1),
    blocks: z.array(z.record(z.string(), z.unknown())).max(LIMITS.blocks).optional(),
    /** The morning digest's lines with "Done…" / "Defer…" buttons, rendered here into blocks. */
    digest: z
      .object({
        locale: z.enum(['ja', 'en']),
        actions: z
          .array(z.object({ id: z.string().min(1), title: z.string(), incidentNumber: z.number().int(), owner: z.string(), dueDate: z.string() }))
          .max(100),
        total: z.number().int().min(0),
        /** The digest's day: its channel and ts are recorded for that day's refreshes. */
        date: z.iso.date().optional(),
      })
      .optional(),
  })
  .refine((p) => p.channel !== undefined || p.incidentId !== undefined, { message: 'needs channel or incidentId' });

export type PostMessagePayload = z.infer<typeof postMessagePayload>;

const WAIT_FOR_CHANNEL_MS = 2_000;

/**
 * `slack.post_message`: a plain message (reminders, digests, tickets) to a channel given by name
 * or id, or to an incident's channel. Posted once per outbox key.
 */
export function postMessage(delivery: SlackDelivery): OutboxHandler {
  return async (outbox) => {
    const parsed = postMessagePayload.safeParse(outbox.payload);
    if (!parsed.success) throw new PermanentError(`slack.post_message payload: ${z.prettifyError(parsed.error)}`);
    const payload = parsed.data;
    let channel: string;
    if (payload.incidentId && !payload.channel) {
      const row = await findChannelOfIncident(delivery.app.db, payload.incidentId);
      if (!row) {
        if ((await openChannelState(delivery, payload.incidentId)) === 'pending')
          throw new RetryLaterError(WAIT_FOR_CHANNEL_MS, 'the incident channel is not made yet');
        throw new PermanentError(`incident ${payload.incidentId} has no Slack channel`);
      }
      if (row.archived_at) return { skipped: 'channel archived' };
      channel = row.channel_id;
    } else {
      channel = await resolveChannel(delivery, payload.channel ?? '');
    }
    const sent = await postKept(delivery, {
      purpose: `message:${outbox.idempotencyKey}`,
      channel,
      text: cut(payload.text, LIMITS.fallbackText * 10),
      ...(payload.blocks ? { blocks: payload.blocks as unknown as KnownBlock[] } : {}),
      ...(payload.digest && !payload.blocks ? { blocks: digestBlocks(payload.text, payload.digest, delivery.publicUrl) } : {}),
      incidentId: payload.incidentId ?? outbox.incidentId,
    });
    if (payload.digest?.date) {
      const { db, workspaceId, clock } = delivery.app;
      await recordDigestMessage(db, { workspaceId, date: payload.digest.date }, { channel: sent.channel, ts: sent.ts, at: clock.now() });
    }
    return { channel: sent.channel, ts: sent.ts };
  };
}
