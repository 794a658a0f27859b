import { DomainError } from '../../domain/errors.ts';
import { checkPublish, missingRequiredSections } from '../../domain/postmortem.ts';
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
  const { row, snapshot } = await loadIncidentForChange(ctx, input.incidentId);
  const postmortem = await requirePostmortem(ctx, row.id);
  const sections = await listSections(ctx.tx, postmortem.id);
  const missing = missingRequiredSections(
    sections.map((s) => ({ key: s.key, isRequired: s.is_required, body: s.body })),
  );
  checkPublish(snapshot.status, postmortem.status, missing);
  if (!(await markPublished(ctx.tx, postmortem.id, ctx.actor.userId, ctx.now))) {
    throw new DomainError('postmortem_already_published');
  }
  await recordIncidentChange(ctx, row, {
    type: 'postmortem.published',
    data: { postmortemId: postmortem.id },
    patch: { postmortem_published_at: ctx.now },
  });
  await enqueueEffect(ctx, row.id, 'webhook.deliver', 'postmortem.published', {
    event: 'postmortem.published',
    incidentId: row.id,
  });
  const published = {
    ...postmortem,
    status: 'published' as const,
    published_at: ctx.now,
    published_by: ctx.actor.userId,
  };
  return buildPostmortemView(ctx, { ...row, postmortem_published_at: ctx.now }, published);
}
