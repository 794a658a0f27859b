import { sql, type Kysely } from 'kysely';

/**
 * `slack_post_attempts`: every message hikeshi posts and must not repeat (the card, announcements,
 * report messages, kept messages) is recorded by purpose BEFORE chat.postMessage, with the channel
 * and the time of the first try. When the process dies after Slack posted and before the ts was
 * saved, the retry finds this row, looks the message up in conversations.history since that time
 * (it carries the purpose in its metadata) and adopts it instead of posting a second one.
 *
 * `slack_home_opens`: who opened the App Home and when (and when hikeshi last published it for
 * them), so a change shown there republishes it for the people who look at it.
 */
const statements = [
  `CREATE TABLE slack_post_attempts (
    workspace_id text NOT NULL,
    purpose text NOT NULL,
    channel_id text NOT NULL,
    first_tried_at timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, purpose)
  )`,
  `CREATE TABLE slack_home_opens (
    workspace_id text NOT NULL,
    slack_user_id text NOT NULL,
    opened_at timestamptz NOT NULL,
    published_at timestamptz,
    PRIMARY KEY (workspace_id, slack_user_id)
  )`,
  `CREATE INDEX slack_home_opens_recent ON slack_home_opens (workspace_id, opened_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE IF EXISTS slack_home_opens').execute(db);
  await sql.raw('DROP TABLE IF EXISTS slack_post_attempts').execute(db);
}
