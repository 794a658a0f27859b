import { sql, type Kysely } from 'kysely';

/**
 * `slack_post_attempts`: every message hikeshi posts and must not repeat (the card, announcements,
 * report messages, kept messages) is recorded by purpose BEFORE chat.postMessage, with the channel
 * and the time of the first try. When the process dies after Slack posted and before the ts was
 * saved, the retry finds this row, looks the message up in conversations.history since that time
 * (it carries the purpose in its metadata) and adopts it instead of posting a second one.
 */
const statements = [
  `CREATE TABLE slack_post_attempts (
    workspace_id text NOT NULL,
    purpose text NOT NULL,
    channel_id text NOT NULL,
    first_tried_at timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, purpose)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE IF EXISTS slack_post_attempts').execute(db);
}
