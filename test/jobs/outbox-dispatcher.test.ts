import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runUseCase, type AppDeps } from '../../src/app/context.ts';
import { declareIncident } from '../../src/app/incidents/declare-incident.ts';
import { createPlaybookRegistry } from '../../src/app/playbook-registry.ts';
import {
  bootstrapActor,
  ensureBootstrapToken,
} from '../../src/app/tokens/ensure-bootstrap-token.ts';
import { defaultPlaybookPath, loadPlaybookFile } from '../../src/config/load-playbook.ts';
import { PermanentError, RetryLaterError } from '../../src/jobs/errors.ts';
import {
  createOutboxDispatcher,
  type OutboxDelivery,
  type OutboxDispatcherOptions,
  type OutboxHandler,
} from '../../src/jobs/outbox-dispatcher.ts';
import { claimOutbox, settleOutbox } from '../../src/store/outbox-claims.ts';
import type { OutboxTopic } from '../../src/store/outbox.ts';
import { ensurePlaybookVersion } from '../../src/store/playbooks.ts';
import { openTestStore, testDatabaseKinds, type TestStore } from '../support/test-store.ts';
import {
  T0,
  enqueue,
  insertIncident,
  manualClock,
  outboxRow,
  recordingLogger,
  timelineOf,
  waitFor,
  type ManualClock,
} from './support.ts';

const at = (ms: number) => new Date(T0.getTime() + ms);

