import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { OutboxTopic } from '../store/outbox.ts';
import {
  OUTBOX_CHANNEL,
  claimOutbox,
  extendOutboxLease,
  settleOutbox,
  type OutboxRow,
} from '../store/outbox-claims.ts';
import { wakeDelayFor } from './wake-payload.ts';
import { createWorkLoop, type WorkLoopOptions, type WorkResult, type Worker } from './work-loop.ts';

/**
 * Delivers outbox rows (side effects written by use cases) to the handler of their topic, with
 * leases, retries and per-incident ordering; see docs/jobs.md.
 */

/** What a handler gets. It must be idempotent by `idempotencyKey`: a row can run more than once. */
export interface OutboxDelivery {
  id: string;
  topic: OutboxTopic;
  idempotencyKey: string;
  payload: Record<string, unknown>;
  /** 1 on the first try; a RetryLaterError does not use one up. */
  attempt: number;
  incidentId: string | null;
  workspaceId: string;
}

/**
 * Performs one side effect. Resolves with what to keep in `outbox.result` (e.g. the channel id),
 * or nothing. Throws RetryLaterError(ms) to be retried after ms (rate limits), PermanentError to
 * give up now, anything else to be retried with backoff.
 */
export type OutboxHandler = (delivery: OutboxDelivery) => Promise<WorkResult | undefined | void>;

/** Handlers by topic. Rows of a topic with no handler here are left for a worker that has one. */
export type OutboxHandlers = Partial<Record<OutboxTopic, OutboxHandler>>;

export interface OutboxDispatcherOptions extends WorkLoopOptions {
  db: Kysely<Database>;
  handlers: OutboxHandlers;
  /** Ids of timeline entries written on failure (default randomUUID). */
  newId?: () => string;
}

/** A worker delivering the outbox; start() it at boot, stop() it at shutdown. */
export function createOutboxDispatcher(options: OutboxDispatcherOptions): Worker {
  const { db, handlers } = options;
  const newId = options.newId ?? randomUUID;
  const topics = (Object.keys(handlers) as OutboxTopic[]).filter(
    (topic) => handlers[topic] !== undefined,
  );
  const handled = new Set<string>(topics);
  return createWorkLoop<OutboxDelivery>(
    {
      name: 'outbox',
      channel: OUTBOX_CHANNEL,
      wakeDelayMs: (payload, now) => wakeDelayFor(handled, payload, now),
      claim: async (request) => (await claimOutbox(db, { ...request, topics })).map(toDelivery),
      run: async (delivery) => {
        const handler = handlers[delivery.topic];
        if (!handler) throw new Error(`no handler for outbox topic ${delivery.topic}`); // not claimed without one
        return (await handler({ ...delivery, payload: { ...delivery.payload } })) ?? null;
      },
      settle: (delivery, lockedBy, settlement, now) =>
        db
          .transaction()
          .execute((trx) =>
            settleOutbox(trx, leaseOf(delivery, lockedBy), settlement, { now, newId }),
          ),
      extendLease: (delivery, lockedBy, until) =>
        extendOutboxLease(db, leaseOf(delivery, lockedBy), until),
    },
    options,
  );
}

function toDelivery(row: OutboxRow): OutboxDelivery {
  return {
    id: row.id,
    topic: row.topic as OutboxTopic,
    idempotencyKey: row.idempotency_key,
    payload: row.payload,
    attempt: row.attempts,
    incidentId: row.incident_id,
    workspaceId: row.workspace_id,
  };
}

function leaseOf(delivery: OutboxDelivery, lockedBy: string) {
  return { id: delivery.id, lockedBy, attempt: delivery.attempt };
}
