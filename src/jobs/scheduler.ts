import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { JobRow } from '../store/jobs-schema.ts';
import type { Database } from '../store/schema.ts';
import {
  JOBS_CHANNEL,
  cancelJobs,
  claimJobs,
  extendJobLease,
  scheduleJob,
  settleJob,
  type JobSpec,
  type ScheduleJobInput,
} from '../store/scheduled-jobs.ts';
import { PermanentError } from './errors.ts';
import { scheduleFollowingSlot, scheduleNextSlot, type RecurringSchedule } from './recurring.ts';
import { wakeDelayFor } from './wake-payload.ts';
import { createWorkLoop, type WorkLoopOptions, type WorkResult, type Worker } from './work-loop.ts';

/**
 * Scheduled jobs: defined as data (name, version, payload schema, handler), stored in `jobs` with
 * a deterministic key, run by the same claim loop as the outbox (work-loop.ts). See docs/jobs.md.
 */

export type { JobSpec, ScheduleJobInput } from '../store/scheduled-jobs.ts';
export { recurring, scheduleNextSlot, type RecurringSchedule } from './recurring.ts';
export type { RecurrenceSpec } from './recurrence.ts';

/**
 * Schedules a job in the caller's transaction; false when its key exists already (no-op).
 * Use cases, which may not import src/jobs, call the same function from store/scheduled-jobs.ts.
 */
export const schedule: <P>(tx: Kysely<Database>, input: ScheduleJobInput<P>) => Promise<boolean> =
  scheduleJob;

/** Cancels the pending jobs whose key starts with `keyPrefix`; returns how many. */
export const cancel: (tx: Kysely<Database>, keyPrefix: string, at: Date) => Promise<number> =
  cancelJobs;

/** What a job handler gets besides its payload. */
export interface JobContext {
  id: string;
  key: string;
  name: string;
  /** The version the row was written with (the payload was upgraded to the current one). */
  version: number;
  attempt: number;
  /** When it was scheduled for. */
  runAt: Date;
  incidentId: string | null;
  workspaceId: string | null;
  /** For the handler's own short transactions (e.g. reading the incident, writing outbox rows). */
  db: Kysely<Database>;
  now: Date;
}

export interface JobDefinition<P> extends JobSpec<P> {
  /** Attempts before the job fails for good (default: the runner's). */
  readonly maxAttempts?: number;
  /** Turns a payload written by an older version into one the current schema accepts. */
  upgrade?(payload: unknown, fromVersion: number): unknown;
  /**
   * Does the work; idempotent by `ctx.key` (a job can run twice). Resolves with what to keep in
   * `jobs.result`. Throws RetryLaterError / PermanentError / anything (retried with backoff).
   */
  handler(payload: P, ctx: JobContext): Promise<WorkResult | undefined | void>;
}

/** Defines a job; the payload type comes from the zod schema. */
export function defineJob<S extends z.ZodType>(definition: {
  name: string;
  version: number;
  payload: S;
  maxAttempts?: number;
  upgrade?: (payload: unknown, fromVersion: number) => unknown;
  handler: (payload: z.output<S>, ctx: JobContext) => Promise<WorkResult | undefined | void>;
}): JobDefinition<z.output<S>> {
  if (!/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/.test(definition.name)) {
    throw new Error(`job name must look like 'area.verb_noun', got '${definition.name}'`);
  }
  if (!Number.isInteger(definition.version) || definition.version < 1) {
    throw new Error(`job ${definition.name}: version must be an integer >= 1`);
  }
  return definition;
}

export interface JobRunnerOptions extends WorkLoopOptions {
  db: Kysely<Database>;
  jobs: readonly JobDefinition<unknown>[];
  recurring?: readonly RecurringSchedule<unknown>[];
  /** Ids of timeline entries written on failure (default randomUUID). */
  newId?: () => string;
}

export interface JobRunner extends Worker {
  /** Makes sure each recurring schedule has its next slot (start() does it too). */
  ensureRecurring(): Promise<void>;
}

interface ClaimedJob {
  id: string;
  attempt: number;
  maxAttempts?: number;
  row: JobRow;
}

/** A worker running due jobs; start() it at boot, stop() it at shutdown. */
export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { db, clock } = options;
  const newId = options.newId ?? randomUUID;
  const definitions = new Map<string, JobDefinition<unknown>>();
  for (const job of options.jobs) {
    if (definitions.has(job.name)) throw new Error(`job ${job.name} is defined twice`);
    definitions.set(job.name, job);
  }
  const known = [...definitions.values()].map((job) => ({ name: job.name, version: job.version }));
  const names = new Set(definitions.keys());
  const schedules = options.recurring ?? [];

  const ensureRecurring = async (): Promise<void> => {
    for (const schedule of schedules) await scheduleNextSlot(db, schedule, clock.now());
  };

  const loop = createWorkLoop<ClaimedJob>(
    {
      name: 'jobs',
      channel: JOBS_CHANNEL,
      wakeDelayMs: (payload, now) => wakeDelayFor(names, payload, now),
      claim: async (request) =>
        (await claimJobs(db, { ...request, known })).map((row) => {
          const maxAttempts = definitions.get(row.name)?.maxAttempts;
          return {
            id: row.id,
            attempt: row.attempts,
            row,
            ...(maxAttempts ? { maxAttempts } : {}),
          };
        }),
      run: (work) => runJob(definitions, work, { db, now: clock.now() }),
      settle: (work, lockedBy, settlement, now) =>
        db.transaction().execute(async (trx) => {
          const row = await settleJob(
            trx,
            { id: work.id, lockedBy, attempt: work.attempt },
            settlement,
            { now, newId },
          );
          if (!row) return false;
          if (row.status !== 'pending') await scheduleFollowingSlot(trx, schedules, row, now);
          return true;
        }),
      extendLease: (work, lockedBy, until) =>
        extendJobLease(db, { id: work.id, lockedBy, attempt: work.attempt }, until),
    },
    options,
  );

  return {
    get workerId() {
      return loop.workerId;
    },
    ensureRecurring,
    async start() {
      await ensureRecurring();
      await loop.start();
    },
    stop: () => loop.stop(),
    drain: () => loop.drain(),
    wake: () => loop.wake(),
  };
}

async function runJob(
  definitions: Map<string, JobDefinition<unknown>>,
  work: ClaimedJob,
  deps: { db: Kysely<Database>; now: Date },
): Promise<WorkResult | null> {
  const { row } = work;
  const job = definitions.get(row.name);
  if (!job) throw new Error(`no definition for job ${row.name}`); // never claimed without one
  let payload: unknown;
  try {
    const raw =
      row.version < job.version && job.upgrade
        ? job.upgrade(row.payload, row.version)
        : row.payload;
    payload = job.payload.parse(raw);
  } catch (error) {
    const reason = error instanceof z.ZodError ? z.prettifyError(error) : String(error);
    throw new PermanentError(
      `payload of ${row.name} v${row.version} does not fit v${job.version}: ${reason}`,
      { cause: error },
    );
  }
  const result = await job.handler(payload, {
    id: row.id,
    key: row.key,
    name: row.name,
    version: row.version,
    attempt: work.attempt,
    runAt: row.run_at,
    incidentId: row.incident_id,
    workspaceId: row.workspace_id,
    db: deps.db,
    now: deps.now,
  });
  return result ?? null;
}
