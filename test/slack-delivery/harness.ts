import { createSlackDelivery, slackHandlers, type SlackDelivery } from '../../src/adapters/slack/delivery/index.ts';
import { createSlackClient } from '../../src/adapters/slack/web-client.ts';
import { incidentTimerJobs } from '../../src/jobs/incident-timers/index.ts';
import { createOutboxDispatcher } from '../../src/jobs/outbox-dispatcher.ts';
import { createJobRunner } from '../../src/jobs/scheduler.ts';
import type { Worker } from '../../src/jobs/work-loop.ts';
import type { StoreKind } from '../support/test-store.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { recordingLogger } from '../jobs/support.ts';
import { startSlackEmulator, type SlackEmulator } from '../slack-emulator/index.ts';

export const PUBLIC_URL = 'http://hikeshi.test';

/** A test server, a Slack emulator on the same fake clock, and workers driven by `drain()`. */
export interface DeliveryHarness {
  server: TestServer;
  slack: SlackEmulator;
  delivery: SlackDelivery;
  outbox: Worker;
  jobs: Worker;
  logger: ReturnType<typeof recordingLogger>;
  /** Declares through the API as the admin; returns the answer's body. */
  declare(body: Record<string, unknown>): Promise<{ id: string; number: number; status: string; version: number }>;
  /** Runs the outbox until nothing is due now; returns how many rows ran. */
  drainAll(): Promise<number>;
  close(): Promise<void>;
}

export async function startHarness(kind: StoreKind): Promise<DeliveryHarness> {
  const server = await startTestServer(kind);
  const slack = await startSlackEmulator({ clock: server.clock });
  const client = createSlackClient({ botToken: slack.botToken, apiUrl: slack.url, signingSecret: undefined, appToken: undefined, newUserRole: 'responder' });
  if (!client) throw new Error('no client');
  const delivery = createSlackDelivery({ client, app: server.deps.app, publicUrl: PUBLIC_URL });
  const logger = recordingLogger();
  const common = { db: server.store.db, clock: server.clock, logger, random: () => 0.5 };
  const outbox = createOutboxDispatcher({ ...common, handlers: slackHandlers(delivery) });
  const jobs = createJobRunner({ ...common, jobs: incidentTimerJobs({ playbooks: server.deps.app.playbooks, publicUrl: PUBLIC_URL }) });
  return {
    server,
    slack,
    delivery,
    outbox,
    jobs,
    logger,
    async declare(body) {
      const res = await server.app.inject({ method: 'POST', url: '/api/v1/incidents', headers: server.auth(server.adminToken), payload: body });
      if (res.statusCode !== 201) throw new Error(`declare: ${res.statusCode} ${res.body}`);
      return res.json();
    },
    async drainAll() {
      let total = 0;
      for (;;) {
        const ran = await outbox.drain();
        total += ran;
        if (ran === 0) return total;
      }
    },
    async close() {
      await outbox.stop();
      await jobs.stop();
      await slack.close();
      await server.close();
    },
  };
}

/** The outbox rows of an incident: topic, status, last error. */
export async function outboxOf(harness: DeliveryHarness, incidentId: string) {
  return harness.server.store.db
    .selectFrom('outbox')
    .select(['topic', 'status', 'last_error', 'available_at', 'attempts', 'idempotency_key'])
    .where('incident_id', '=', incidentId)
    .orderBy('seq')
    .execute();
}
