import { sql, type Kysely, type Selectable } from 'kysely';
import {
  claimDue,
  extendLease,
  recordFailureOnTimeline,
  settleLease,
  type ClaimRequest,
  type Lease,
  type Settlement,
} from './leased-work.ts';
import type { Database, OutboxTable } from './schema.ts';

/**
 * The delivery side of the outbox (the writing side is outbox.ts): claim due rows in order,
 * keep the lease, record what happened.
 */

/** Where the outbox insert trigger (migration 002) announces new rows. */
export const OUTBOX_CHANNEL = 'hikeshi_outbox';

/** The timeline event that shows a side effect given up on, on its incident. */
export const OUTBOX_FAILED_EVENT = 'outbox.failed';

export type OutboxRow = Selectable<OutboxTable>;

/**
 * Claims due rows whose topic is in `topics`, oldest first, and never a row of an incident that
 * has an earlier row of the same channel (`slack.*`, `webhook.*`) still pending (in flight,
 * waiting for a retry, or of a topic no worker here handles): an incident's effects on one channel
 * are delivered one at a time, in creation order, and a channel that is down or not configured
 * (Slack) does not hold another's (webhooks). A row that failed for good no longer holds the ones
 * after it.
 */
export async function claimOutbox(
  db: Kysely<Database>,
  request: ClaimRequest & { topics: readonly string[] },
): Promise<OutboxRow[]> {
  if (request.topics.length === 0) return [];
  return claimDue<OutboxRow>(
    db,
    'outbox',
    request,
    sql`c.topic = ANY(${[...request.topics]}::text[])
        AND (c.incident_id IS NULL OR NOT EXISTS (
          SELECT 1 FROM outbox AS earlier
          WHERE earlier.incident_id = c.incident_id AND earlier.status = 'pending' AND earlier.seq < c.seq
            AND split_part(earlier.topic, '.', 1) = split_part(c.topic, '.', 1)
        ))`,
  );
}

/** Extends the lease of a row being delivered; false when another worker has taken it over. */
export function extendOutboxLease(
  db: Kysely<Database>,
  lease: Lease,
  until: Date,
): Promise<boolean> {
  return extendLease(db, 'outbox', lease, until);
}

/**
 * Records a delivery's outcome; on a permanent failure also puts `outbox.failed` (topic, error) on
 * the incident's timeline, in the same transaction. Returns false when the lease was lost (the
 * row belongs to another worker now) and nothing was written.
 */
export async function settleOutbox(
  trx: Kysely<Database>,
  lease: Lease,
  settlement: Settlement,
  options: { now: Date; newId: () => string },
): Promise<boolean> {
  const row = await settleLease<OutboxRow>(
    trx,
    { table: 'outbox', finishedColumn: 'delivered_at', stampsFailure: false },
    lease,
    settlement,
    options.now,
  );
  if (!row) return false;
  if (settlement.kind === 'failed') {
    await recordFailureOnTimeline(trx, {
      id: options.newId(),
      incidentId: row.incident_id,
      type: OUTBOX_FAILED_EVENT,
      at: options.now,
      data: { outboxId: row.id, topic: row.topic, error: settlement.error, attempts: row.attempts },
    });
  }
  return true;
}
