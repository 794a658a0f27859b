import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createOutboxDispatcher } from '../../src/jobs/outbox-dispatcher.ts';
import { createJobRunner, defineJob, schedule } from '../../src/jobs/scheduler.ts';
import type { Worker } from '../../src/jobs/work-loop.ts';
import { openTestStore, testDatabaseKinds, type TestStore } from '../support/test-store.ts';
import { T0, enqueue, manualClock, recordingLogger, waitFor } from './support.ts';

/**
 * The catch-up a process does at start-up after downtime: every due row waits at once. A worker
 * holds at most `concurrency` rows (claimed, leased, in memory) at any moment, and runs each
 * exactly once, however long the backlog (docs/jobs.md; docs/benchmarks.md, "Session 5").
 */

const BACKLOG = 40;
const CONCURRENCY = 3;

describe.each(testDatabaseKinds())('a start-up backlog on %s', (kind) => {
  let store: TestStore;

  beforeAll(async () => {
    store = await openTestStore(kind);
  });
  afterAll(async () => {
    await store?.dispose();
  });
  beforeEach(async () => {
    await store.db.deleteFrom('outbox').execute();
    await store.db.deleteFrom('jobs').execute();
  });

  /** Counts what runs at once and how many rows of `table` are leased meanwhile. */
  function meter(table: 'outbox' | 'jobs') {
    const ran: string[] = [];
    let running = 0;
    const peak = { running: 0, leased: 0 };
    const run = async (id: string) => {
      running += 1;
      peak.running = Math.max(peak.running, running);
      const leased = await store.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'pending')
        .where('locked_by', 'is not', null)
        .executeTakeFirstOrThrow();
      peak.leased = Math.max(peak.leased, Number(leased.n));
      await sleep(2); // long enough for the other slots to fill
      ran.push(id);
      running -= 1;
    };
    return { ran, peak, run };
  }

  async function runToEnd(worker: Worker, table: 'outbox' | 'jobs'): Promise<void> {
    await worker.start();
    try {
      await waitFor(async () => {
        const left = await store.db
          .selectFrom(table)
          .select('id')
          .where('status', '=', 'pending')
          .execute();
        return left.length === 0;
      }, 20_000);
    } finally {
      await worker.stop();
    }
  }

  it('outbox: claims at most `concurrency` rows at a time and delivers each once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < BACKLOG; i += 1)
      ids.push(await enqueue(store.db, { topic: 'slack.announce' }));
    const { ran, peak, run } = meter('outbox');
    const worker = createOutboxDispatcher({
      db: store.db,
      store,
      handlers: { 'slack.announce': ({ id }) => run(id) },
      clock: manualClock(T0),
      logger: recordingLogger(),
      concurrency: CONCURRENCY,
    });
    await runToEnd(worker, 'outbox');
    expect([...ran].sort()).toEqual([...ids].sort());
    expect(peak).toEqual({ running: CONCURRENCY, leased: CONCURRENCY });
    const rows = await store.db.selectFrom('outbox').select(['status', 'attempts']).execute();
    expect(rows).toEqual(ids.map(() => ({ status: 'done', attempts: 1 })));
  });

  it('jobs: claims at most `concurrency` due jobs at a time and runs each once', async () => {
    const { ran, peak, run } = meter('jobs');
    const job = defineJob({
      name: 'test.backlog_item',
      version: 1,
      payload: z.object({ n: z.number().int() }),
      handler: (_payload, ctx) => run(ctx.key),
    });
    const keys: string[] = [];
    for (let n = 0; n < BACKLOG; n += 1) {
      const key = `backlog:${randomUUID()}`;
      keys.push(key);
      await schedule(store.db, {
        job,
        payload: { n },
        runAt: new Date(T0.getTime() - 60_000 * n),
        key,
      });
    }
    const worker = createJobRunner({
      db: store.db,
      store,
      jobs: [job],
      clock: manualClock(T0),
      logger: recordingLogger(),
      concurrency: CONCURRENCY,
    });
    await runToEnd(worker, 'jobs');
    expect([...ran].sort()).toEqual([...keys].sort());
    expect(peak).toEqual({ running: CONCURRENCY, leased: CONCURRENCY });
    const rows = await store.db.selectFrom('jobs').select(['status', 'attempts']).execute();
    expect(rows).toEqual(keys.map(() => ({ status: 'done', attempts: 1 })));
  });
});
