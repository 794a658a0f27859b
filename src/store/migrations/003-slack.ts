import { sql, type Kysely } from 'kysely';

/**
 * What hikeshi created in Slack, so a retried or later delivery edits instead of posting again:
 * - `slack_channels`: the incident's dedicated channel and its pinned card (ts, and the incident
 *   version last rendered into it, so an older refresh never overwrites a newer card);
 * - `slack_messages`: other messages hikeshi keeps up to date (a report in the triage channel,
 *   an announcement), by a purpose key such as `report:<id>`.
 */
const statements = [
  `CREATE TABLE slack_channels (
    incident_id uuid PRIMARY KEY REFERENCES incidents(id),
    workspace_id text NOT NULL REFERENCES workspaces(id),
    channel_id text NOT NULL UNIQUE,
    channel_name text NOT NULL,
    is_private boolean NOT NULL,
    card_ts text,
    card_version integer,
    created_at timestamptz NOT NULL,
    archived_at timestamptz
  )`,
  `CREATE TABLE slack_messages (
    workspace_id text NOT NULL REFERENCES workspaces(id),
    purpose text NOT NULL,
    channel_id text NOT NULL,
    ts text NOT NULL,
    incident_id uuid REFERENCES incidents(id),
    report_id uuid,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, purpose)
  )`,
  `CREATE INDEX slack_messages_by_ts ON slack_messages (channel_id, ts)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['slack_messages', 'slack_channels']) {
    await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db);
  }
}
