import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** Topics of side effects; the delivery workers (Slack, webhooks) subscribe to them. */
export type OutboxTopic =
  | 'slack.open_channel'
  | 'slack.announce'
  | 'slack.refresh_card'
  | 'slack.announce_convergence'
  | 'slack.archive_channel'
  /** Invites the people concerned now (late role holders, responders picked after a change): payload `{incidentId}`. */
  | 'slack.invite'
  /**
   * A plain message: payload `{channel?: name or id, incidentId?: post in that incident's channel,
   * text, blocks?, digest?}` (digests, reminders, tickets); one of channel / incidentId; `digest` (the morning digest's lines) is rendered into buttons.
   */
  | 'slack.post_message'
  /** A report posted to the playbook's triage channel with its buttons: payload `{reportId}`. */
  | 'slack.post_report'
  /** Edits the day's morning digest message to show its actions as they are now: payload `{date, due}` (one row per 2 s window). */
  | 'slack.refresh_digest'
  /** Republishes the App Home of users who opened it recently: payload `{due}` (one row per 5 s window). */
  | 'slack.refresh_home'
  /** Postmortem news in the incident channel: payload `{incidentId, event: opened|review_requested|published, reviewerIds?}`. */
  | 'slack.postmortem_news'
  | 'webhook.deliver';

export interface OutboxEntry {
  id: string;
  workspaceId: string;
  topic: OutboxTopic;
  /** Same key, same effect: a second enqueue with it is ignored. */
  idempotencyKey: string;
  incidentId?: string | null;
  payload: Record<string, unknown>;
  at: Date;
}

/**
 * Records side effects in the caller's transaction (one statement for all of them); a worker
 * delivers them after commit. An entry whose key was already recorded is ignored.
 */
export async function enqueueOutbox(
  tx: Kysely<Database>,
  entries: OutboxEntry | readonly OutboxEntry[],
): Promise<void> {
  const list: readonly OutboxEntry[] = isEntryList(entries) ? entries : [entries];
  if (list.length === 0) return;
  await tx
    .insertInto('outbox')
    .values(
      list.map((entry) => ({
        id: entry.id,
        workspace_id: entry.workspaceId,
        topic: entry.topic,
        idempotency_key: entry.idempotencyKey,
        incident_id: entry.incidentId ?? null,
        payload: JSON.stringify(entry.payload),
        available_at: entry.at,
        created_at: entry.at,
      })),
    )
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .execute();
}

function isEntryList(
  entries: OutboxEntry | readonly OutboxEntry[],
): entries is readonly OutboxEntry[] {
  return Array.isArray(entries);
}
