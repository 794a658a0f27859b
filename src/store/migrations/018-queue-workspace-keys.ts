import { sql, type Kysely } from 'kysely';

/**
 * The outbox and the job queue no longer check their `workspace_id` against `workspaces`. Both are
 * queues whose rows are written by use cases from their own context (never from input), and
 * workspaces are never deleted; the check was a foreign-key lookup per queued row — a declare
 * queues three or four — for about 3% of a declaring statement on PostgreSQL (docs/benchmarks.md,
 * session 6). The incident's own rows keep theirs: incidents, members, tasks and timeline events
 * still reference the incident and the workspace.
 */
const constraints = [
  ['outbox', 'outbox_workspace_id_fkey'],
  ['jobs', 'jobs_workspace_id_fkey'],
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [table, name] of constraints) await sql.raw(`ALTER TABLE ${table} DROP CONSTRAINT ${name}`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [table, name] of constraints) {
    await sql.raw(`ALTER TABLE ${table} ADD CONSTRAINT ${name} FOREIGN KEY (workspace_id) REFERENCES workspaces(id)`).execute(db);
  }
}
