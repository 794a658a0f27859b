import { sql, type Kysely } from 'kysely';

/**
 * The delivery engine's tables (docs/jobs.md):
 * - `outbox` gains `seq` (creation order, the tie-breaker for rows written in one transaction,
 *   which share `created_at`) and a lease (`locked_until`, `locked_by`) so a crashed worker's rows
 *   come back once the lease runs out.
 * - `jobs`: scheduled jobs as data (name, version, payload) with a deterministic unique `key`.
 * - Both tables NOTIFY on insert (`hikeshi_outbox`, `hikeshi_jobs`) so idle workers wake at once;
 *   PostgreSQL sends the notification only when the inserting transaction commits.
 * One statement per entry: PGlite's extended protocol takes one at a time.
 */
const statements = [
  // Filled in physical order for existing rows: no worker updated outbox rows before this
  // migration, so that is insertion order.
  `ALTER TABLE outbox ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY`,
  `ALTER TABLE outbox ADD COLUMN locked_until timestamptz`,
  `ALTER TABLE outbox ADD COLUMN locked_by text`,
  `DROP INDEX outbox_pending`,
  `CREATE INDEX outbox_due ON outbox (available_at, seq) WHERE status = 'pending'`,
  // The ordering check: "is there an earlier pending row of this incident?"
  `CREATE INDEX outbox_incident_pending ON outbox (incident_id, seq) WHERE status = 'pending' AND incident_id IS NOT NULL`,
  `CREATE TABLE jobs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    seq bigint GENERATED ALWAYS AS IDENTITY,
    workspace_id text REFERENCES workspaces(id),
    name text NOT NULL,
    version integer NOT NULL CHECK (version >= 1),
    key text NOT NULL UNIQUE,
    incident_id uuid,
    payload jsonb NOT NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed', 'canceled')),
    attempts integer NOT NULL DEFAULT 0,
    run_at timestamptz NOT NULL,
    available_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    locked_until timestamptz,
    locked_by text,
    finished_at timestamptz,
    last_error text,
    result jsonb
  )`,
  `CREATE INDEX jobs_due ON jobs (available_at, seq) WHERE status = 'pending'`,
  // cancel(keyPrefix) is a LIKE 'prefix%': text_pattern_ops lets it use the index in any collation.
  `CREATE INDEX jobs_pending_key ON jobs (key text_pattern_ops) WHERE status = 'pending'`,
  `CREATE FUNCTION hikeshi_notify_work() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     PERFORM pg_notify(TG_ARGV[0], '');
     RETURN NULL;
   END $$`,
  // Per statement, not per row: a use case writing three effects sends one wake-up.
  `CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
   FOR EACH STATEMENT EXECUTE FUNCTION hikeshi_notify_work('hikeshi_outbox')`,
  `CREATE TRIGGER jobs_notify AFTER INSERT ON jobs
   FOR EACH STATEMENT EXECUTE FUNCTION hikeshi_notify_work('hikeshi_jobs')`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const undo = [
    'DROP TRIGGER IF EXISTS outbox_notify ON outbox',
    'DROP TABLE IF EXISTS jobs',
    'DROP FUNCTION IF EXISTS hikeshi_notify_work()',
    'DROP INDEX IF EXISTS outbox_incident_pending',
    'DROP INDEX IF EXISTS outbox_due',
    `CREATE INDEX outbox_pending ON outbox (available_at, created_at) WHERE status = 'pending'`,
    'ALTER TABLE outbox DROP COLUMN IF EXISTS locked_by',
    'ALTER TABLE outbox DROP COLUMN IF EXISTS locked_until',
    'ALTER TABLE outbox DROP COLUMN IF EXISTS seq',
  ];
  for (const statement of undo) await sql.raw(statement).execute(db);
}
