import type { AppDeps } from './app/context.ts';
import { createWebhookHandler } from './adapters/webhooks/deliver.ts';
import { morningDigestJob, morningDigestSchedule } from './jobs/follow-up/morning-digest.ts';
import { createOutboxDispatcher } from './jobs/outbox-dispatcher.ts';
import { createJobRunner } from './jobs/scheduler.ts';
import type { WorkLogger } from './jobs/work-loop.ts';
import type { Store } from './store/database.ts';

/**
 * The background workers of the learning features (outbound webhooks, the morning check), started
 * at boot next to the HTTP server: an outbox dispatcher for `webhook.deliver` and a job runner
 * for the morning digest with its daily schedule. Every process runs them; leases and the
 * slot keys make each row run once (docs/jobs.md).
 */

export interface Workers {
  stop(): Promise<void>;
}

export interface StartWorkersOptions {
  app: AppDeps;
  store: Store;
  publicUrl: string;
  /** Where webhook secrets are read (process.env); only names from the targets are looked up. */
  env: Readonly<Record<string, string | undefined>>;
  logger?: WorkLogger;
}

export async function startWorkers(options: StartWorkersOptions): Promise<Workers> {
  const { app, store } = options;
  const logger = options.logger ? { logger: options.logger } : {};
  const dispatcher = createOutboxDispatcher({
    db: app.db,
    store,
    clock: app.clock,
    ...logger,
    handlers: {
      'webhook.deliver': createWebhookHandler({
        db: app.db,
        playbooks: app.playbooks,
        workspaceId: app.workspaceId,
        env: options.env,
        now: () => app.clock.now(),
      }),
    },
  });
  const digest = morningDigestJob({ app, publicUrl: options.publicUrl, ...logger });
  const runner = createJobRunner({
    db: app.db,
    store,
    clock: app.clock,
    ...logger,
    jobs: [digest],
    recurring: [morningDigestSchedule(app, digest)],
  });
  await dispatcher.start();
  try {
    await runner.start();
  } catch (error) {
    await dispatcher.stop();
    throw error;
  }
  return {
    async stop() {
      await Promise.all([dispatcher.stop(), runner.stop()]);
    },
  };
}
