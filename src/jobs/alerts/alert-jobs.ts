import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app/context.ts';
import type { Store } from '../../store/database.ts';
import { createJobRunner, type JobDefinition, type JobRunner } from '../scheduler.ts';
import { convergenceCheckJob } from './check-convergence.ts';

/** The scheduled jobs of alert webhooks (the convergence timer); src/workers.ts runs them at boot. */
export function alertJobs(app: AppDeps): JobDefinition<unknown>[] {
  return [convergenceCheckJob(app)];
}

/** A runner of the alert jobs alone (tests). */
export function alertJobRunner(app: AppDeps, store: Pick<Store, 'listen'>, logger?: FastifyInstance['log']): JobRunner {
  return createJobRunner({ db: app.db, store, clock: app.clock, jobs: alertJobs(app), ...(logger && { logger }) });
}
