import { sql, type Kysely } from 'kysely';

/**
 * Playbook edits from the web (docs/playbook.md, "Editing from the web"):
 * - `playbook_changes`: append-only trail of which playbook version was put in force, when, by
 *   whom and from where (`file`: read at start-up; `web`: saved in the settings page), with the
 *   YAML text as saved (comments kept; a reformatted file keeps its version but gets a new row).
 *   The newest row of a workspace is the version in force for new incidents.
 * - NOTIFY `hikeshi_playbook` on insert, so every process switches to the new version at once.
 *   Reuses hikeshi_notify_work(channel) from 002-jobs.
 */
const statements = [
  `CREATE TABLE playbook_changes (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace_id text NOT NULL REFERENCES workspaces(id),
    version_id uuid NOT NULL REFERENCES playbook_versions(id),
    origin text NOT NULL CHECK (origin IN ('file', 'web')),
    changed_by uuid REFERENCES users(id),
    changed_at timestamptz NOT NULL,
    source text NOT NULL
  )`,
  `CREATE INDEX playbook_changes_latest ON playbook_changes (workspace_id, seq DESC)`,
  `CREATE TRIGGER playbook_changes_notify AFTER INSERT ON playbook_changes
   FOR EACH STATEMENT EXECUTE FUNCTION hikeshi_notify_work('hikeshi_playbook')`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE IF EXISTS playbook_changes').execute(db);
}
