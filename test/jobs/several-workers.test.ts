import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxDispatcher, type OutboxHandler } from '../../src/jobs/outbox-dispatcher.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import { openTestStore, testDatabaseKinds, type TestStore } from '../support/test-store.ts';
import { enqueue, manualClock, recordingLogger } from './support.ts';

/**
 * Two workers on one database. On PostgreSQL each has its own pool, as two hikeshi processes
 * would; on PGlite (one process per data dir) they share the store.
 */
describe.each(testDatabaseKinds())('two outbox dispatchers on %s', (kind) => {
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

  it('deliver each of 200 rows exactly once, each incident in creation order', async () => {
    const incidents = Array.from(
      { length: 20 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    const written = new Map<string, { incident: string; step: number }>();
    // All ten steps of one incident, then the next: without the ordering rule, one claim would
    // take several steps of the same incident at once.
    for (const incident of incidents) {
      for (let step = 0; step < 10; step += 1) {
        const id = await enqueue(store.db, {
          topic: 'slack.refresh_card',
          incidentId: incident,
          payload: { step },
        });
        written.set(id, { incident, step });
      }
    }

    const deliveries: { worker: string; id: string }[] = [];
    const busyIncidents = new Set<string>();
    const overlaps: string[] = [];
    const handlerFor =
      (worker: string): OutboxHandler =>
      async ({ id, incidentId, payload }) => {
        const incident = incidentId ?? '';
        if (busyIncidents.has(incident)) overlaps.push(id);
        busyIncidents.add(incident);
        deliveries.push({ worker, id });
        // Later steps are quicker: had two steps of one incident run at once, they would finish out of order.
        await new Promise((resolve) => setTimeout(resolve, 3 - (Number(payload.step) % 3)));
        busyIncidents.delete(incident);
        return { worker };
      };
    const clock = manualClock();
    const logger = recordingLogger();
    const a = createOutboxDispatcher({
      db: store.db,
      handlers: { 'slack.refresh_card': handlerFor('a') },
      clock,
      logger,
      workerId: 'a',
    });
    const b = createOutboxDispatcher({
      db: other.db,
      handlers: { 'slack.refresh_card': handlerFor('b') },
      clock,
      logger,
      workerId: 'b',
    });

    const [byA, byB] = await Promise.all([a.drain(), b.drain()]);

    expect(byA + byB).toBe(200);
    expect(deliveries).toHaveLength(200);
    expect(overlaps).toEqual([]);
    expect(new Set(deliveries.map((d) => d.id))).toEqual(new Set(written.keys()));
    // Both took part: neither drained alone.
    expect(byA).toBeGreaterThan(0);
    expect(byB).toBeGreaterThan(0);
    expect(deliveries.filter((d) => d.worker === 'a')).toHaveLength(byA);
    for (const incident of incidents) {
      const steps = deliveries
        .map((d) => written.get(d.id))
        .filter((w) => w?.incident === incident)
        .map((w) => w?.step);
      expect(steps).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
    const rows = await store.db
      .selectFrom('outbox')
      .select(['id', 'status', 'attempts', 'result'])
      .execute();
    expect(rows.filter((row) => row.status === 'done' && row.attempts === 1)).toHaveLength(200);
    for (const { worker, id } of deliveries)
      expect(rows.find((row) => row.id === id)?.result).toEqual({ worker });
    expect(logger.lines).toEqual([]);
  });
});
