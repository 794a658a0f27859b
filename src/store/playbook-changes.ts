import { sql, type Generated, type Kysely } from 'kysely';
import type { Playbook } from '../domain/playbook.ts';
import type { Database } from './schema.ts';

/** Kysely type of migration 013 `playbook_changes`, merged into `Database` below. */
export interface PlaybookChangesTable {
  seq: Generated<number>;
  workspace_id: string;
  version_id: string;
  origin: 'file' | 'web';
  changed_by: string | null;
  changed_at: Date;
  source: string;
}

declare module './schema.ts' {
  interface Database {
    playbook_changes: PlaybookChangesTable;
  }
}

/** The NOTIFY channel of migration 013: a playbook version was put in force. */
export const PLAYBOOK_CHANNEL = 'hikeshi_playbook';

/** The version in force: the newest change of the workspace, with the text it was saved as. */
export interface PlaybookInForceRow {
  versionId: string;
  version: number;
  playbook: Playbook;
  hash: string;
  source: string;
  origin: 'file' | 'web';
  changedAt: Date;
}

/** The newest playbook change of a workspace (undefined before the first one was recorded). */
export async function findPlaybookInForce(db: Kysely<Database>, workspaceId: string): Promise<PlaybookInForceRow | undefined> {
  const row = await db
    .selectFrom('playbook_changes as c')
    .innerJoin('playbook_versions as v', 'v.id', 'c.version_id')
    .select(['c.version_id', 'v.version', 'v.content', 'v.hash', 'c.source', 'c.origin', 'c.changed_at'])
    .where('c.workspace_id', '=', workspaceId)
    .orderBy('c.seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  const content: unknown = typeof row.content === 'string' ? JSON.parse(row.content) : row.content;
  return {
    versionId: row.version_id,
    version: row.version,
    playbook: content as Playbook,
    hash: row.hash,
    source: row.source,
    origin: row.origin,
    changedAt: row.changed_at,
  };
}

/** Records that a version is put in force (NOTIFYs every process). */
export async function insertPlaybookChange(
  tx: Kysely<Database>,
  change: { workspaceId: string; versionId: string; origin: 'file' | 'web'; by: string | null; at: Date; source: string },
): Promise<void> {
  await tx
    .insertInto('playbook_changes')
    .values({
      workspace_id: change.workspaceId,
      version_id: change.versionId,
      origin: change.origin,
      changed_by: change.by,
      changed_at: change.at,
      source: change.source,
    })
    .execute();
}

/**
 * Serialises writers of the playbook in force (web saves, start-ups) on the workspace row: the
 * check of the base version and the new change commit as one.
 */
export async function lockPlaybookInForce(tx: Kysely<Database>, workspaceId: string): Promise<void> {
  await sql`SELECT id FROM workspaces WHERE id = ${workspaceId} FOR UPDATE`.execute(tx);
}

export interface PlaybookChangeListed {
  version: number;
  versionId: string;
  origin: 'file' | 'web';
  changedAt: Date;
  by: { id: string; name: string } | null;
}

/** The trail of changes, newest first. */
export async function listPlaybookChanges(db: Kysely<Database>, workspaceId: string, limit: number): Promise<PlaybookChangeListed[]> {
  const rows = await db
    .selectFrom('playbook_changes as c')
    .innerJoin('playbook_versions as v', 'v.id', 'c.version_id')
    .leftJoin('users as u', 'u.id', 'c.changed_by')
    .select(['v.version', 'c.version_id', 'c.origin', 'c.changed_at', 'u.id as user_id', 'u.name as user_name'])
    .where('c.workspace_id', '=', workspaceId)
    .orderBy('c.seq', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    version: r.version,
    versionId: r.version_id,
    origin: r.origin,
    changedAt: r.changed_at,
    by: r.user_id !== null && r.user_name !== null ? { id: r.user_id, name: r.user_name } : null,
  }));
}

/** Whether a playbook with this content is already stored as a version. */
export async function hasPlaybookHash(db: Kysely<Database>, workspaceId: string, hash: string): Promise<boolean> {
  const row = await db.selectFrom('playbook_versions').select('id').where('workspace_id', '=', workspaceId).where('hash', '=', hash).executeTakeFirst();
  return row !== undefined;
}

/** The YAML text a playbook version was first stored with. */
export async function findPlaybookSource(db: Kysely<Database>, versionId: string): Promise<string | undefined> {
  const row = await db.selectFrom('playbook_versions').select('source').where('id', '=', versionId).executeTakeFirst();
  return row?.source;
}
