import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Counts of side effects waiting or given up on, for the settings page's status: Slack
 * deliveries (topics `slack.*`) and outbound webhooks per target. Failures are counted over a
 * recent window (`since`); pending rows whatever their age.
 */

export interface OutboxCounts {
  pending: number;
  failed: number;
  lastFailure: { topic: string; error: string; at: Date } | null;
}

/** Pending and recently failed Slack deliveries, with the newest failure. */
export async function slackOutboxCounts(db: Kysely<Database>, workspaceId: string, since: Date): Promise<OutboxCounts> {
  const counts = await db
    .selectFrom('outbox')
    .select([
      sql<number>`count(*) FILTER (WHERE status = 'pending')::int`.as('pending'),
      sql<number>`count(*) FILTER (WHERE status = 'failed' AND created_at >= ${since})::int`.as('failed'),
    ])
    .where('workspace_id', '=', workspaceId)
    .where('topic', 'like', 'slack.%')
    .where((eb) => eb.or([eb('status', '=', 'pending'), eb.and([eb('status', '=', 'failed'), eb('created_at', '>=', since)])]))
    .executeTakeFirst();
  const last = await db
    .selectFrom('outbox')
    .select(['topic', 'last_error', 'created_at'])
    .where('workspace_id', '=', workspaceId)
    .where('topic', 'like', 'slack.%')
    .where('status', '=', 'failed')
    .where('created_at', '>=', since)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return {
    pending: Number(counts?.pending ?? 0),
    failed: Number(counts?.failed ?? 0),
    lastFailure: last ? { topic: last.topic, error: last.last_error ?? '', at: last.created_at } : null,
  };
}

export interface WebhookTargetCounts {
  pending: number;
  failed: number;
  lastFailure: { error: string; at: Date } | null;
  lastDeliveredAt: Date | null;
}

/** Per webhook target id (`playbook:<name>` or `api:<uuid>`): deliveries pending and recently failed. */
export async function webhookOutboxCounts(db: Kysely<Database>, workspaceId: string, since: Date): Promise<Map<string, WebhookTargetCounts>> {
  const rows = await db
    .selectFrom('outbox')
    .select([
      sql<string>`payload->>'targetId'`.as('target_id'),
      sql<number>`count(*) FILTER (WHERE status = 'pending')::int`.as('pending'),
      sql<number>`count(*) FILTER (WHERE status = 'failed')::int`.as('failed'),
      sql<Date | null>`max(delivered_at) FILTER (WHERE status = 'done')`.as('last_delivered_at'),
      sql<string | null>`(array_agg(last_error ORDER BY seq DESC) FILTER (WHERE status = 'failed'))[1]`.as('last_error'),
      sql<Date | null>`max(created_at) FILTER (WHERE status = 'failed')`.as('last_failed_at'),
    ])
    .where('workspace_id', '=', workspaceId)
    .where('topic', '=', 'webhook.deliver')
    .where(sql<boolean>`payload ? 'targetId'`)
    .where((eb) => eb.or([eb('status', '=', 'pending'), eb('created_at', '>=', since)]))
    .groupBy(sql`payload->>'targetId'`)
    .execute();
  return new Map(
    rows.map((r) => [
      r.target_id,
      {
        pending: Number(r.pending),
        failed: Number(r.failed),
        lastFailure: r.last_failed_at ? { error: r.last_error ?? '', at: new Date(r.last_failed_at) } : null,
        lastDeliveredAt: r.last_delivered_at ? new Date(r.last_delivered_at) : null,
      },
    ]),
  );
}
