import { sql, type Kysely } from 'kysely';

/**
 * Each incident's change summary also keeps its insight facts (src/domain/metrics-facts.ts): the
 * numbers the figures need, derived by the domain from the incident and its changes, as compact
 * JSON text, so a request reads them instead of rebuilding every incident (docs/metrics.md,
 * "Speed"). `severities` (every severity the incident had) and `is_canceled` let the role holders
 * and actions be counted in SQL under the same filters. Kept fresh by the incident `version` like
 * the changes (every incident write bumps it); existing summaries have no facts yet and are
 * recomputed on the next read (the domain computes them, so there is no backfill in SQL). A later
 * change to what the facts hold needs a migration that sets `facts` to NULL, so they are recomputed.
 */
const statements = [
  `ALTER TABLE incident_change_summaries ADD COLUMN facts text`,
  `ALTER TABLE incident_change_summaries ADD COLUMN severities jsonb`,
  `ALTER TABLE incident_change_summaries ADD COLUMN is_canceled boolean`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ['facts', 'severities', 'is_canceled']) {
    await sql.raw(`ALTER TABLE incident_change_summaries DROP COLUMN ${column}`).execute(db);
  }
}
