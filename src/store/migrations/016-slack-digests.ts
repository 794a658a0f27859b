import { sql, type Kysely } from 'kysely';

/**
 * `slack_digests`: the morning digest of each local date, so the message can be kept current
 * after it is posted (docs/actions.md, "The digest stays current"): the actions it listed, in
 * its order (a line settled later is shown struck out rather than dropped without a word), its
 * language, the outbox key of its post (to tell "not delivered yet" from "never coming"), and
 * the channel and ts once Slack has it, which every refresh edits with chat.update; and a counter
 * each refresh takes before it reads, so one that finds a later one started meanwhile (another
 * process) knows its edit may have landed last and shows an older state, and asks for another.
 */
const statements = [
  `CREATE TABLE slack_digests (
    workspace_id text NOT NULL,
    local_date date NOT NULL,
    locale text NOT NULL,
    action_ids jsonb NOT NULL,
    post_key text NOT NULL,
    channel_id text,
    ts text,
    created_at timestamptz NOT NULL,
    posted_at timestamptz,
    render_seq integer NOT NULL DEFAULT 0,
    PRIMARY KEY (workspace_id, local_date)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE IF EXISTS slack_digests').execute(db);
}
