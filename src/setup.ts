import { randomUUID } from 'node:crypto';
import { systemClock, type AppDeps, type Clock } from './app/context.ts';
import { createPlaybookRegistry } from './app/playbook-registry.ts';
import type { Config } from './config/env.ts';
import { loadPlaybookFile, resolvePlaybookPath } from './config/load-playbook.ts';
import { openStore, type Store } from './store/database.ts';
import { migrateToLatest } from './store/migrate.ts';
import { ensurePlaybookVersion } from './store/playbooks.ts';

/**
 * What every server-side command needs before it can act: the migrated database and the
 * playbook in force. Kept apart from the HTTP server so `migrate` and `tokens` start fast.
 */
export const DEFAULT_WORKSPACE = 'default';

/**
 * PGlite's shared buffers: 32MB keeps an embedded install near 200 MB RSS and opens in about half
 * the time of the 128MB default, plenty for one team's incidents.
 */
const PGLITE_SHARED_BUFFERS = '32MB';

/** Opens the database and applies pending migrations. */
export async function openMigratedStore(config: Config): Promise<{ store: Store; applied: string[] }> {
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.poolSize,
    pgliteSharedBuffers: PGLITE_SHARED_BUFFERS,
  });
  try {
    const { applied } = await migrateToLatest(store.db);
    return { store, applied };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** Loads the playbook file (refusing a broken one) and records its version in the database. */
export async function loadAppDeps(
  store: Store,
  config: Config,
  options: { clock?: Clock; cwd?: string } = {},
): Promise<AppDeps & { playbookPath: string }> {
  const playbookPath = resolvePlaybookPath(config.playbookPath, options.cwd ?? process.cwd());
  const loaded = await loadPlaybookFile(playbookPath);
  const ref = await ensurePlaybookVersion(store.db, DEFAULT_WORKSPACE, loaded);
  return {
    db: store.db,
    clock: options.clock ?? systemClock,
    newId: randomUUID,
    playbooks: createPlaybookRegistry({ id: ref.id, version: ref.version, playbook: loaded.playbook }),
    workspaceId: DEFAULT_WORKSPACE,
    playbookPath,
  };
}
