import { sql, type Kysely } from 'kysely';

/**
 * Alert webhooks (docs/alerts.md):
 * - `alert_sources`: one webhook per sending tool, its secret kept only as a SHA-256 hash, and
 *   counters of accepted and refused deliveries (refusals by error code) for the settings page;
 * - `alerts`: one row per fingerprint (dedup key) and firing episode. Repeats update `count` and
 *   `last_seen_at`; a resolve closes the row. The partial unique index keeps at most one open row
 *   per (source, fingerprint), so rows grow with fingerprints, not with deliveries;
 * - `alert_groups`: the report (or incident) the alerts of one group key (e.g. `service=checkout`)
 *   currently attach to; the row is locked while a batch decides, so a storm opens one report;
 * - `incidents.ready_to_resolve_at`: set when the incident's alerts resolved and stayed quiet for
 *   the watch window while `monitoring` (convergence read from the signals).
 */
const statements = [
  `CREATE TABLE alert_sources (
    id uuid PRIMARY KEY,
    workspace_id text NOT NULL REFERENCES workspaces(id),
    kind text NOT NULL,
    name text NOT NULL,
    secret_hash text NOT NULL UNIQUE,
    secret_prefix text NOT NULL,
    signing_secret text,
    accepted_count integer NOT NULL DEFAULT 0,
    rejected_count integer NOT NULL DEFAULT 0,
    rejections jsonb NOT NULL DEFAULT '{}'::jsonb,
    last_rejection jsonb,
    last_received_at timestamptz,
    created_by uuid REFERENCES users(id),
    created_at timestamptz NOT NULL,
    deleted_at timestamptz
  )`,
  `CREATE UNIQUE INDEX alert_sources_name ON alert_sources (workspace_id, lower(name)) WHERE deleted_at IS NULL`,
  `CREATE TABLE alert_groups (
    workspace_id text NOT NULL REFERENCES workspaces(id),
    group_key text NOT NULL,
    report_id uuid REFERENCES reports(id),
    incident_id uuid REFERENCES incidents(id),
    opened_at timestamptz NOT NULL,
    last_alert_at timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, group_key)
  )`,
  `CREATE TABLE alerts (
    id uuid PRIMARY KEY,
    workspace_id text NOT NULL REFERENCES workspaces(id),
    source_id uuid NOT NULL REFERENCES alert_sources(id),
    fingerprint text NOT NULL,
    status text NOT NULL,
    title text NOT NULL,
    description text NOT NULL DEFAULT '',
    labels jsonb NOT NULL DEFAULT '{}'::jsonb,
    service text,
    platform text,
    severity text,
    group_key text NOT NULL,
    link text,
    starts_at timestamptz NOT NULL,
    ends_at timestamptz,
    first_seen_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    acknowledged_at timestamptz,
    resolved_at timestamptz,
    count integer NOT NULL DEFAULT 1,
    report_id uuid REFERENCES reports(id),
    incident_id uuid REFERENCES incidents(id)
  )`,
  `CREATE UNIQUE INDEX alerts_open_fingerprint ON alerts (source_id, fingerprint) WHERE status = 'firing'`,
  `CREATE INDEX alerts_by_fingerprint ON alerts (source_id, fingerprint, starts_at)`,
  `CREATE INDEX alerts_by_report ON alerts (report_id) WHERE report_id IS NOT NULL`,
  `CREATE INDEX alerts_by_incident ON alerts (incident_id) WHERE incident_id IS NOT NULL`,
  `ALTER TABLE incidents ADD COLUMN ready_to_resolve_at timestamptz`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('ALTER TABLE incidents DROP COLUMN ready_to_resolve_at').execute(db);
  for (const table of ['alerts', 'alert_groups', 'alert_sources']) {
    await sql.raw(`DROP TABLE ${table}`).execute(db);
  }
}
