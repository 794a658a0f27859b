import type { KnownBlock } from '@slack/types';
import { findSlackMessage, replaceSlackMessage, saveSlackMessage } from '../../../store/slack-channels.ts';
import { callSlack, isAccepted } from '../web-client.ts';
import type { SlackDelivery } from './context.ts';
import { postOnce, settlePost } from './post-once.ts';

export interface KeptMessage {
  /** Unique per workspace: `announce:<incident>:<key>`, `report:<id>`… */
  purpose: string;
  channel: string;
  text: string;
  blocks?: KnownBlock[];
  incidentId?: string | null;
  reportId?: string | null;
  /** Edit the message posted before for this purpose instead of leaving it (reports). */
  isUpdatable?: boolean;
}

/**
 * Posts a message once per purpose: its ts is saved right after Slack answers, and a retry finds
 * it saved and posts nothing (or, when `isUpdatable`, edits it; a message deleted meanwhile is
 * posted again). A crash between the post and the save is covered by `postOnce` (the retry finds
 * the message by its metadata).
 */
export async function postKept(delivery: SlackDelivery, message: KeptMessage): Promise<{ channel: string; ts: string; posted: boolean }> {
  const { db, workspaceId, clock } = delivery.app;
  const saved = await findSlackMessage(db, workspaceId, message.purpose);
  if (saved && !message.isUpdatable) return { channel: saved.channel_id, ts: saved.ts, posted: false };
  if (saved) {
    const updated = await callSlack(
      'chat.update',
      () => delivery.client.chat.update({ channel: saved.channel_id, ts: saved.ts, text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) }),
      ['message_not_found'],
    );
    if (!isAccepted(updated)) return { channel: saved.channel_id, ts: saved.ts, posted: false };
  }
  const posted = await postOnce(delivery, { purpose: message.purpose, channel: message.channel, text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) });
  const row = {
    workspace_id: workspaceId,
    purpose: message.purpose,
    channel_id: posted.channel,
    ts: posted.ts,
    incident_id: message.incidentId ?? null,
    report_id: message.reportId ?? null,
    created_at: clock.now(),
  };
  if (saved) await replaceSlackMessage(db, row);
  else await saveSlackMessage(db, row);
  await settlePost(delivery, message.purpose);
  return { channel: posted.channel, ts: posted.ts, posted: posted.isPosted };
}
