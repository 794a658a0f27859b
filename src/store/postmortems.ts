import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, PostmortemSectionsTable, PostmortemsTable } from './schema.ts';

/** Postmortem documents and their sections (one row per playbook section, in playbook order). */

export type PostmortemRow = Selectable<PostmortemsTable>;
export type PostmortemSectionRow = Selectable<PostmortemSectionsTable>;

/** The postmortem of an incident, if its draft has been opened. */
export async function findPostmortem(
  db: Kysely<Database>,
  incidentId: string,
): Promise<PostmortemRow | undefined> {
  return db
    .selectFrom('postmortems')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .executeTakeFirst();
}

/** The sections of a postmortem in document order. */
export async function listSections(
  db: Kysely<Database>,
  postmortemId: string,
): Promise<PostmortemSectionRow[]> {
  return db
    .selectFrom('postmortem_sections')
    .selectAll()
    .where('postmortem_id', '=', postmortemId)
    .orderBy('position')
    .execute();
}

/**
 * Writes a section's body if it is still at `expectedRevision` (compare-and-set) and bumps the
 * revision. Returns the new revision, or null when someone else wrote it first.
 */
export async function writeSection(
  tx: Kysely<Database>,
  change: {
    postmortemId: string;
    key: string;
    body: string;
    expectedRevision: number;
    by: string;
    at: Date;
  },
): Promise<number | null> {
  const row = await tx
    .updateTable('postmortem_sections')
    .set({
      body: change.body,
      revision: sql`revision + 1`,
      updated_at: change.at,
      updated_by: change.by,
    })
    .where('postmortem_id', '=', change.postmortemId)
    .where('key', '=', change.key)
    .where('revision', '=', change.expectedRevision)
    .returning('revision')
    .executeTakeFirst();
  return row ? row.revision : null;
}

/** Marks a draft (or a reviewed document) published; false when it was published already. */
export async function markPublished(
  tx: Kysely<Database>,
  postmortemId: string,
  by: string,
  at: Date,
): Promise<boolean> {
  const result = await tx
    .updateTable('postmortems')
    .set({ status: 'published', published_at: at, published_by: by })
    .where('id', '=', postmortemId)
    .where('status', 'in', ['draft', 'in_review'])
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
import './learning-schema.ts';
