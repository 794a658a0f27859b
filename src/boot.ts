import { buildServer } from './adapters/http/server.ts';
import { allRoutes } from './adapters/http/routes.ts';
import { stopEventHub } from './adapters/sse/events.routes.ts';
import { mountSlack, type SlackAdapter } from './adapters/slack/slack-app.ts';
import { runUseCase, type AppDeps, type Clock } from './app/context.ts';
import { bootstrapActor, ensureBootstrapToken } from './app/tokens/ensure-bootstrap-token.ts';
import type { Config } from './config/env.ts';
import type { Locale } from './domain/playbook.ts';
import type { Store } from './store/database.ts';
import { loadAppDeps, openMigratedStore } from './setup.ts';
import type { FastifyInstance } from 'fastify';
import { startWorkers } from './workers.ts';
import { fileURLToPath } from 'node:url';

/** The built web app: web/dist beside src/ (and beside dist/ for the bundle). */
export const WEB_ROOT = fileURLToPath(new URL('../web/dist', import.meta.url));

export { DEFAULT_WORKSPACE, loadAppDeps, openMigratedStore } from './setup.ts';

export interface Hikeshi {
  store: Store;
  app: AppDeps;
  server: FastifyInstance;
  close(): Promise<void>;
}

/** The composition root: database, playbook, bootstrap token, HTTP server (not yet listening). */
export async function bootHikeshi(config: Config, options: { clock?: Clock; locale?: Locale } = {}): Promise<Hikeshi> {
  const { store } = await openMigratedStore(config);
  try {
    const app = await loadAppDeps(store, config, {
      ...(options.clock && { clock: options.clock }),
      ...(options.locale && { locale: options.locale }),
    });
    if (config.bootstrapAdminToken) {
      await runUseCase(app, bootstrapActor, ensureBootstrapToken, { token: config.bootstrapAdminToken });
    }
    let slack: SlackAdapter | undefined;
    const server = await buildServer({ app, store, config: { publicUrl: config.publicUrl, playbookFile: app.playbookWritePath, slack: config.slack } }, allRoutes, {
      logLevel: config.logLevel,
      beforeRoutes: (instance) => {
        slack = mountSlack(instance, { config: config.slack, deps: { app, publicUrl: config.publicUrl, newUserRole: config.slack?.newUserRole ?? 'responder' } });
      },
      webRoot: WEB_ROOT,
    });
    if (app.playbookNotice) server.log.warn(app.playbookNotice);
    await slack?.start();
    const workers = await startWorkers({ config, store, app, logger: server.log });
    return {
      store,
      app,
      server,
      async close() {
        try {
          await workers.stop();
          await stopEventHub(store);
          await slack?.stop();
          await server.close();
        } finally {
          await store.close();
        }
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
