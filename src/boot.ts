import { randomUUID } from 'node:crypto';
import { buildServer } from './adapters/http/server.ts';
import { allRoutes } from './adapters/http/routes.ts';
import { stopEventHub } from './adapters/sse/events.routes.ts';
import { runUseCase, systemClock, type AppDeps, type Clock } from './app/context.ts';
import { createPlaybookRegistry } from './app/playbook-registry.ts';
import { bootstrapActor, ensureBootstrapToken } from './app/tokens/ensure-bootstrap-token.ts';
import type { Config } from './config/env.ts';
import { loadPlaybookFile, resolvePlaybookPath } from './config/load-playbook.ts';
import { openStore, type Store } from './store/database.ts';
import { migrateToLatest } from './store/migrate.ts';
import { ensurePlaybookVersion } from './store/playbooks.ts';
import type { FastifyInstance } from 'fastify';

export const DEFAULT_WORKSPACE = 'default';

export interface Hikeshi {
  store: Store;
  app: AppDeps;
  server: FastifyInstance;
  close(): Promise<void>;
}

/** Opens the database (migrating it) and returns it; used by `serve`, `migrate` and `tokens`. */
export async function openMigratedStore(config: Config): Promise<Store> {
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.poolSize });
  try {
    await migrateToLatest(store.db);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

/** Loads the playbook file (refusing a broken one) and records its version in the database. */
export async function loadAppDeps(store: Store, config: Config, clock: Clock = systemClock): Promise<AppDeps> {
  const loaded = await loadPlaybookFile(resolvePlaybookPath(config.playbookPath, process.cwd()));
  const ref = await ensurePlaybookVersion(store.db, DEFAULT_WORKSPACE, loaded);
  return {
    db: store.db,
    clock,
    newId: randomUUID,
    playbooks: createPlaybookRegistry({ id: ref.id, version: ref.version, playbook: loaded.playbook }),
    workspaceId: DEFAULT_WORKSPACE,
  };
}

/** The composition root: database, playbook, bootstrap token, HTTP server (not yet listening). */
export async function bootHikeshi(config: Config, options: { clock?: Clock } = {}): Promise<Hikeshi> {
  const store = await openMigratedStore(config);
  try {
    const app = await loadAppDeps(store, config, options.clock);
    if (config.bootstrapAdminToken) {
      await runUseCase(app, bootstrapActor, ensureBootstrapToken, { token: config.bootstrapAdminToken });
    }
    const server = await buildServer({ app, store, config: { publicUrl: config.publicUrl } }, allRoutes, {
      logLevel: config.logLevel,
    });
    return {
      store,
      app,
      server,
      async close() {
        await stopEventHub(store);
        await server.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
