import { systemClock, type AppDeps, type Clock } from './app/context.ts';
import { createPlaybookRegistry } from './app/playbook-registry.ts';
import type { Config } from './config/env.ts';
import type { Locale } from './domain/playbook.ts';
import { loadPlaybookFile, resolvePlaybookPath } from './config/load-playbook.ts';
import { openStore, type Store } from './store/database.ts';
import { migrateToLatest } from './store/migrate.ts';
import { timeOrderedId } from './store/time-ordered-id.ts';
import { choosePlaybookAtStartup } from './app/playbook/playbook-at-startup.ts';
import { writablePlaybookPath, writePlaybookFile } from './config/playbook-file.ts';

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

/**
 * Loads the playbook file (refusing a broken one) and puts it in force (docs/playbook.md, "At
 * start-up"): the file wins, unless it is a stale copy of an earlier version and the version in
 * force was saved from the web, which is then written back to the file.
 */
export async function loadAppDeps(
  store: Store,
  config: Config,
  options: { clock?: Clock; cwd?: string; locale?: Locale } = {},
): Promise<AppDeps & { playbookPath: string; playbookWritePath: string; playbookNotice?: string }> {
  const cwd = options.cwd ?? process.cwd();
  const playbookPath = resolvePlaybookPath(config.playbookPath, cwd);
  const playbookWritePath = writablePlaybookPath(playbookPath, cwd);
  // Start-up problems are in the operator's language, which the CLI takes from LANG (the
  // configuration, src/config/env.ts, sets no language); English when nobody says.
  const loaded = await loadPlaybookFile(playbookPath, options.locale ?? 'en');
  const clock = options.clock ?? systemClock;
  const chosen = await choosePlaybookAtStartup(store.db, DEFAULT_WORKSPACE, loaded, clock.now());
  let playbookNotice: string | undefined;
  if (chosen.isFileStale) {
    playbookNotice = `${playbookPath} holds an earlier playbook; version ${chosen.version}, saved from the web, stays in force`;
    try {
      await writePlaybookFile(playbookWritePath, chosen.source);
      playbookNotice += ` and was written to ${playbookWritePath}`;
    } catch (error) {
      playbookNotice += ` (writing it to ${playbookWritePath} failed: ${error instanceof Error ? error.message : String(error)})`;
    }
  }
  return {
    db: store.db,
    clock,
    newId: () => timeOrderedId(),
    playbooks: createPlaybookRegistry({ id: chosen.id, version: chosen.version, playbook: chosen.playbook }),
    workspaceId: DEFAULT_WORKSPACE,
    playbookPath,
    playbookWritePath,
    ...(playbookNotice !== undefined && { playbookNotice }),
  };
}
