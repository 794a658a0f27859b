import { sql, type Kysely } from 'kysely';
import type { JobRow } from './jobs-schema.ts';
import {
  claimDue,
  extendLease,
  recordFailureOnTimeline,
  settleLease,
  type ClaimRequest,
  type Lease,
  type Settlement,
} from './leased-work.ts';
import type { Database } from './schema.ts';

/**
 * Scheduled jobs as rows of `jobs` (migration 002): name, version, validated payload, when to
 * run, and a deterministic unique key. Use cases schedule and cancel here, in their own
 * transaction; the runner in src/jobs/scheduler.ts claims and runs them.
 */

/** Where the jobs insert trigger (migration 002) announces new rows. */
export const JOBS_CHANNEL = 'hikeshi_jobs';

/** The timeline event that shows a job given up on, on its incident. */
export const JOB_FAILED_EVENT = 'job.failed';

/**
 * What scheduling needs to know of a job: its name, its version and its payload schema (a zod
 * schema fits). The handler lives in src/jobs; this part can be shared with use cases.
 */
export interface JobSpec<P> {
  readonly name: string;
  readonly version: number;
  readonly payload: { parse(value: unknown): P };
}

export interface ScheduleJobInput<P> {
  job: JobSpec<P>;
  payload: P;
  runAt: Date;
  /** Deterministic, e.g. `reminder:status_update:<incidentId>:<n>`; a key is used once, ever. */
  key: string;
  incidentId?: string | null;
  workspaceId?: string | null;
}

/** The row of a job to schedule, its payload validated against the job's schema. */
export function jobRow<P>(input: ScheduleJobInput<P>) {
  return {
    workspace_id: input.workspaceId ?? null,
    name: input.job.name,
    version: input.job.version,
    key: input.key,
    incident_id: input.incidentId ?? null,
    payload: JSON.stringify(input.job.payload.parse(input.payload)),
    run_at: input.runAt,
    available_at: input.runAt,
  };
}

/**
 * Schedules a job in the caller's transaction, its payload validated against the job's schema
 * first. Returns false when a job with that key already exists (pending, done or canceled): then
 * nothing changes.
 */
export async function scheduleJob<P>(
  tx: Kysely<Database>,
  input: ScheduleJobInput<P>,
): Promise<boolean> {
  const inserted = await tx
    .insertInto('jobs')
    .values(jobRow(input))
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/**
 * Cancels every pending job whose key starts with `keyPrefix` (e.g. `reminder:status_update:<id>:`
 * when the incident resolves); returns how many. A job already running finishes, but its outcome
 * is not recorded over the cancellation.
 */
export async function cancelJobs(
  tx: Kysely<Database>,
  keyPrefix: string,
  at: Date,
): Promise<number> {
  if (keyPrefix === '')
    throw new Error('cancelJobs needs a key prefix; an empty one would cancel every job');
  const pattern = `${keyPrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const result = await tx
    .updateTable('jobs')
    .set({ status: 'canceled', finished_at: at, locked_until: null, locked_by: null })
    .where('status', '=', 'pending')
    .where(sql<boolean>`key LIKE ${pattern}`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Claims due jobs this worker can run: a known name at a version it knows (or an older one). */
export async function claimJobs(
  db: Kysely<Database>,
  request: ClaimRequest & { known: readonly { name: string; version: number }[] },
): Promise<JobRow[]> {
  if (request.known.length === 0) return [];
  return claimDue<JobRow>(
    db,
    'jobs',
    request,
    sql`EXISTS (
          SELECT 1 FROM jsonb_to_recordset(${JSON.stringify(request.known)}::jsonb) AS k(name text, version integer)
          WHERE k.name = c.name AND c.version <= k.version
        )`,
  );
}

/** Extends the lease of a running job; false when it is no longer ours. */
export function extendJobLease(db: Kysely<Database>, lease: Lease, until: Date): Promise<boolean> {
  return extendLease(db, 'jobs', lease, until);
}

/**
 * Records a job's outcome; on a permanent failure of a job tied to an incident also puts
 * `job.failed` on its timeline. Returns the row as written, or null when the lease was lost.
 */
export async function settleJob(
  trx: Kysely<Database>,
  lease: Lease,
  settlement: Settlement,
  options: { now: Date; newId: () => string },
): Promise<JobRow | null> {
  const row = await settleLease<JobRow>(
    trx,
    { table: 'jobs', finishedColumn: 'finished_at', stampsFailure: true },
    lease,
    settlement,
    options.now,
  );
  if (row && settlement.kind === 'failed') {
    await recordFailureOnTimeline(trx, {
      id: options.newId(),
      incidentId: row.incident_id,
      type: JOB_FAILED_EVENT,
      at: options.now,
      data: {
        jobId: row.id,
        name: row.name,
        key: row.key,
        error: settlement.error,
        attempts: row.attempts,
      },
    });
  }
  return row;
}
