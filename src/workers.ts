import type { FastifyBaseLogger } from 'fastify';
import { createSlackClient } from './adapters/slack/web-client.ts';
import { createWebhookHandler } from './adapters/webhooks/deliver.ts';
import { createSlackDelivery, slackHandlers } from './adapters/slack/delivery/index.ts';
import type { AppDeps } from './app/context.ts';
import type { Config } from './config/env.ts';
import { alertJobs } from './jobs/alerts/alert-jobs.ts';
import { morningDigestJob, morningDigestSchedule } from './jobs/follow-up/morning-digest.ts';
import { incidentTimerJobs } from './jobs/incident-timers/index.ts';
import { createOutboxDispatcher, type OutboxHandlers } from './jobs/outbox-dispatcher.ts';
import type { RecurringSchedule } from './jobs/recurring.ts';
import { createJobRunner, type JobDefinition } from './jobs/scheduler.ts';
import type { Store } from './store/database.ts';

/**
 * The background workers of a hikeshi process: the outbox dispatcher (side effects: Slack, and
 * whatever else registers handlers) and the job runner (reminders, timers, digests). Every
 * process runs them; leases make each row run once (docs/jobs.md).
 *
 * To add work, add to `workerParts`: outbox handlers by topic, job definitions, recurring
 * schedules. Without a Slack bot token the Slack topics have no handler here, so their rows wait
 * (and hold back later effects of the same incident) until a process configured for Slack runs.
 */

export interface WorkerDeps {
  config: Config;
  store: Store;
  app: AppDeps;
  logger: FastifyBaseLogger;
  /** Where webhook secrets are read (default process.env); only names the targets give are looked up. */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface WorkerParts {
  outbox: OutboxHandlers;
  jobs: JobDefinition<unknown>[];
  recurring: RecurringSchedule<unknown>[];
}

/** Everything the workers run, from the configuration. Extend here. */
export function workerParts(deps: WorkerDeps): WorkerParts {
  const client = createSlackClient(deps.config.slack);
  const slack = client
    ? slackHandlers(createSlackDelivery({ client, app: deps.app, publicUrl: deps.config.publicUrl }))
    : {};
  const { app } = deps;
  const webhooks = createWebhookHandler({
    db: app.db,
    playbooks: app.playbooks,
    workspaceId: app.workspaceId,
    env: deps.env ?? process.env,
    now: () => app.clock.now(),
  });
  const digest = morningDigestJob({ app, publicUrl: deps.config.publicUrl, logger: deps.logger });
  return {
    outbox: { ...slack, 'webhook.deliver': webhooks },
    jobs: [
      ...incidentTimerJobs({ playbooks: app.playbooks, publicUrl: deps.config.publicUrl, newId: app.newId }),
      digest,
      ...alertJobs(app),
    ],
    recurring: [morningDigestSchedule(app, digest)],
  };
}

export interface Workers {
  /** Stops claiming and waits for work in flight; call before the store closes. */
  stop(): Promise<void>;
}

/** Starts the workers of this process. */
export async function startWorkers(deps: WorkerDeps, parts: WorkerParts = workerParts(deps)): Promise<Workers> {
  const common = {
    db: deps.store.db,
    store: deps.store,
    clock: deps.app.clock,
    logger: deps.logger,
    leaseMs: deps.config.workerLeaseMs,
    newId: deps.app.newId,
  };
  const started: { stop(): Promise<void> }[] = [];
  try {
    if (Object.keys(parts.outbox).length > 0) {
      const dispatcher = createOutboxDispatcher({ ...common, handlers: parts.outbox });
      await dispatcher.start();
      started.push(dispatcher);
    }
    if (parts.jobs.length > 0) {
      const runner = createJobRunner({ ...common, jobs: parts.jobs, recurring: parts.recurring });
      await runner.start();
      started.push(runner);
    }
  } catch (error) {
    await Promise.allSettled(started.map((w) => w.stop()));
    throw error;
  }
  return {
    async stop() {
      await Promise.allSettled(started.map((w) => w.stop()));
    },
  };
}
