import { sql, type Kysely, type RawBuilder } from 'kysely';
import './jobs-schema.ts';
import type { Database } from './schema.ts';
import { appendTimeline } from './timeline.ts';

/**
 * The SQL shared by the two work tables, `outbox` (side effects) and `jobs` (scheduled jobs): claim
 * due rows under a lease, extend the lease, record the outcome. Both tables have the same
 * bookkeeping columns (status, attempts, available_at, seq, locked_until, locked_by, last_error,
 * result); see docs/jobs.md.
 *
 * - A claim is one statement, `UPDATE … FROM (SELECT … FOR UPDATE SKIP LOCKED LIMIT n)`: it takes
 *   rows no other worker holds, counts the attempt and sets the lease, and commits at once, so no
 *   transaction stays open while the work runs (PGlite has a single session).
 * - Every later write is fenced by (id, locked_by, attempts, status = 'pending'): a worker whose
 *   lease ran out and whose row another worker took cannot overwrite that worker's outcome.
 */

export type WorkTable = 'outbox' | 'jobs';

/** Identifies one claim of one row: the attempt number is bumped by every claim. */
export interface Lease {
  id: string;
  lockedBy: string;
  attempt: number;
}

/** How a claimed row ends: done, back to pending for later, or failed for good. */
export type Settlement =
  | { kind: 'done'; result: Record<string, unknown> | null }
  /** `isCounted: false` (rate limited, Retry-After) gives the attempt back. */
  | { kind: 'retry'; availableAt: Date; error: string; isCounted: boolean }
  | { kind: 'failed'; error: string };

export interface ClaimRequest {
  now: Date;
  limit: number;
  lockedBy: string;
  lockedUntil: Date;
}

/**
 * Claims up to `limit` due rows of `table` that no live lease holds and that satisfy `where`
 * (written against the alias `c`), oldest first. Returns them as updated: `attempts` is the
 * number of the attempt about to run.
 */
export async function claimDue<Row extends { available_at: Date; seq: number }>(
  db: Kysely<Database>,
  table: WorkTable,
  request: ClaimRequest,
  where: RawBuilder<unknown>,
): Promise<Row[]> {
  if (request.limit < 1) return [];
  const { rows } = await sql<Row>`
    UPDATE ${sql.table(table)} AS t
    SET attempts = t.attempts + 1, locked_by = ${request.lockedBy}, locked_until = ${request.lockedUntil}
    FROM (
      SELECT c.id FROM ${sql.table(table)} AS c
      WHERE c.status = 'pending'
        AND c.available_at <= ${request.now}
        AND (c.locked_until IS NULL OR c.locked_until <= ${request.now})
        AND ${where}
      ORDER BY c.available_at, c.seq
      LIMIT ${request.limit}
      FOR UPDATE SKIP LOCKED
    ) AS picked
    WHERE t.id = picked.id
    RETURNING t.*`.execute(db);
  // RETURNING has no order of its own.
  return rows.sort((a, b) => a.available_at.getTime() - b.available_at.getTime() || a.seq - b.seq);
}

/** Pushes the lease of a row still being worked on; false when it is no longer ours. */
export async function extendLease(
  db: Kysely<Database>,
  table: WorkTable,
  lease: Lease,
  until: Date,
): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`
    UPDATE ${sql.table(table)} SET locked_until = ${until}
    WHERE ${fence(lease)}
    RETURNING id`.execute(db);
  return rows.length === 1;
}

/**
 * Records the outcome of a claim and releases the lease. `finishedColumn` is stamped on `done`,
 * and on `failed` when `stampsFailure` (jobs: finished_at; the outbox's delivered_at is only for
 * deliveries). Returns the row as written, or null when the lease was lost.
 */
export async function settleLease<Row>(
  trx: Kysely<Database>,
  target: {
    table: WorkTable;
    finishedColumn: 'delivered_at' | 'finished_at';
    stampsFailure: boolean;
  },
  lease: Lease,
  settlement: Settlement,
  now: Date,
): Promise<Row | null> {
  const { rows } = await sql<Row>`
    UPDATE ${sql.table(target.table)}
    SET ${assignments(settlement, target, now)}, locked_until = NULL, locked_by = NULL
    WHERE ${fence(lease)}
    RETURNING *`.execute(trx);
  return rows[0] ?? null;
}

/**
 * Puts a visible warning on the incident's timeline (and, through appendTimeline's NOTIFY, on
 * every open incident page). Skipped when the incident does not exist (the work tables hold the
 * id without a foreign key).
 */
export async function recordFailureOnTimeline(
  trx: Kysely<Database>,
  entry: {
    id: string;
    incidentId: string | null;
    type: string;
    at: Date;
    data: Record<string, unknown>;
  },
): Promise<boolean> {
  if (!entry.incidentId) return false;
  const incident = await trx
    .selectFrom('incidents')
    .select('workspace_id')
    .where('id', '=', entry.incidentId)
    .executeTakeFirst();
  if (!incident) return false;
  await appendTimeline(trx, {
    id: entry.id,
    workspaceId: incident.workspace_id,
    incidentId: entry.incidentId,
    type: entry.type,
    actorId: null,
    occurredAt: entry.at,
    data: entry.data,
  });
  return true;
}

function assignments(
  settlement: Settlement,
  target: { finishedColumn: 'delivered_at' | 'finished_at'; stampsFailure: boolean },
  now: Date,
): RawBuilder<unknown> {
  const finished = sql.ref(target.finishedColumn);
  switch (settlement.kind) {
    case 'done': {
      const result = settlement.result ? JSON.stringify(settlement.result) : null;
      return sql`status = 'done', ${finished} = ${now}, result = ${result}::jsonb`;
    }
    case 'retry':
      return sql`available_at = ${settlement.availableAt}, last_error = ${settlement.error},
                 attempts = attempts - ${settlement.isCounted ? 0 : 1}`;
    case 'failed':
      return target.stampsFailure
        ? sql`status = 'failed', last_error = ${settlement.error}, ${finished} = ${now}`
        : sql`status = 'failed', last_error = ${settlement.error}`;
  }
}

function fence(lease: Lease): RawBuilder<unknown> {
  return sql`id = ${lease.id} AND locked_by = ${lease.lockedBy} AND attempts = ${lease.attempt} AND status = 'pending'`;
}
