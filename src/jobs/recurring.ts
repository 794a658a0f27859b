import type { Kysely } from 'kysely';
import type { JobRow } from '../store/jobs-schema.ts';
import type { Database } from '../store/schema.ts';
import { scheduleJob, type JobSpec } from '../store/scheduled-jobs.ts';
import { localDate, nextRun, parseSpec, type RecurrenceSpec } from './recurrence.ts';

/**
 * Recurring jobs (the morning digest) as a chain of one-off jobs: each slot is a `jobs` row with a
 * deterministic key made from its local date, and finishing a slot schedules the next in the
 * same transaction. Every process may also ensure the next slot at start-up: the key makes that
 * a no-op when it exists, so a slot is scheduled once and, being one row, claimed once.
 */

export type { RecurrenceSpec } from './recurrence.ts';

/** A job that repeats daily; every slot has its own deterministic key. */
export interface RecurringSchedule<P> {
  job: JobSpec<P>;
  spec: RecurrenceSpec;
  /** The slot's key from its local date, e.g. (date) => `digest:default:${date}`. */
  key(localDate: string): string;
  payload(slot: { localDate: string; runAt: Date }): P;
  workspaceId?: string | null;
}

/** Identity, for type inference of `payload`. */
export function recurring<P>(schedule: RecurringSchedule<P>): RecurringSchedule<P> {
  parseSpec(schedule.spec);
  return schedule;
}

/**
 * Schedules the first slot of `schedule` after `after` (no-op when its key exists, so every
 * process may call it). Returns the slot.
 */
export async function scheduleNextSlot<P>(
  tx: Kysely<Database>,
  schedule: RecurringSchedule<P>,
  after: Date,
): Promise<{ key: string; runAt: Date; isNew: boolean }> {
  const runAt = nextRun(schedule.spec, after);
  const date = localDate(runAt, schedule.spec.timezone);
  const key = schedule.key(date);
  const isNew = await scheduleJob(tx, {
    job: schedule.job,
    payload: schedule.payload({ localDate: date, runAt }),
    runAt,
    key,
    workspaceId: schedule.workspaceId ?? null,
  });
  return { key, runAt, isNew };
}

/**
 * After `row` ends (done or failed), schedules the next slot of the recurring schedule it belongs
 * to, if any, in the caller's transaction: the chain never breaks and never forks. The next slot
 * comes after both the slot's time and now, so a slot run late (the process was down) is not
 * followed by a burst of past ones.
 */
export async function scheduleFollowingSlot(
  trx: Kysely<Database>,
  schedules: readonly RecurringSchedule<unknown>[],
  row: JobRow,
  now: Date,
): Promise<void> {
  for (const schedule of schedules) {
    if (schedule.job.name !== row.name) continue;
    if (schedule.key(localDate(row.run_at, schedule.spec.timezone)) !== row.key) continue;
    const after = new Date(Math.max(row.run_at.getTime(), now.getTime()));
    await scheduleNextSlot(trx, schedule, after);
  }
}
