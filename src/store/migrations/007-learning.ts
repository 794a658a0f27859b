import { sql, type Kysely } from 'kysely';

/**
 * Learning from incidents (issue 6):
 * - postmortems gain the `in_review` state, structured impact figures, the five whys, reviewers,
 *   comments and an edit history (who changed which section when, with the text written);
 * - prevention actions keep the postmortem section they came from and an external tracker link;
 * - incidents get an optional `service` (insights filter by it and count repeats per service);
 * - `webhook_targets`: outbound webhook targets added through the admin API (the playbook's
 *   `webhooks:` are read from the file); secrets are never stored, only the env variable's name;
 * - an index for the insights' period scan.
 */
const statements = [
  `ALTER TABLE incidents ADD COLUMN service text`,
  `CREATE INDEX incidents_declared_at ON incidents (workspace_id, declared_at)`,
  `ALTER TABLE postmortems DROP CONSTRAINT postmortems_status_check`,
  `ALTER TABLE postmortems ADD CONSTRAINT postmortems_status_check CHECK (status IN ('draft', 'in_review', 'published'))`,
  `ALTER TABLE postmortems ADD COLUMN impact jsonb NOT NULL DEFAULT '{}'::jsonb`,
  `ALTER TABLE postmortems ADD COLUMN five_whys jsonb NOT NULL DEFAULT '[]'::jsonb`,
  `ALTER TABLE postmortems ADD COLUMN submitted_at timestamptz`,
  `CREATE TABLE postmortem_edits (
    id uuid PRIMARY KEY,
    seq integer GENERATED ALWAYS AS IDENTITY,
    postmortem_id uuid NOT NULL REFERENCES postmortems(id),
    section_key text NOT NULL,
    revision integer NOT NULL,
    body text NOT NULL,
    edited_by uuid REFERENCES users(id),
    edited_at timestamptz NOT NULL
  )`,
  `CREATE INDEX postmortem_edits_by_doc ON postmortem_edits (postmortem_id, seq)`,
  `CREATE TABLE postmortem_reviewers (
    postmortem_id uuid NOT NULL REFERENCES postmortems(id),
    user_id uuid NOT NULL REFERENCES users(id),
    requested_by uuid REFERENCES users(id),
    requested_at timestamptz NOT NULL,
    decision text NOT NULL DEFAULT 'pending' CHECK (decision IN ('pending', 'approved', 'changes_requested')),
    decided_at timestamptz,
    PRIMARY KEY (postmortem_id, user_id)
  )`,
  `CREATE TABLE postmortem_comments (
    id uuid PRIMARY KEY,
    seq integer GENERATED ALWAYS AS IDENTITY,
    postmortem_id uuid NOT NULL REFERENCES postmortems(id),
    section_key text,
    author_id uuid REFERENCES users(id),
    body text NOT NULL,
    created_at timestamptz NOT NULL
  )`,
  `CREATE INDEX postmortem_comments_by_doc ON postmortem_comments (postmortem_id, seq)`,
  `ALTER TABLE actions ADD COLUMN section text`,
  `ALTER TABLE actions ADD COLUMN tracker_url text`,
  `CREATE TABLE webhook_targets (
    id uuid PRIMARY KEY,
    workspace_id text NOT NULL REFERENCES workspaces(id),
    name text NOT NULL,
    url text NOT NULL,
    events jsonb NOT NULL,
    secret_env text NOT NULL,
    created_by uuid REFERENCES users(id),
    created_at timestamptz NOT NULL,
    deleted_at timestamptz
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    'DROP TABLE IF EXISTS webhook_targets',
    'ALTER TABLE actions DROP COLUMN IF EXISTS tracker_url',
    'ALTER TABLE actions DROP COLUMN IF EXISTS section',
    'DROP TABLE IF EXISTS postmortem_comments',
    'DROP TABLE IF EXISTS postmortem_reviewers',
    'DROP TABLE IF EXISTS postmortem_edits',
    'ALTER TABLE postmortems DROP COLUMN IF EXISTS submitted_at',
    'ALTER TABLE postmortems DROP COLUMN IF EXISTS five_whys',
    'ALTER TABLE postmortems DROP COLUMN IF EXISTS impact',
    'ALTER TABLE postmortems DROP CONSTRAINT postmortems_status_check',
    `ALTER TABLE postmortems ADD CONSTRAINT postmortems_status_check CHECK (status IN ('draft', 'published'))`,
    'DROP INDEX IF EXISTS incidents_declared_at',
    'ALTER TABLE incidents DROP COLUMN IF EXISTS service',
  ]) {
    await sql.raw(statement).execute(db);
  }
}
