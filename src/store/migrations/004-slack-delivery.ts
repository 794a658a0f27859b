import { sql, type Kysely } from 'kysely';

/**
 * What the Slack delivery needs to be exact across crashes and retries:
 * - `slack_channel_attempts`: every channel name hikeshi asked Slack to create for an incident,
 *   written BEFORE conversations.create. If the process dies after Slack created the channel and
 *   before its id was saved, the retry gets `name_taken` for a name it tried itself and adopts
 *   that channel (found by name, created by our bot) instead of creating a second one.
 * - on `slack_channels`, the steps done after creation (topic, bookmark, invitations, pin), so a
 *   retried delivery repeats none of them.
 */
const statements = [
  `CREATE TABLE slack_channel_attempts (
    incident_id uuid NOT NULL REFERENCES incidents(id),
    name text NOT NULL,
    is_private boolean NOT NULL,
    tried_at timestamptz NOT NULL,
    PRIMARY KEY (incident_id, name)
  )`,
  `ALTER TABLE slack_channels ADD COLUMN topic_set_at timestamptz`,
  `ALTER TABLE slack_channels ADD COLUMN bookmark_id text`,
  `ALTER TABLE slack_channels ADD COLUMN invited_at timestamptz`,
  `ALTER TABLE slack_channels ADD COLUMN card_pinned_at timestamptz`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ['card_pinned_at', 'invited_at', 'bookmark_id', 'topic_set_at']) {
    await sql.raw(`ALTER TABLE slack_channels DROP COLUMN IF EXISTS ${column}`).execute(db);
  }
  await sql.raw('DROP TABLE IF EXISTS slack_channel_attempts').execute(db);
}
