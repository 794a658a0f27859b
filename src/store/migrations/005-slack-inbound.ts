import { sql, type Kysely } from 'kysely';

/**
 * What Slack asked hikeshi to create, by a key derived from the request (a modal's view id and
 * hash, a workflow step's execution id): a retried or double-submitted request finds the incident
 * or report the first one made instead of making a second.
 */
const statements = [
  `CREATE TABLE slack_submissions (
    workspace_id text NOT NULL REFERENCES workspaces(id),
    key text NOT NULL,
    kind text NOT NULL,
    result_id uuid,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, key)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE IF EXISTS slack_submissions').execute(db);
}
