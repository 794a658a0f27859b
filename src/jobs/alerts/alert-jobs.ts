import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app/context.ts';
import type { Store } from '../../store/database.ts';
import { createJobRunner, type JobRunner } from '../scheduler.ts';
import { convergenceCheckJob } from './check-convergence.ts';

/** The scheduled jobs of alert webhooks (the convergence timer). */
export function alertJobRunner(app: AppDeps, store: Pick<Store, 'listen'>, logger?: FastifyInstance['log']): JobRunner {
  return createJobRunner({ db: app.db, store, clock: app.clock, jobs: [convergenceCheckJob(app)], ...(logger && { logger }) });
}

/**
 * For `buildServer`'s `beforeRoutes`: starts the alert job runner when the server is ready and
 * stops it when the server closes (before the database does).
 */
export function alertJobsHooks(app: AppDeps, store: Pick<Store, 'listen'>): (server: FastifyInstance) => void {
  return (server) => {
    const runner = alertJobRunner(app, store, server.log);
    server.addHook('onReady', () => runner.start());
    server.addHook('onClose', () => runner.stop());
  };
}
