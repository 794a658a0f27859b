import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  cancel,
  createJobRunner,
  defineJob,
  recurring,
  schedule,
  type JobContext,
  type JobRunnerOptions,
} from '../../src/jobs/scheduler.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import { openTestStore, testDatabaseKinds, type TestStore } from '../support/test-store.ts';
import {
  T0,
  insertIncident,
  manualClock,
  recordingLogger,
  timelineOf,
  type ManualClock,
} from './support.ts';

const at = (ms: number) => new Date(T0.getTime() + ms);

describe.each(testDatabaseKinds())('scheduled jobs on %s', (kind) => {
  let store: TestStore;
  let clock: ManualClock;
  let logger: ReturnType<typeof recordingLogger>;

  beforeAll(async () => {
    store = await openTestStore(kind);
  });
  afterAll(async () => {
    await store?.dispose();
  });
  beforeEach(async () => {
    await store.db.deleteFrom('jobs').execute();
    clock = manualClock();
    logger = recordingLogger();
  });

  const runs: { payload: unknown; ctx: Omit<JobContext, 'db'> }[] = [];
  const statusReminder = defineJob({
    name: 'reminder.status_update',
    version: 1,
    payload: z.object({ incidentId: z.uuid(), n: z.number().int() }),
    handler: (payload, { db: _db, ...ctx }) => {
      runs.push({ payload, ctx });
      return Promise.resolve({ posted: payload.n });
    },
  });
  const runner = (options: Partial<JobRunnerOptions> = {}) =>
    createJobRunner({
      db: store.db,
      store,
      jobs: [statusReminder],
      clock,
      logger,
      random: () => 0,
      ...options,
    });
  const jobRows = () =>
    store.db
      .selectFrom('jobs')
      .select([
        'name',
        'version',
        'key',
        'payload',
        'status',
        'attempts',
        'run_at',
        'available_at',
        'finished_at',
        'last_error',
        'result',
      ])
      .orderBy('seq')
      .execute();

  beforeEach(() => {
    runs.length = 0;
  });

  it('schedules a key once: the second call is a no-op', async () => {
    const incidentId = randomUUID();
    const key = `reminder:status_update:${incidentId}:1`;
    expect(
      await schedule(store.db, {
        job: statusReminder,
        payload: { incidentId, n: 1 },
        runAt: at(60_000),
        key,
        incidentId,
      }),
    ).toBe(true);
    expect(
      await schedule(store.db, {
        job: statusReminder,
        payload: { incidentId, n: 99 },
        runAt: at(5_000),
        key,
        incidentId,
      }),
    ).toBe(false);
    expect(await jobRows()).toEqual([
      {
        name: 'reminder.status_update',
        version: 1,
        key,
        payload: { incidentId, n: 1 },
        status: 'pending',
        attempts: 0,
        run_at: at(60_000),
        available_at: at(60_000),
        finished_at: null,
        last_error: null,
        result: null,
      },
    ]);
  });

  it('refuses a payload its schema rejects', async () => {
    await expect(
      schedule(store.db, {
        job: statusReminder,
        payload: { incidentId: 'nope', n: 1 },
        runAt: T0,
        key: 'reminder:bad',
      }),
    ).rejects.toThrow(z.ZodError);
    expect(await jobRows()).toEqual([]);
  });

  it('runs a job when due, with its validated payload, and keeps the result', async () => {
    const incidentId = randomUUID();
    const key = `reminder:status_update:${incidentId}:1`;
    await store.db
      .transaction()
      .execute((trx) =>
        schedule(trx, {
          job: statusReminder,
          payload: { incidentId, n: 1 },
          runAt: at(30 * 60_000),
          key,
          incidentId,
          workspaceId: 'default',
        }),
      );
    const worker = runner();
    clock.set(at(30 * 60_000 - 1));
    expect(await worker.drain()).toBe(0);
    clock.set(at(30 * 60_000));
    expect(await worker.drain()).toBe(1);
    const [row] = await store.db.selectFrom('jobs').select('id').execute();
    expect(runs).toEqual([
      {
        payload: { incidentId, n: 1 },
        ctx: {
          id: row?.id,
          key,
          name: 'reminder.status_update',
          version: 1,
          attempt: 1,
          runAt: at(30 * 60_000),
          incidentId,
          workspaceId: 'default',
          now: at(30 * 60_000),
        },
      },
    ]);
    expect(await jobRows()).toMatchObject([
      { status: 'done', attempts: 1, finished_at: at(30 * 60_000), result: { posted: 1 } },
    ]);
  });

  it('cancels the pending jobs of a key prefix, and only those', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const add = (key: string, incidentId: string, n: number) =>
      schedule(store.db, {
        job: statusReminder,
        payload: { incidentId, n },
        runAt: T0,
        key,
        incidentId,
      });
    await add(`reminder:status_update:${a}:1`, a, 1);
    await add(`reminder:status_update:${a}:2`, a, 2);
    await add(`reminder:status_update:${b}:1`, b, 1);
    // `_` is a LIKE wildcard: a prefix containing it must not match this key.
    await add(`reminder:statusXupdate:${a}:3`, a, 3);

    expect(await cancel(store.db, `reminder:status_update:${a}:`, at(10))).toBe(2);
    expect(await cancel(store.db, `reminder:status_update:${a}:`, at(20))).toBe(0);
    expect((await jobRows()).map((row) => [row.key, row.status, row.finished_at])).toEqual([
      [`reminder:status_update:${a}:1`, 'canceled', at(10)],
      [`reminder:status_update:${a}:2`, 'canceled', at(10)],
      [`reminder:status_update:${b}:1`, 'pending', null],
      [`reminder:statusXupdate:${a}:3`, 'pending', null],
    ]);
    await expect(cancel(store.db, '', T0)).rejects.toThrow(
      'cancelJobs needs a key prefix; an empty one would cancel every job',
    );

    expect(await runner().drain()).toBe(2);
    expect(runs.map((run) => run.ctx.key)).toEqual([
      `reminder:status_update:${b}:1`,
      `reminder:statusXupdate:${a}:3`,
    ]);
    // A canceled key stays used: scheduling it again is a no-op.
    expect(await add(`reminder:status_update:${a}:1`, a, 1)).toBe(false);
  });

  it('retries with the same backoff as the outbox and warns on the incident when it gives up', async () => {
    const incidentId = await insertIncident(store.db);
    const flaky = defineJob({
      name: 'test.flaky',
      version: 1,
      payload: z.object({}),
      maxAttempts: 2,
      handler: () => Promise.reject(new Error('digest source down')),
    });
    await schedule(store.db, {
      job: flaky,
      payload: {},
      runAt: T0,
      key: `flaky:${incidentId}`,
      incidentId,
    });
    const worker = runner({ jobs: [flaky] });

    expect(await worker.drain()).toBe(1);
    expect(await jobRows()).toMatchObject([
      {
        status: 'pending',
        attempts: 1,
        run_at: T0,
        available_at: at(1_000),
        last_error: 'Error: digest source down',
      },
    ]);
    clock.advance(1_000);
    expect(await worker.drain()).toBe(1);
    const [row] = await store.db.selectFrom('jobs').select('id').execute();
    expect(await jobRows()).toMatchObject([
      {
        status: 'failed',
        attempts: 2,
        finished_at: at(1_000),
        last_error: 'Error: digest source down',
      },
    ]);
    expect(await timelineOf(store.db, incidentId)).toEqual([
      {
        type: 'job.failed',
        actor_id: null,
        occurred_at: at(1_000),
        data: {
          jobId: row?.id,
          name: 'test.flaky',
          key: `flaky:${incidentId}`,
          error: 'Error: digest source down',
          attempts: 2,
        },
      },
    ]);
  });

  it('fails at once a job whose stored payload no longer fits its schema', async () => {
    await store.db
      .insertInto('jobs')
      .values({
        name: 'reminder.status_update',
        version: 1,
        key: 'broken',
        payload: '{"incidentId": 42}',
        run_at: T0,
        available_at: T0,
      })
      .execute();
    expect(await runner().drain()).toBe(1);
    expect(runs).toEqual([]);
    expect(await jobRows()).toMatchObject([
      {
        status: 'failed',
        attempts: 1,
        last_error:
          'PermanentError: payload of reminder.status_update v1 does not fit v1: ✖ Invalid input: expected string, received number\n  → at incidentId\n✖ Invalid input: expected number, received undefined\n  → at n',
      },
    ]);
  });

  it('upgrades older payloads and leaves newer versions to a newer worker', async () => {
    const incidentId = randomUUID();
    const v2 = defineJob({
      name: 'reminder.status_update',
      version: 2,
      payload: z.object({ incidentId: z.uuid(), n: z.number().int(), channel: z.string() }),
      upgrade: (payload, fromVersion) => ({
        ...(payload as object),
        channel: `from-v${fromVersion}`,
      }),
      handler: (payload) => {
        runs.push({ payload, ctx: {} as Omit<JobContext, 'db'> });
        return Promise.resolve();
      },
    });
    await schedule(store.db, {
      job: statusReminder,
      payload: { incidentId, n: 1 },
      runAt: T0,
      key: 'old',
    });
    await store.db
      .insertInto('jobs')
      .values({
        name: 'reminder.status_update',
        version: 3,
        key: 'newer',
        payload: '{}',
        run_at: T0,
        available_at: T0,
      })
      .execute();

    expect(await runner({ jobs: [v2] }).drain()).toBe(1);
    expect(runs.map((run) => run.payload)).toEqual([{ incidentId, n: 1, channel: 'from-v1' }]);
    expect((await jobRows()).map((row) => [row.key, row.status, row.attempts])).toEqual([
      ['old', 'done', 1],
      ['newer', 'pending', 0],
    ]);
  });
});

