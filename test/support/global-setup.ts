import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openStore } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';

/**
 * Runs once per `vitest run`, before any test file. Creating a PGlite database (initdb) costs
 * 2–5 s and ~800 MB, and migrating one costs more: far too slow to do per test file. So we build
 * one migrated template per run and let test/support/test-store.ts clone it cheaply:
 * - PGlite: a data dir under a temp root; clones are directory copies under the same root.
 * - PostgreSQL (only when TEST_DATABASE_URL is set): a database `hikeshi_tpl_<pid>_<time>`;
 *   clones are `CREATE DATABASE … TEMPLATE` named `hikeshi_t_<pid>_<time>_<random>`, so teardown
 *   can drop this run's leftovers without touching other runs sharing the server.
 * Teardown removes the temp root, the template and any clone a crashed test left behind.
 */

export interface PostgresTemplate {
  /** TEST_DATABASE_URL: a database to connect to for CREATE/DROP DATABASE. */
  adminUrl: string;
  /** The migrated template database. */
  template: string;
  /** Prefix for clone names; unique to this run. */
  clonePrefix: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Temp root of this run; PGlite clones go under `<root>/stores`. */
    testRoot: string;
    /** Migrated PGlite data dir to copy. */
    pgliteTemplateDir: string;
    /** Present when TEST_DATABASE_URL is set. */
    postgresTemplate: PostgresTemplate | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runTag = `${process.pid}_${Date.now()}`;
  const testRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'hikeshi-test-'));
  const pgliteTemplateDir = path.join(testRoot, 'pglite-template');
  const adminUrl = process.env.TEST_DATABASE_URL || null;
  const postgresTemplate: PostgresTemplate | null = adminUrl
    ? { adminUrl, template: `hikeshi_tpl_${runTag}`, clonePrefix: `hikeshi_t_${runTag}_` }
    : null;

  const teardown = async (): Promise<void> => {
    if (postgresTemplate) await dropPostgresTemplate(postgresTemplate);
    await fs.rm(testRoot, { recursive: true, force: true });
  };

  try {
    const startedAt = performance.now();
    await createPGliteTemplate(pgliteTemplateDir);
    const pgliteMs = performance.now() - startedAt;
    let note = `PGlite template ${Math.round(pgliteMs)} ms`;
    if (postgresTemplate) {
      const pgStartedAt = performance.now();
      await createPostgresTemplate(postgresTemplate);
      note += `, PostgreSQL template ${Math.round(performance.now() - pgStartedAt)} ms`;
    }
    console.log(`[test databases] ${note}`);
  } catch (error) {
    await teardown();
    throw error;
  }

  project.provide('testRoot', testRoot);
  project.provide('pgliteTemplateDir', pgliteTemplateDir);
  project.provide('postgresTemplate', postgresTemplate);
  return teardown;
}

async function createPGliteTemplate(dataDir: string): Promise<void> {
  const store = await openStore({ dataDir, pgliteSharedBuffers: '16MB' });
  try {
    await migrateToLatest(store.db);
  } finally {
    await store.close(); // a clean shutdown, and removes hikeshi.lock before anyone copies the dir
  }
}

async function createPostgresTemplate(tpl: PostgresTemplate): Promise<void> {
  await withAdmin(tpl.adminUrl, (admin) => admin.query(`CREATE DATABASE "${tpl.template}"`));
  const store = await openStore({ databaseUrl: databaseUrlFor(tpl.adminUrl, tpl.template), dataDir: '', poolSize: 1 });
  try {
    await migrateToLatest(store.db);
  } finally {
    await store.close();
  }
  // CREATE DATABASE … TEMPLATE fails while anyone is connected to the template: forbid it.
  await withAdmin(tpl.adminUrl, (admin) => admin.query(`ALTER DATABASE "${tpl.template}" ALLOW_CONNECTIONS false`));
}

async function dropPostgresTemplate(tpl: PostgresTemplate): Promise<void> {
  await withAdmin(tpl.adminUrl, async (admin) => {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE starts_with(datname, $1) OR datname = $2`,
      [tpl.clonePrefix, tpl.template],
    );
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
}

/** The same server URL pointing at another database. */
export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs `fn` with a short-lived client on the admin database. */
export async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
