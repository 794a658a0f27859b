import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { prepareDataDir } from '../src/store/database.ts';

/** The copy made by cloneDatabase sits next to the original, so removing one removes both. */
const CLONE_SUFFIX = '-small';

/** A throwaway database for one bench: its hikeshi environment and how to remove it. */
export interface BenchDatabase {
  kind: 'pglite' | 'postgres';
  /** DATABASE_URL or HIKESHI_DATA_DIR, as `hikeshi serve` takes them. */
  env: Record<string, string>;
  /** Server version string (PostgreSQL only; PGlite's is read after opening). */
  version?: string;
  /** Seconds spent creating it (PGlite: initdb in a child process). */
  setupSeconds: number;
  remove(): Promise<void>;
}

/** A fresh PGlite data dir in the temp dir, initdb already run (it takes 5–40 s on a busy machine). */
export async function freshPglite(): Promise<BenchDatabase> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hikeshi-bench-'));
  const started = performance.now();
  try {
    await prepareDataDir(dataDir);
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    kind: 'pglite',
    env: { HIKESHI_DATA_DIR: dataDir },
    setupSeconds: (performance.now() - started) / 1000,
    async remove() {
      await rm(dataDir, { recursive: true, force: true });
      await rm(`${dataDir}${CLONE_SUFFIX}`, { recursive: true, force: true });
    },
  };
}

export type PostgresOutcome = { database: BenchDatabase } | { unreachable: string };

/**
 * Creates `hikeshi_bench_<pid>` on the server of `adminUrl` (same credentials). Returns why not
 * when the server does not answer, so the bench can skip PostgreSQL and say so.
 */
export async function freshPostgres(adminUrl: string): Promise<PostgresOutcome> {
  const started = performance.now();
  const name = `hikeshi_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  let version: string;
  try {
    await admin.connect();
  } catch (error) {
    await admin.end().catch(() => undefined);
    return { unreachable: error instanceof Error ? error.message || error.name : String(error) };
  }
  try {
    const result = await admin.query<{ version: string }>('SELECT version()');
    version = result.rows[0]?.version ?? 'unknown';
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end().catch(() => undefined);
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    database: {
      kind: 'postgres',
      env: { DATABASE_URL: url.toString() },
      version,
      setupSeconds: (performance.now() - started) / 1000,
      async remove() {
        const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
        await client.connect();
        try {
          await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await client.query(`DROP DATABASE IF EXISTS ${name}${CLONE_SUFFIX.replace('-', '_')} WITH (FORCE)`);
        } finally {
          await client.end().catch(() => undefined);
        }
      },
    },
  };
}

/** A fresh database of `kind` for the investigation aids (profile-*.ts): throws when PostgreSQL does not answer. */
export async function freshDatabase(kind: BenchDatabase['kind'], adminUrl: string): Promise<BenchDatabase> {
  if (kind === 'pglite') return freshPglite();
  const outcome = await freshPostgres(adminUrl);
  if ('unreachable' in outcome) throw new Error(outcome.unreachable);
  return outcome.database;
}

/**
 * Copies a database that no process has open (PGlite: the data dir; PostgreSQL: CREATE DATABASE …
 * TEMPLATE, which refuses while anyone is connected) and returns the copy's environment. The
 * original's remove() removes the copy too.
 */
export async function cloneDatabase(kind: BenchDatabase['kind'], env: Record<string, string>, adminUrl: string): Promise<Record<string, string>> {
  if (kind === 'pglite') {
    const dataDir = env['HIKESHI_DATA_DIR'];
    if (!dataDir) throw new Error('cloneDatabase: no HIKESHI_DATA_DIR');
    const target = `${dataDir}${CLONE_SUFFIX}`;
    await rm(target, { recursive: true, force: true });
    await cp(dataDir, target, { recursive: true, filter: (source) => path.basename(source) !== 'hikeshi.lock' });
    return { HIKESHI_DATA_DIR: target };
  }
  const databaseUrl = env['DATABASE_URL'];
  if (!databaseUrl) throw new Error('cloneDatabase: no DATABASE_URL');
  const url = new URL(databaseUrl);
  const source = url.pathname.slice(1);
  const target = `${source}${CLONE_SUFFIX.replace('-', '_')}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${target} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${target} TEMPLATE ${source}`);
  } finally {
    await admin.end().catch(() => undefined);
  }
  url.pathname = `/${target}`;
  return { DATABASE_URL: url.toString() };
}
