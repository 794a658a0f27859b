import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { systemClock } from '../../src/app/context.ts';
import { wakeDelayFor } from '../../src/jobs/wake-payload.ts';
import { createWorkLoop, type WorkItem } from '../../src/jobs/work-loop.ts';
import { enqueueOutbox } from '../../src/store/outbox.ts';
import { scheduleJob } from '../../src/store/scheduled-jobs.ts';
import { openTestStore, testDatabaseKinds, type TestStore } from '../support/test-store.ts';

/** Work NOTIFYs say what arrived (migration 010), so workers claim only when there is work for them. */

const waitFor = async (check: () => boolean, ms = 5_000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe.each(testDatabaseKinds())('work notifications on %s', (kind) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(kind);
  });
  afterAll(() => store.dispose());

  it('announce the topics of an outbox insert, once per statement, and nothing for an insert that did nothing', async () => {
    const payloads: string[] = [];
    const unlisten = await store.listen('hikeshi_outbox', (payload) => payloads.push(payload));
    try {
      const at = new Date();
      const entry = (topic: 'slack.announce' | 'webhook.deliver', key: string) => ({
        id: randomUUID(),
        workspaceId: 'default',
        topic,
        idempotencyKey: key,
        payload: {},
        at,
      });
      const [a, b] = [randomUUID(), randomUUID()];
      await enqueueOutbox(store.db, [entry('slack.announce', a), entry('webhook.deliver', b), entry('slack.announce', `${a}:2`)]);
      await waitFor(() => payloads.length === 1);
      expect(JSON.parse(payloads[0] ?? '')).toEqual({ topics: ['slack.announce', 'webhook.deliver'], due: at.getTime() });
      await enqueueOutbox(store.db, entry('slack.announce', a)); // same key: nothing inserted
      await enqueueOutbox(store.db, entry('webhook.deliver', `${b}:2`));
      await waitFor(() => payloads.length === 2);
      expect(JSON.parse(payloads[1] ?? '')).toEqual({ topics: ['webhook.deliver'], due: at.getTime() });
    } finally {
      await unlisten();
    }
  });

  it('announce the names of scheduled jobs and when the earliest is due', async () => {
    const payloads: string[] = [];
    const unlisten = await store.listen('hikeshi_jobs', (payload) => payloads.push(payload));
    try {
      const runAt = new Date('2031-05-06T07:08:09.123Z');
      const job = { name: 'test.wake_job', version: 1, payload: z.object({}) };
      await scheduleJob(store.db, { job, payload: {}, runAt, key: `wake:${randomUUID()}` });
      await waitFor(() => payloads.length === 1);
      expect(JSON.parse(payloads[0] ?? '')).toEqual({ names: ['test.wake_job'], due: runAt.getTime() });
    } finally {
      await unlisten();
    }
  });
});

describe('wakeDelayFor', () => {
  const now = new Date('2026-11-26T00:00:00.000Z');
  const handled = new Set(['webhook.deliver', 'incident.remind']);
  it('is null when nothing announced is handled here', () => {
    expect(wakeDelayFor(handled, '{"topics":["slack.announce"]}', now)).toBeNull();
  });
  it('is 0 for handled work due now or overdue, and the wait for work due later', () => {
    expect(wakeDelayFor(handled, '{"topics":["slack.announce","webhook.deliver"]}', now)).toBe(0);
    expect(wakeDelayFor(handled, `{"names":["incident.remind"],"due":${now.getTime() - 5}}`, now)).toBe(0);
    expect(wakeDelayFor(handled, `{"names":["incident.remind"],"due":${now.getTime() + 250}}`, now)).toBe(250);
  });
  it('looks now when it cannot read the payload', () => {
    for (const payload of ['', 'not json', '[]', '{"topics":[1]}', 'null']) expect(wakeDelayFor(handled, payload, now)).toBe(0);
  });
});

describe('a work loop woken by NOTIFY', () => {
  function loopWithFakeChannel(pollIntervalMs: number) {
    let notify: (payload: string) => void = () => undefined;
    const claims: number[] = [];
    const loop = createWorkLoop<WorkItem>(
      {
        name: 'test',
        channel: 'test_work',
        wakeDelayMs: (payload, now) => wakeDelayFor(new Set(['mine']), payload, now),
        claim: () => {
          claims.push(Date.now());
          return Promise.resolve([]);
        },
        run: () => Promise.resolve(null),
        settle: () => Promise.resolve(true),
        extendLease: () => Promise.resolve(true),
      },
      {
        clock: systemClock,
        pollIntervalMs,
        store: {
          listen: (_channel, onPayload) => {
            notify = onPayload;
            return Promise.resolve(() => Promise.resolve());
          },
        },
      },
    );
    return { loop, claims, notify: (payload: string) => notify(payload) };
  }

  it('claims for its own work now, for work due soon when it is due, and not at all for others', async () => {
    const { loop, claims, notify } = loopWithFakeChannel(3_600_000);
    await loop.start();
    try {
      await waitFor(() => claims.length === 1); // start() looks once
      notify('{"topics":["theirs"]}');
      notify(`{"names":["mine"],"due":${Date.now() + 7_200_000}}`); // after the next poll: the poll finds it
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(claims).toHaveLength(1);
      notify('{"topics":["mine"]}');
      await waitFor(() => claims.length === 2);
      const dueAt = Date.now() + 120;
      notify(`{"names":["mine"],"due":${dueAt}}`);
      await waitFor(() => claims.length === 3);
      expect(claims[2]).toBeGreaterThanOrEqual(dueAt - 5);
    } finally {
      await loop.stop();
    }
  });
});
