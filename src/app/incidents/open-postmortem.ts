import type { Playbook } from '../../domain/playbook.ts';
import { sectionsFor } from '../../domain/postmortem.ts';
import type { IncidentRow } from '../../store/schema.ts';
import type { UseCaseContext } from '../context.ts';
import { draftTimelineSection } from './draft-timeline-section.ts';
import { enqueueEffect } from './record-change.ts';

/** Opens the postmortem draft (once): the playbook's sections, the timeline section prefilled. */
export async function openPostmortem(ctx: UseCaseContext, row: IncidentRow, playbook: Playbook): Promise<void> {
  const existing = await ctx.tx.selectFrom('postmortems').select('id').where('incident_id', '=', row.id).executeTakeFirst();
  if (existing) return;
  const postmortemId = ctx.newId();
  const { form, sections } = sectionsFor(playbook, row.severity);
  await ctx.tx
    .insertInto('postmortems')
    .values({ id: postmortemId, incident_id: row.id, status: 'draft', form, created_at: ctx.now })
    .execute();
  // Told in the incident channel (once: the draft is opened once).
  await enqueueEffect(ctx, row.id, 'slack.postmortem_news', 'opened', { event: 'opened' });
  const timelineText = await draftTimelineSection(ctx, row, playbook);
  await ctx.tx
    .insertInto('postmortem_sections')
    .values(
      sections.map((s) => ({
        postmortem_id: postmortemId,
        key: s.key,
        position: s.position,
        title: JSON.stringify(s.definition.title),
        prompt: JSON.stringify(s.definition.prompt),
        is_required: s.isRequired,
        body: s.key === 'timeline' ? timelineText : '',
      })),
    )
    .execute();
}