describe.each(testDatabaseKinds())('outbox dispatcher on %s', (kind) => {
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
    // Each test writes its own rows; none may be left due for the next one.
    await store.db.deleteFrom('outbox').execute();
    clock = manualClock();
    logger = recordingLogger();
  });

  const dispatcher = (
    handlers: OutboxDispatcherOptions['handlers'],
    options: Partial<OutboxDispatcherOptions> = {},
  ) =>
    createOutboxDispatcher({
      db: store.db,
      store,
      handlers,
      clock,
      logger,
      random: () => 0.5,
      ...options,
    });

  it('delivers a due row once and keeps what the handler returns', async () => {
    const incidentId = randomUUID();
    const id = await enqueue(store.db, {
      topic: 'slack.open_channel',
      key: `slack.open_channel:${incidentId}:once`,
      incidentId,
      payload: { incidentId },
    });
    const seen: OutboxDelivery[] = [];
    const worker = dispatcher({
      'slack.open_channel': (delivery) => {
        seen.push(delivery);
        return Promise.resolve({ channelId: 'C0123' });
      },
    });

    expect(await worker.drain()).toBe(1);
    expect(seen).toEqual([
      {
        id,
        topic: 'slack.open_channel',
        idempotencyKey: `slack.open_channel:${incidentId}:once`,
        payload: { incidentId },
        attempt: 1,
        incidentId,
        workspaceId: 'default',
      },
    ]);
    expect(await outboxRow(store.db, id)).toEqual({
      status: 'done',
      attempts: 1,
      available_at: T0,
      delivered_at: T0,
      last_error: null,
      result: { channelId: 'C0123' },
      locked_by: null,
      locked_until: null,
    });
    expect(await worker.drain()).toBe(0);
    expect(seen).toHaveLength(1);
  });

  it('stores no result when the handler returns nothing', async () => {
    const id = await enqueue(store.db, { topic: 'webhook.deliver' });
    const worker = dispatcher({ 'webhook.deliver': () => Promise.resolve() });
    expect(await worker.drain()).toBe(1);
    expect(await outboxRow(store.db, id)).toMatchObject({
      status: 'done',
      result: null,
      delivered_at: T0,
    });
  });

  it('leaves rows that are not due yet, and topics it has no handler for', async () => {
    const later = await enqueue(store.db, { topic: 'slack.announce', at: at(5_000) });
    const unhandled = await enqueue(store.db, { topic: 'webhook.deliver' });
    const worker = dispatcher({ 'slack.announce': () => Promise.resolve() });

    expect(await worker.drain()).toBe(0);
    clock.advance(4_999);
    expect(await worker.drain()).toBe(0);
    clock.advance(1);
    expect(await worker.drain()).toBe(1);
    expect(await outboxRow(store.db, later)).toMatchObject({
      status: 'done',
      delivered_at: at(5_000),
    });
    expect(await outboxRow(store.db, unhandled)).toMatchObject({
      status: 'pending',
      attempts: 0,
      locked_by: null,
    });
  });

  it('retries a failing row with exponential backoff less the jitter', async () => {
    const id = await enqueue(store.db, { topic: 'slack.refresh_card' });
    const attempts: number[] = [];
    const worker = dispatcher({
      'slack.refresh_card': ({ attempt }) => {
        attempts.push(attempt);
        return attempt < 3
          ? Promise.reject(new Error('Slack unreachable'))
          : Promise.resolve({ ts: '1.5' });
      },
    });

    // random() = 0.5 and jitter 0.5: each wait is 75 % of 1 s · 2^(attempt-1).
    expect(await worker.drain()).toBe(1);
    expect(await outboxRow(store.db, id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      available_at: at(750),
      last_error: 'Error: Slack unreachable',
      locked_by: null,
      locked_until: null,
    });
    clock.advance(749);
    expect(await worker.drain()).toBe(0);
    clock.advance(1);
    expect(await worker.drain()).toBe(1);
    expect(await outboxRow(store.db, id)).toMatchObject({
      status: 'pending',
      attempts: 2,
      available_at: at(750 + 1_500),
    });
    clock.set(at(750 + 1_500));
    expect(await worker.drain()).toBe(1);
    expect(await outboxRow(store.db, id)).toMatchObject({
      status: 'done',
      attempts: 3,
      delivered_at: at(2_250),
      last_error: 'Error: Slack unreachable',
      result: { ts: '1.5' },
    });
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('waits as long as a RetryLaterError asks, without using up an attempt', async () => {
    const id = await enqueue(store.db, { topic: 'slack.announce' });
    const attempts: number[] = [];
    let isRateLimited = true;
    const worker = dispatcher(
      {
        'slack.announce': ({ attempt }) => {
          attempts.push(attempt);
          if (isRateLimited) {
            isRateLimited = false;
            return Promise.reject(new RetryLaterError(30_000, 'rate limited'));
          }
          return Promise.resolve({ ts: '2.0' });
        },
      },
      { maxAttempts: 1 }, // a counted failure would end it
    );

    expect(await worker.drain()).toBe(1);
    expect(await outboxRow(store.db, id)).toMatchObject({
      status: 'pending',
      attempts: 0,
      available_at: at(30_000),
      last_error: 'RetryLaterError: rate limited',
    });
    clock.advance(29_999);
    expect(await worker.drain()).toBe(0);
    clock.advance(1);
    expect(await worker.drain()).toBe(1);
    expect(await outboxRow(store.db, id)).toMatchObject({
      status: 'done',
      attempts: 1,
      delivered_at: at(30_000),
    });
    expect(attempts).toEqual([1, 1]);
  });

  it('gives up after the last attempt and warns on the incident timeline', async () => {
    const incidentId = await insertIncident(store.db);
    const id = await enqueue(store.db, { topic: 'slack.announce', incidentId });
    const worker = dispatcher(
      { 'slack.announce': () => Promise.reject(new Error('invalid_auth')) },
      { maxAttempts: 2, random: () => 0 },
    );

    expect(await worker.drain()).toBe(1);
    expect(await timelineOf(store.db, incidentId)).toEqual([]);
    clock.advance(1_000);
    expect(await worker.drain()).toBe(1);
    expect(await outboxRow(store.db, id)).toEqual({
      status: 'failed',
      attempts: 2,
      available_at: at(1_000),
      delivered_at: null,
      last_error: 'Error: invalid_auth',
      result: null,
      locked_by: null,
      locked_until: null,
    });
    expect(await timelineOf(store.db, incidentId)).toEqual([
      {
        type: 'outbox.failed',
        actor_id: null,
        occurred_at: at(1_000),
        data: { outboxId: id, topic: 'slack.announce', error: 'Error: invalid_auth', attempts: 2 },
      },
    ]);
    expect(logger.lines.map((line) => [line.level, line.message, line.details.id])).toEqual([
      ['warn', 'gave up on work', id],
    ]);
    clock.advance(60 * 60_000);
    expect(await worker.drain()).toBe(0);
  });

  it('gives up at once on a PermanentError', async () => {
    const incidentId = await insertIncident(store.db);
    const id = await enqueue(store.db, { topic: 'slack.archive_channel', incidentId });
    const orphan = await enqueue(store.db, {
      topic: 'slack.archive_channel',
      incidentId: randomUUID(),
    });
    const worker = dispatcher({
      'slack.archive_channel': () => Promise.reject(new PermanentError('channel_not_found')),
    });

    expect(await worker.drain()).toBe(2);
    expect(await outboxRow(store.db, id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      last_error: 'PermanentError: channel_not_found',
    });
    // An incident id with no incident behind it: the row fails, and no timeline entry is attempted.
    expect(await outboxRow(store.db, orphan)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(await timelineOf(store.db, incidentId)).toEqual([
      {
        type: 'outbox.failed',
        actor_id: null,
        occurred_at: T0,
        data: {
          outboxId: id,
          topic: 'slack.archive_channel',
          error: 'PermanentError: channel_not_found',
          attempts: 1,
        },
      },
    ]);
  });

  it("hands a crashed worker's row to another worker once the lease ends", async () => {
    const id = await enqueue(store.db, { topic: 'slack.refresh_card' });
    // A worker claims the row, then dies before recording anything.
    const claimed = await claimOutbox(store.db, {
      now: T0,
      limit: 10,
      lockedBy: 'crashed-worker',
      lockedUntil: at(60_000),
      topics: ['slack.refresh_card'],
    });
    expect(claimed.map((row) => [row.id, row.attempts, row.locked_by])).toEqual([
      [id, 1, 'crashed-worker'],
    ]);

    const attempts: number[] = [];
    const worker = dispatcher(
      {
        'slack.refresh_card': ({ attempt }) => {
          attempts.push(attempt);
          return Promise.resolve({ by: 'survivor' });
        },
      },
      { leaseMs: 60_000 },
    );
    expect(await worker.drain()).toBe(0);
    clock.set(at(59_999));
    expect(await worker.drain()).toBe(0);
    clock.set(at(60_000));
    expect(await worker.drain()).toBe(1);
    expect(attempts).toEqual([2]);
    expect(await outboxRow(store.db, id)).toMatchObject({
      status: 'done',
      attempts: 2,
      result: { by: 'survivor' },
    });

    // The crashed worker comes back and reports: its lease is gone, so nothing is overwritten.
    const isRecorded = await store.db.transaction().execute((trx) =>
      settleOutbox(
        trx,
        { id, lockedBy: 'crashed-worker', attempt: 1 },
        { kind: 'done', result: { by: 'zombie' } },
        {
          now: at(61_000),
          newId: randomUUID,
        },
      ),
    );
    expect(isRecorded).toBe(false);
    expect(await outboxRow(store.db, id)).toMatchObject({
      status: 'done',
      attempts: 2,
      delivered_at: at(60_000),
      result: { by: 'survivor' },
    });
  });

  it('fails a row whose last attempt was lost with its worker, without running it again', async () => {
    const id = await enqueue(store.db, { topic: 'slack.refresh_card' });
    await claimOutbox(store.db, {
      now: T0,
      limit: 1,
      lockedBy: 'crashed-worker',
      lockedUntil: at(1_000),
      topics: ['slack.refresh_card'],
    });
    let calls = 0;
    const worker = dispatcher(
      {
        'slack.refresh_card': () => {
          calls += 1;
          return Promise.resolve();
        },
      },
      { maxAttempts: 1 },
    );
    clock.set(at(1_000));
    expect(await worker.drain()).toBe(1);
    expect(calls).toBe(0);
    expect(await outboxRow(store.db, id)).toMatchObject({
      status: 'failed',
      attempts: 2,
      last_error:
        'no attempts left: the worker running attempt 1 stopped without recording an outcome (lease expired)',
    });
  });

  it('delivers the effects of one incident on one channel one at a time, in creation order', async () => {
    const [x, y, w] = [randomUUID(), randomUUID(), randomUUID()];
    const labels = new Map<string, string>();
    const add = async (label: string, topic: OutboxTopic, incidentId: string | null) =>
      labels.set(await enqueue(store.db, { topic, incidentId }), label);
    await add('x1', 'slack.open_channel', x);
    await add('y1', 'slack.open_channel', y);
    await add('x2', 'slack.announce', x);
    await add('w1', 'webhook.deliver', w); // no handler here: holds no Slack row back
    await add('x3', 'slack.refresh_card', x);
    await add('y2', 'slack.refresh_card', y);
    await add('n1', 'slack.announce', null);
    await add('w2', 'slack.refresh_card', w);

    const calls: string[] = [];
    let hasX1Failed = false;
    const handler: OutboxHandler = ({ id, attempt }) => {
      const label = labels.get(id) ?? id;
      calls.push(`${label}#${attempt}`);
      if (label === 'x1' && !hasX1Failed) {
        hasX1Failed = true;
        return Promise.reject(new Error('timeout'));
      }
      return Promise.resolve();
    };
    const worker = dispatcher(
      { 'slack.open_channel': handler, 'slack.announce': handler, 'slack.refresh_card': handler },
      { random: () => 0, concurrency: 4 },
    );

    // x1 fails: x2 and x3 wait for its retry; y2 follows y1; n1 has no incident to wait for; w2
    // waits for no webhook.
    expect(await worker.drain()).toBe(5);
    expect(calls).toEqual(['x1#1', 'y1#1', 'n1#1', 'w2#1', 'y2#1']);
    const statuses = async () => {
      const rows = await store.db
        .selectFrom('outbox')
        .select(['id', 'status', 'attempts'])
        .orderBy('seq')
        .execute();
      return rows.map((row) => `${labels.get(row.id) ?? '?'}:${row.status}:${row.attempts}`);
    };
    expect(await statuses()).toEqual([
      'x1:pending:1',
      'y1:done:1',
      'x2:pending:0',
      'w1:pending:0',
      'x3:pending:0',
      'y2:done:1',
      'n1:done:1',
      'w2:done:1',
    ]);

    clock.advance(1_000);
    expect(await worker.drain()).toBe(3);
    expect(calls).toEqual(['x1#1', 'y1#1', 'n1#1', 'w2#1', 'y2#1', 'x1#2', 'x2#1', 'x3#1']);
    expect(await statuses()).toEqual([
      'x1:done:2',
      'y1:done:1',
      'x2:done:1',
      'w1:pending:0',
      'x3:done:1',
      'y2:done:1',
      'n1:done:1',
      'w2:done:1',
    ]);
  });

  it('lets the rows after a permanently failed one go on', async () => {
    const incidentId = randomUUID();
    const first = await enqueue(store.db, { topic: 'slack.open_channel', incidentId });
    const second = await enqueue(store.db, { topic: 'slack.refresh_card', incidentId });
    const calls: string[] = [];
    const worker = dispatcher({
      'slack.open_channel': () => {
        calls.push('open_channel');
        return Promise.reject(new PermanentError('name_taken'));
      },
      'slack.refresh_card': () => {
        calls.push('refresh_card');
        return Promise.resolve();
      },
    });
    expect(await worker.drain()).toBe(2);
    expect(calls).toEqual(['open_channel', 'refresh_card']);
    expect(await outboxRow(store.db, first)).toMatchObject({ status: 'failed' });
    expect(await outboxRow(store.db, second)).toMatchObject({ status: 'done' });
  });

  it("delivers a declared incident's effects in the order the use case wrote them", async () => {
    const loaded = await loadPlaybookFile(defaultPlaybookPath);
    const ref = await ensurePlaybookVersion(store.db, 'default', loaded);
    const deps: AppDeps = {
      db: store.db,
      clock,
      newId: randomUUID,
      playbooks: createPlaybookRegistry({
        id: ref.id,
        version: ref.version,
        playbook: loaded.playbook,
      }),
      workspaceId: 'default',
    };
    const boot = await runUseCase(deps, bootstrapActor, ensureBootstrapToken, {
      token: `hks_${randomUUID()}`,
    });
    const incident = await runUseCase(
      deps,
      { userId: boot.userId, role: 'admin' },
      declareIncident,
      {
        title: 'Checkout is down',
        severity: 'SEV1',
      },
    );
    const written = await store.db
      .selectFrom('outbox')
      .select(['topic', 'idempotency_key'])
      .where('incident_id', '=', incident.id)
      .orderBy('seq')
      .execute();
    expect(written.map((row) => row.topic).sort()).toEqual(['slack.announce', 'slack.open_channel']);

    const events: string[] = [];
    const handler: OutboxHandler = async ({ idempotencyKey }) => {
      events.push(`start ${idempotencyKey}`);
      await new Promise((resolve) => setTimeout(resolve, 5)); // slow enough that an overlap would show
      events.push(`end ${idempotencyKey}`);
    };
    const worker = dispatcher(
      { 'slack.open_channel': handler, 'slack.announce': handler, 'slack.refresh_card': handler },
      { concurrency: 8 },
    );
    expect(await worker.drain()).toBe(2);
    expect(events).toEqual(
      written.flatMap((row) => [`start ${row.idempotency_key}`, `end ${row.idempotency_key}`]),
    );
  });

  it('wakes on the NOTIFY of a committed insert, long before its next poll', async () => {
    const delivered: string[] = [];
    const worker = dispatcher(
      {
        'slack.announce': ({ id }) => {
          delivered.push(id);
          return Promise.resolve();
        },
      },
      { pollIntervalMs: 3_600_000 },
    );
    await worker.start();
    try {
      const id = await store.db
        .transaction()
        .execute((trx) => enqueue(trx, { topic: 'slack.announce' }));
      await waitFor(() => delivered.length === 1);
      expect(delivered).toEqual([id]);
      await waitFor(async () => (await outboxRow(store.db, id)).status === 'done');
    } finally {
      await worker.stop();
    }
  });

  it('stops only once the delivery in flight is recorded', async () => {
    let release: () => void = () => undefined;
    let hasStarted = false;
    const id = await enqueue(store.db, { topic: 'webhook.deliver' });
    const worker = dispatcher(
      {
        'webhook.deliver': () =>
          new Promise((resolve) => {
            hasStarted = true;
            release = () => resolve({ status: 204 });
          }),
      },
      { pollIntervalMs: 3_600_000 },
    );
    await worker.start();
    await waitFor(() => hasStarted);
    let hasStopped = false;
    const stopping = worker.stop().then(() => {
      hasStopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(hasStopped).toBe(false);
    release();
    await stopping;
    expect(await outboxRow(store.db, id)).toMatchObject({
      status: 'done',
      result: { status: 204 },
    });
  });
});
