import { inspect } from 'node:util';
import { Migrator, type Kysely, type Migration } from 'kysely';
import { migrations as allMigrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

/**
 * Schema migrations through Kysely's Migrator with a static list (src/store/migrations/index.ts).
 * All pending migrations of one call run in a single transaction (PostgreSQL has transactional
 * DDL), so a failure leaves the schema as it was. On PostgreSQL the Migrator also holds a session
 * advisory lock, so several processes migrating the same database at once queue up and the later
 * ones find nothing left to do. A PGlite data dir has one process at a time (the lock file).
 */

export interface MigrateResult {
  /** Names of the migrations this call applied, in order; empty when already up to date. */
  applied: string[];
}

/** Applies every pending migration; throws naming the migration that failed. */
export async function migrateToLatest(
  db: Kysely<Database>,
  migrations: Record<string, Migration> = allMigrations,
): Promise<MigrateResult> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : inspect(error);
    const pending = results.map((r) => r.migrationName).join(', ');
    throw new Error(
      failed
        ? `Migration ${failed} failed: ${reason}. Nothing was applied (pending, rolled back together: ${pending})`
        : `Migrations could not run: ${reason}`,
      { cause: error },
    );
  }
  return { applied: results.map((r) => r.migrationName) };
}
