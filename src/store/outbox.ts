import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** Topics of side effects; the delivery workers (Slack, webhooks) subscribe to them. */
export type OutboxTopic =
  | 'slack.open_channel'
  | 'slack.announce'
  | 'slack.refresh_card'
  | 'slack.announce_convergence'
  | 'slack.archive_channel'
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

/** Records a side effect in the caller's transaction; a worker delivers it after commit. */
export async function enqueueOutbox(tx: Kysely<Database>, entry: OutboxEntry): Promise<void> {
  await tx
    .insertInto('outbox')
    .values({
      id: entry.id,
      workspace_id: entry.workspaceId,
      topic: entry.topic,
      idempotency_key: entry.idempotencyKey,
      incident_id: entry.incidentId ?? null,
      payload: JSON.stringify(entry.payload),
      available_at: entry.at,
      created_at: entry.at,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .execute();
}
