import { sql, type Kysely } from 'kysely';

/**
 * Accepted deliveries are counted in slots, not on the source row: every delivery of a source used
 * to update that one row, so concurrent deliveries of one source queued on its lock until COMMIT.
 * A delivery now bumps one of 16 slots (picked at random, upserted in its write statement); the
 * count shown is the source row's own (deliveries before this migration) plus the slots'.
 */
const statements = [
  `CREATE TABLE alert_source_receipts (
    source_id uuid NOT NULL REFERENCES alert_sources(id),
    slot smallint NOT NULL CHECK (slot >= 0 AND slot < 16),
    accepted_count bigint NOT NULL DEFAULT 0,
    last_received_at timestamptz NOT NULL,
    PRIMARY KEY (source_id, slot)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE IF EXISTS alert_source_receipts').execute(db);
}
