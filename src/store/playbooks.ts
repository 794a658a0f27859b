import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Playbook } from '../domain/playbook.ts';
import type { Database } from './schema.ts';

/** A playbook as loaded and validated from its file (see src/config/load-playbook.ts). */
export interface PlaybookToStore {
  playbook: Playbook;
  source: string;
  /** sha256 of the playbook's canonical JSON. */
  hash: string;
}

export interface PlaybookVersionRef {
  id: string;
  version: number;
}

async function findByHash(
  db: Kysely<Database>,
  workspaceId: string,
  hash: string,
): Promise<PlaybookVersionRef | undefined> {
  return db
    .selectFrom('playbook_versions')
    .select(['id', 'version'])
    .where('workspace_id', '=', workspaceId)
    .where('hash', '=', hash)
    .executeTakeFirst();
}

/**
 * The version row of a playbook, inserted as the next version when its content is new. Content
 * seen before (same hash, e.g. a reverted edit) keeps its version: versions are immutable and
 * hashes unique. Safe when several processes start at once (a lost race re-reads the winner).
 */
export async function ensurePlaybookVersion(
  db: Kysely<Database>,
  workspaceId: string,
  loaded: PlaybookToStore,
): Promise<PlaybookVersionRef> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await findByHash(db, workspaceId, loaded.hash);
    if (existing) return existing;
    const latest = await db
      .selectFrom('playbook_versions')
      .select((eb) => eb.fn.max('version').as('version'))
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
    const version = (latest?.version ?? 0) + 1;
    const inserted = await db
      .insertInto('playbook_versions')
      .values({
        id: randomUUID(),
        workspace_id: workspaceId,
        version,
        hash: loaded.hash,
        content: JSON.stringify(loaded.playbook),
        source: loaded.source,
      })
      .onConflict((oc) => oc.doNothing())
      .returning(['id', 'version'])
      .executeTakeFirst();
    if (inserted) return inserted;
  }
  throw new Error('could not record the playbook version: concurrent writers kept winning');
}

/** A stored playbook version; its content was validated before it was stored. */
export async function findPlaybookVersion(
  db: Kysely<Database>,
  id: string,
): Promise<{ id: string; version: number; playbook: Playbook } | undefined> {
  const row = await db
    .selectFrom('playbook_versions')
    .select(['id', 'version', 'content'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const content: unknown = typeof row.content === 'string' ? JSON.parse(row.content) : row.content;
  return { id: row.id, version: row.version, playbook: content as Playbook };
}
