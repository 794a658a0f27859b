import type { Kysely, Selectable } from 'kysely';
import type { ImpactFigures, ReviewDecision, WhyPair } from '../domain/postmortem-review.ts';
import type {
  PostmortemCommentsTable,
  PostmortemEditsTable,
  PostmortemReviewersTable,
} from './learning-schema.ts';
import type { Database } from './schema.ts';
import './learning-schema.ts';

/** The postmortem's review, comments, edit history, impact figures and five whys (migration 007). */

export type PostmortemEditRow = Selectable<PostmortemEditsTable>;
export type ReviewerRow = Selectable<PostmortemReviewersTable> & { user_name: string };
export type CommentRow = Selectable<PostmortemCommentsTable> & { author_name: string | null };

/** Appends to the edit history: the text of a section as one writer left it. */
export async function insertEdits(
  tx: Kysely<Database>,
  edits: readonly {
    id: string;
    postmortemId: string;
    key: string;
    revision: number;
    body: string;
    by: string;
    at: Date;
  }[],
): Promise<void> {
  if (edits.length === 0) return;
  await tx
    .insertInto('postmortem_edits')
    .values(
      edits.map((e) => ({
        id: e.id,
        postmortem_id: e.postmortemId,
        section_key: e.key,
        revision: e.revision,
        body: e.body,
        edited_by: e.by,
        edited_at: e.at,
      })),
    )
    .execute();
}

/** The edit history, oldest first, with the editors' names. */
export async function listEdits(
  db: Kysely<Database>,
  postmortemId: string,
  limit: number,
): Promise<(PostmortemEditRow & { editor_name: string | null })[]> {
  return db
    .selectFrom('postmortem_edits as e')
    .leftJoin('users as u', 'u.id', 'e.edited_by')
    .selectAll('e')
    .select('u.name as editor_name')
    .where('e.postmortem_id', '=', postmortemId)
    .orderBy('e.seq')
    .limit(limit)
    .execute();
}

export async function listReviewers(db: Kysely<Database>, postmortemId: string): Promise<ReviewerRow[]> {
  return db
    .selectFrom('postmortem_reviewers as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .selectAll('r')
    .select('u.name as user_name')
    .where('r.postmortem_id', '=', postmortemId)
    .orderBy('r.requested_at')
    .orderBy('u.name')
    .execute();
}

/** Replaces the reviewers of a document (a new round of review starts with every decision pending). */
export async function setReviewers(
  tx: Kysely<Database>,
  postmortemId: string,
  userIds: readonly string[],
  by: string,
  at: Date,
): Promise<void> {
  await tx.deleteFrom('postmortem_reviewers').where('postmortem_id', '=', postmortemId).execute();
  await tx
    .insertInto('postmortem_reviewers')
    .values(
      userIds.map((userId) => ({
        postmortem_id: postmortemId,
        user_id: userId,
        requested_by: by,
        requested_at: at,
        decision: 'pending' as const,
        decided_at: null,
      })),
    )
    .execute();
}

export async function recordDecision(
  tx: Kysely<Database>,
  postmortemId: string,
  userId: string,
  decision: ReviewDecision,
  at: Date,
): Promise<void> {
  await tx
    .updateTable('postmortem_reviewers')
    .set({ decision, decided_at: at })
    .where('postmortem_id', '=', postmortemId)
    .where('user_id', '=', userId)
    .execute();
}

/** After the text changes in review, earlier approvals no longer cover it. */
export async function resetApprovals(tx: Kysely<Database>, postmortemId: string): Promise<void> {
  await tx
    .updateTable('postmortem_reviewers')
    .set({ decision: 'pending', decided_at: null })
    .where('postmortem_id', '=', postmortemId)
    .where('decision', '=', 'approved')
    .execute();
}

/** Moves a document between states if it is still in `from`; false when it moved meanwhile. */
export async function moveStatus(
  tx: Kysely<Database>,
  postmortemId: string,
  from: 'draft' | 'in_review',
  to: 'draft' | 'in_review',
  at: Date,
): Promise<boolean> {
  const result = await tx
    .updateTable('postmortems')
    .set(to === 'in_review' ? { status: to, submitted_at: at } : { status: to })
    .where('id', '=', postmortemId)
    .where('status', '=', from)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function insertComment(
  tx: Kysely<Database>,
  comment: { id: string; postmortemId: string; section: string | null; by: string; body: string; at: Date },
): Promise<void> {
  await tx
    .insertInto('postmortem_comments')
    .values({
      id: comment.id,
      postmortem_id: comment.postmortemId,
      section_key: comment.section,
      author_id: comment.by,
      body: comment.body,
      created_at: comment.at,
    })
    .execute();
}

export async function listComments(db: Kysely<Database>, postmortemId: string): Promise<CommentRow[]> {
  return db
    .selectFrom('postmortem_comments as c')
    .leftJoin('users as u', 'u.id', 'c.author_id')
    .selectAll('c')
    .select('u.name as author_name')
    .where('c.postmortem_id', '=', postmortemId)
    .orderBy('c.seq')
    .execute();
}

export async function saveImpact(tx: Kysely<Database>, postmortemId: string, impact: ImpactFigures): Promise<void> {
  await tx.updateTable('postmortems').set({ impact: JSON.stringify(impact) }).where('id', '=', postmortemId).execute();
}

export async function saveWhys(tx: Kysely<Database>, postmortemId: string, whys: readonly WhyPair[]): Promise<void> {
  await tx.updateTable('postmortems').set({ five_whys: JSON.stringify(whys) }).where('id', '=', postmortemId).execute();
}
