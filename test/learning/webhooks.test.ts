import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWebhookHandler, retryAfterMs } from '../../src/adapters/webhooks/deliver.ts';
import { verifySignature } from '../../src/adapters/webhooks/sign.ts';
import { createPlaybookRegistry } from '../../src/app/playbook-registry.ts';
import { defaultPlaybookPath, loadPlaybookFile } from '../../src/config/load-playbook.ts';
import { checkWebhookUrl } from '../../src/domain/webhooks.ts';
import { createOutboxDispatcher } from '../../src/jobs/outbox-dispatcher.ts';
import type { Worker } from '../../src/jobs/work-loop.ts';
import { insertWebhookTarget } from '../../src/store/webhook-targets.ts';
import { enqueue, manualClock, outboxRow, recordingLogger, T0, type ManualClock } from '../jobs/support.ts';
import { expectDomainError } from '../support/domain-error.ts';
import { openTestStore, testDatabaseKinds, type TestStore } from '../support/test-store.ts';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

type Reply = { status: number; headers?: Record<string, string> };

/** A real HTTP server on loopback answering each path with its next scripted reply (else 204). */
async function startReceiver(): Promise<{
  url: string;
  received: Received[];
  replies: Map<string, Reply[]>;
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const replies = new Map<string, Reply[]>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      const reply = replies.get(req.url ?? '')?.shift() ?? { status: 204 };
      res.writeHead(reply.status, reply.headers ?? {});
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    replies,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const SECRET = 'whsec_test_0123456789';

describe.each(testDatabaseKinds())('outbound webhooks on %s', (kind) => {
  let store: TestStore;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let clock: ManualClock;
  let worker: Worker;

  beforeAll(async () => {
    store = await openTestStore(kind);
    receiver = await startReceiver();
    const loaded = await loadPlaybookFile(defaultPlaybookPath);
    const playbooks = createPlaybookRegistry({
      id: 'test',
      version: 1,
      playbook: {
        ...loaded.playbook,
        webhooks: [
          { name: 'postmortems', url: `${receiver.url}/pm`, events: ['postmortem.published'], secretEnv: 'TEST_WEBHOOK_SECRET' },
          { name: 'everything', url: `${receiver.url}/all`, events: ['*'], secretEnv: 'TEST_WEBHOOK_SECRET' },
          { name: 'no-secret', url: `${receiver.url}/nosecret`, events: ['action.deleted_never_sent'], secretEnv: 'TEST_MISSING' },
        ],
      },
    });
    await insertWebhookTarget(store.db, {
      id: '00000000-0000-4000-8000-000000000001',
      workspaceId: 'default',
      name: 'tracker',
      url: `${receiver.url}/tracker`,
      events: ['action.created'],
      secretEnv: 'TEST_WEBHOOK_SECRET',
      by: null,
      at: T0,
    });
    clock = manualClock();
    worker = createOutboxDispatcher({
      db: store.db,
      clock,
      random: () => 0,
      logger: recordingLogger(),
      handlers: {
        'webhook.deliver': createWebhookHandler({
          db: store.db,
          playbooks,
          workspaceId: 'default',
          env: { TEST_WEBHOOK_SECRET: SECRET },
          now: () => clock.now(),
        }),
      },
    });
  });

  afterAll(async () => {
    await receiver.close();
    await store.dispose();
  });

  beforeEach(() => {
    receiver.received.length = 0;
    receiver.replies.clear();
    clock.set(T0);
  });

  async function children(parentKey: string) {
    return store.db
      .selectFrom('outbox')
      .select(['id', 'idempotency_key', 'status', 'attempts', 'available_at', 'last_error', 'incident_id'])
      .where('idempotency_key', 'like', `${parentKey}:%`)
      .orderBy('idempotency_key')
      .execute();
  }

  it('fans an event out to the targets that want it, each POST signed with its delivery id', async () => {
    const parent = await enqueue(store.db, {
      topic: 'webhook.deliver',
      key: 'wh:published:1',
      payload: { event: 'postmortem.published', data: { incident: { number: 12 } } },
    });
    expect(await worker.drain()).toBe(3);
    expect((await outboxRow(store.db, parent)).result).toEqual({ fannedOut: ['playbook:postmortems', 'playbook:everything'] });
    const rows = await children('wh:published:1');
    expect(rows.map((r) => [r.idempotency_key, r.status, r.incident_id])).toEqual([
      ['wh:published:1:playbook:everything', 'done', null],
      ['wh:published:1:playbook:postmortems', 'done', null],
    ]);
    expect(receiver.received.map((r) => r.path).sort()).toEqual(['/all', '/pm']);
    for (const request of receiver.received) {
      const row = rows.find((r) => r.idempotency_key.endsWith(request.path === '/pm' ? 'postmortems' : 'everything'));
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['x-hikeshi-event']).toBe('postmortem.published');
      expect(request.headers['x-hikeshi-delivery']).toBe(row?.id);
      expect(request.headers['idempotency-key']).toBe(row?.id);
      const timestamp = Number(request.headers['x-hikeshi-timestamp']);
      expect(timestamp).toBe(T0.getTime() / 1000);
      expect(verifySignature(SECRET, timestamp, request.body, String(request.headers['x-hikeshi-signature']))).toBe(true);
      expect(verifySignature('wrong', timestamp, request.body, String(request.headers['x-hikeshi-signature']))).toBe(false);
      expect(JSON.parse(request.body)).toEqual({
        id: row?.id,
        event: 'postmortem.published',
        createdAt: T0.toISOString(),
        data: { incident: { number: 12 } },
      });
    }
  });

  it('retries 5xx with backoff and 429 after Retry-After, then delivers once', async () => {
    receiver.replies.set('/tracker', [{ status: 503 }, { status: 200 }]);
    receiver.replies.set('/all', [{ status: 429, headers: { 'retry-after': '7' } }]);
    await enqueue(store.db, { topic: 'webhook.deliver', key: 'wh:action:1', payload: { event: 'action.created', data: {} } });
    // The fan-out (tracker and everything) runs; tracker answers 503 first, everything 429.
    await worker.drain();
    let rows = await children('wh:action:1');
    expect(rows.map((r) => [r.idempotency_key, r.status, r.attempts, r.available_at.getTime() - T0.getTime()])).toEqual([
      ['wh:action:1:api:00000000-0000-4000-8000-000000000001', 'pending', 1, 1000],
      ['wh:action:1:playbook:everything', 'pending', 0, 7000],
    ]);
    expect(rows[0]?.last_error).toBe('Error: webhook target tracker: HTTP 503');
    clock.advance(1000);
    await worker.drain();
    clock.advance(6000);
    await worker.drain();
    rows = await children('wh:action:1');
    expect(rows.map((r) => r.status)).toEqual(['done', 'done']);
    expect(receiver.received).toHaveLength(4);
    // Every attempt of one delivery carries the same delivery id.
    const tracker = receiver.received.filter((r) => r.path === '/tracker').map((r) => r.headers['x-hikeshi-delivery']);
    expect(tracker).toEqual([rows[0]?.id, rows[0]?.id]);
  });

  it('gives up at once on other 4xx answers and on a missing secret', async () => {
    receiver.replies.set('/tracker', [{ status: 400 }]);
    receiver.replies.set('/all', [{ status: 400 }]);
    await enqueue(store.db, { topic: 'webhook.deliver', key: 'wh:action:2', payload: { event: 'action.created', data: {} } });
    await worker.drain();
    const rows = await children('wh:action:2');
    expect(rows.map((r) => [r.status, r.attempts, r.last_error])).toEqual([
      ['failed', 1, 'PermanentError: webhook target tracker: HTTP 400 (not retried)'],
      ['failed', 1, 'PermanentError: webhook target everything: HTTP 400 (not retried)'],
    ]);

    await enqueue(store.db, {
      topic: 'webhook.deliver',
      key: 'wh:nosecret',
      payload: { event: 'action.deleted_never_sent', data: {}, targetId: 'playbook:no-secret' },
    });
    await worker.drain();
    const row = await store.db.selectFrom('outbox').select(['status', 'last_error']).where('idempotency_key', '=', 'wh:nosecret').executeTakeFirstOrThrow();
    expect(row).toEqual({
      status: 'failed',
      last_error: 'PermanentError: webhook target no-secret: the environment variable TEST_MISSING is not set',
    });
    expect(receiver.received.map((r) => r.path).sort()).toEqual(['/all', '/tracker']);
  });

  it('a second fan-out of the same row adds no deliveries', async () => {
    const handler = createWebhookHandler({
      db: store.db,
      playbooks: createPlaybookRegistry({ id: 'x', version: 1, playbook: { ...(await loadPlaybookFile(defaultPlaybookPath)).playbook, webhooks: [] } }),
      workspaceId: 'default',
      env: {},
      now: () => clock.now(),
    });
    const delivery = { id: 'd', topic: 'webhook.deliver' as const, idempotencyKey: 'wh:twice', payload: { event: 'action.created' }, attempt: 1, incidentId: null, workspaceId: 'default' };
    await handler(delivery);
    await handler(delivery);
    expect(await children('wh:twice')).toHaveLength(1);
  });
});

describe('webhook rules', () => {
  it.each([
    ['ftp://example.com/hook', 'http_or_https_only'],
    ['javascript:alert(1)', 'http_or_https_only'],
    ['https://user:pass@example.com/hook', 'no_credentials_in_url'],
    ['not a url', 'not_a_url'],
  ])('refuses %s (%s)', (url, reason) => {
    expectDomainError(() => checkWebhookUrl(url), 'validation_failed', { field: 'url', reason });
  });

  it.each([
    ['120', 120_000],
    ['0', 0],
    ['Sat, 01 Jan 2000 00:00:30 GMT', 30_000],
    ['soon', null],
    [null, null],
  ])('Retry-After %s is %s ms', (header, ms) => {
    expect(retryAfterMs(header, new Date('2000-01-01T00:00:00Z'))).toBe(ms);
  });
});