describe.each(testDatabaseKinds())('a recurring job with two runners on %s', (kind) => {
  let store: TestStore;
  let other: Store;

  beforeAll(async () => {
    store = await openTestStore(kind);
    other =
      kind === 'postgres'
        ? await openStore({ databaseUrl: store.databaseUrl ?? '', dataDir: '', poolSize: 4 })
        : store;
  });
  afterAll(async () => {
    if (other !== store) await other?.close();
    await store?.dispose();
  });

  it('schedules each weekday slot once and runs it once', async () => {
    const ran: { date: string; workspaceId: string }[] = [];
    const digest = defineJob({
      name: 'digest.morning',
      version: 1,
      payload: z.object({ workspaceId: z.string(), date: z.iso.date() }),
      handler: async (payload) => {
        ran.push(payload);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return { sent: payload.date };
      },
    });
    const morningDigest = recurring({
      job: digest,
      spec: { time: '09:30', timezone: 'Asia/Tokyo', weekdaysOnly: true },
      key: (date) => `digest:default:${date}`,
      payload: ({ localDate }) => ({ workspaceId: 'default', date: localDate }),
      workspaceId: 'default',
    });
    // Friday 2026-11-27, 08:00 in Tokyo.
    const clock = manualClock(new Date('2026-11-26T23:00:00.000Z'));
    const logger = recordingLogger();
    const runners = [store, other].map((s, i) =>
      createJobRunner({
        db: s.db,
        jobs: [digest],
        recurring: [morningDigest],
        clock,
        logger,
        workerId: `runner-${i}`,
      }),
    );
    const slots = () =>
      store.db
        .selectFrom('jobs')
        .select(['key', 'run_at', 'status', 'attempts', 'locked_by'])
        .orderBy('seq')
        .execute();

    await Promise.all(runners.map((r) => r.ensureRecurring()));
    await Promise.all(runners.map((r) => r.ensureRecurring()));
    expect(await slots()).toEqual([
      {
        key: 'digest:default:2026-11-27',
        run_at: new Date('2026-11-27T00:30:00.000Z'),
        status: 'pending',
        attempts: 0,
        locked_by: null,
      },
    ]);
    expect((await Promise.all(runners.map((r) => r.drain()))).reduce((x, y) => x + y)).toBe(0);

    clock.set(new Date('2026-11-27T00:30:00.000Z'));
    expect((await Promise.all(runners.map((r) => r.drain()))).reduce((x, y) => x + y)).toBe(1);
    expect(ran).toEqual([{ workspaceId: 'default', date: '2026-11-27' }]);
    // The next slot skips the weekend: Monday 09:30 in Tokyo is 00:30 UTC.
    expect(await slots()).toEqual([
      {
        key: 'digest:default:2026-11-27',
        run_at: new Date('2026-11-27T00:30:00.000Z'),
        status: 'done',
        attempts: 1,
        locked_by: null,
      },
      {
        key: 'digest:default:2026-11-30',
        run_at: new Date('2026-11-30T00:30:00.000Z'),
        status: 'pending',
        attempts: 0,
        locked_by: null,
      },
    ]);
    await Promise.all(runners.map((r) => r.ensureRecurring()));
    expect(await slots()).toHaveLength(2);

    clock.set(new Date('2026-11-30T00:30:00.000Z'));
    expect((await Promise.all(runners.map((r) => r.drain()))).reduce((x, y) => x + y)).toBe(1);
    expect(ran.map((r) => r.date)).toEqual(['2026-11-27', '2026-11-30']);
    expect((await slots()).map((s) => [s.key, s.status])).toEqual([
      ['digest:default:2026-11-27', 'done'],
      ['digest:default:2026-11-30', 'done'],
      ['digest:default:2026-12-01', 'pending'],
    ]);
    expect(logger.lines).toEqual([]);
  });
});
