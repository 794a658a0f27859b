import { DomainError } from '../../domain/errors.ts';
import { checkSubmitForReview, decideReview } from '../../domain/postmortem-review.ts';
import {
  insertComment,
  listReviewers,
  moveStatus,
  recordDecision,
  setReviewers,
} from '../../store/postmortem-review.ts';
import { listSections } from '../../store/postmortems.ts';
import type { UseCaseContext } from '../context.ts';
import { requireActiveUser } from '../incidents/assign-role.ts';
import { findVisibleIncident, loadIncidentForChange } from '../incidents/load-incident.ts';
import { enqueueEffect, recordIncidentChange } from '../incidents/record-change.ts';
import { authorize } from '../policies.ts';
import { buildPostmortemView, requirePostmortem, type PostmortemView } from './postmortem-view.ts';

/** Longest review comment, in characters. */
export const COMMENT_MAX_CHARS = 5_000;

/** Sends the draft for review by the named people (draft → in_review); every decision starts pending. */
export async function submitForReview(
  ctx: UseCaseContext,
  input: { incidentId: string; reviewerIds: string[] },
): Promise<PostmortemView> {
  authorize(ctx.actor, 'postmortem.edit');
  const { row, snapshot } = await loadIncidentForChange(ctx, input.incidentId);
  const postmortem = await requirePostmortem(ctx, row.id);
  checkSubmitForReview(snapshot.status, postmortem.status, input.reviewerIds);
  for (const [index, userId] of input.reviewerIds.entries()) {
    await requireActiveUser(ctx, userId).catch((error: unknown) => {
      throw error instanceof DomainError && error.code === 'user_not_found'
        ? new DomainError('user_not_found', { field: `reviewerIds[${index}]` }, { field: `reviewerIds[${index}]` })
        : error;
    });
  }
  if (!(await moveStatus(ctx.tx, postmortem.id, 'draft', 'in_review', ctx.now))) {
    throw new DomainError('conflict', { reason: 'postmortem_changed' });
  }
  await setReviewers(ctx.tx, postmortem.id, input.reviewerIds, ctx.actor.userId, ctx.now);
  await recordIncidentChange(ctx, row, {
    type: 'postmortem.review_requested',
    data: { postmortemId: postmortem.id, reviewerIds: input.reviewerIds },
  });
  // The reviewers are mentioned in the incident channel (each submission: a draft sent back may come again).
  await enqueueEffect(ctx, row.id, 'slack.postmortem_news', `review_requested:${ctx.now.toISOString()}`, { event: 'review_requested', reviewerIds: input.reviewerIds });
  return buildPostmortemView(ctx, row, { ...postmortem, status: 'in_review', submitted_at: ctx.now });
}

/**
 * A reviewer approves, or asks for changes (the document goes back to draft). A comment given
 * with the decision is kept with the others.
 */
export async function decidePostmortemReview(
  ctx: UseCaseContext,
  input: { incidentId: string; decision: 'approve' | 'request_changes'; comment?: string | undefined },
): Promise<PostmortemView> {
  const { row } = await loadIncidentForChange(ctx, input.incidentId);
  const postmortem = await requirePostmortem(ctx, row.id);
  const reviewers = await listReviewers(ctx.tx, postmortem.id);
  const isReviewer = reviewers.some((r) => r.user_id === ctx.actor.userId);
  const comment = input.comment?.trim() ?? '';
  if (input.decision === 'request_changes' && comment === '') {
    throw new DomainError('validation_failed', { field: 'comment', reason: 'required' });
  }
  const { decision, nextStatus } = decideReview(postmortem.status, isReviewer, input.decision);
  await recordDecision(ctx.tx, postmortem.id, ctx.actor.userId, decision, ctx.now);
  if (nextStatus !== postmortem.status) {
    if (!(await moveStatus(ctx.tx, postmortem.id, 'in_review', 'draft', ctx.now))) {
      throw new DomainError('conflict', { reason: 'postmortem_changed' });
    }
  }
  if (comment !== '') {
    await insertComment(ctx.tx, {
      id: ctx.newId(),
      postmortemId: postmortem.id,
      section: null,
      by: ctx.actor.userId,
      body: comment,
      at: ctx.now,
    });
  }
  await recordIncidentChange(ctx, row, {
    type: 'postmortem.reviewed',
    data: { postmortemId: postmortem.id, decision },
  });
  return buildPostmortemView(ctx, row, { ...postmortem, status: nextStatus });
}

/** A comment on the document or one of its sections (any responder, until it is published). */
export async function addPostmortemComment(
  ctx: UseCaseContext,
  input: { incidentId: string; body: string; section?: string | undefined },
): Promise<PostmortemView> {
  authorize(ctx.actor, 'postmortem.edit');
  const row = await findVisibleIncident(ctx, input.incidentId);
  const postmortem = await requirePostmortem(ctx, row.id);
  if (postmortem.status === 'published') throw new DomainError('postmortem_already_published');
  const body = input.body.trim();
  if (body === '' || body.length > COMMENT_MAX_CHARS) {
    throw new DomainError('validation_failed', { field: 'body' }, { minLength: 1, maxLength: COMMENT_MAX_CHARS });
  }
  if (input.section !== undefined) {
    const keys = (await listSections(ctx.tx, postmortem.id)).map((s) => s.key);
    if (!keys.includes(input.section)) {
      throw new DomainError('validation_failed', { field: 'section' }, { allowed: keys });
    }
  }
  await insertComment(ctx.tx, {
    id: ctx.newId(),
    postmortemId: postmortem.id,
    section: input.section ?? null,
    by: ctx.actor.userId,
    body,
    at: ctx.now,
  });
  return buildPostmortemView(ctx, row, postmortem);
}
