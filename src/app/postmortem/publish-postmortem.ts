import { DomainError } from '../../domain/errors.ts';
import { checkPublish, missingRequiredSections } from '../../domain/postmortem.ts';
import { listReviewers } from '../../store/postmortem-review.ts';
import { listSections, markPublished } from '../../store/postmortems.ts';
import type { UseCaseContext } from '../context.ts';
import { loadIncidentForChange } from '../incidents/load-incident.ts';
import { enqueueEffect, recordIncidentChange } from '../incidents/record-change.ts';
import { buildPostmortemView, requirePostmortem, type PostmortemView } from './postmortem-view.ts';

/**
 * Publishes the postmortem once every required section is written. The incident stays in
 * `postmortem`: moving it to `follow_up` is a separate status change, which this unblocks.
 */
export async function publishPostmortem(
  ctx: UseCaseContext,
  input: { incidentId: string },
): Promise<PostmortemView> {
  const { row, snapshot, playbook } = await loadIncidentForChange(ctx, input.incidentId);
  const postmortem = await requirePostmortem(ctx, row.id);
  const sections = await listSections(ctx.tx, postmortem.id);
  const missing = missingRequiredSections(
    sections.map((s) => ({ key: s.key, isRequired: s.is_required, body: s.body })),
  );
  const reviewers = await listReviewers(ctx.tx, postmortem.id);
  checkPublish(snapshot.status, postmortem.status, missing, {
    requireApproval: playbook.postmortem.requireApproval ?? false,
    decisions: reviewers.map((r) => r.decision),
  });
  if (!(await markPublished(ctx.tx, postmortem.id, ctx.actor.userId, ctx.now))) {
    throw new DomainError('postmortem_already_published');
  }
  await recordIncidentChange(ctx, row, {
    type: 'postmortem.published',
    data: { postmortemId: postmortem.id },
    patch: { postmortem_published_at: ctx.now },
  });
  const published = {
    ...postmortem,
    status: 'published' as const,
    published_at: ctx.now,
    published_by: ctx.actor.userId,
  };
  const view = await buildPostmortemView(ctx, { ...row, postmortem_published_at: ctx.now }, published);
  await enqueueEffect(ctx, row.id, 'slack.postmortem_news', 'published', { event: 'published' });
  await enqueueEffect(ctx, row.id, 'webhook.deliver', 'postmortem.published', {
    event: 'postmortem.published',
    data: postmortemWebhookData(view),
  });
  return view;
}

/** What the `postmortem.published` webhook carries: the document in both languages, as JSON. */
export function postmortemWebhookData(view: PostmortemView): Record<string, unknown> {
  return {
    incident: view.incident,
    postmortem: {
      id: view.id,
      form: view.form,
      publishedAt: view.publishedAt?.toISOString() ?? null,
      publishedBy: view.publishedBy,
      impact: view.impact,
      fiveWhys: view.fiveWhys,
      sections: view.sections.map((s) => ({ key: s.key, title: s.title, body: s.body })),
    },
  };
}
