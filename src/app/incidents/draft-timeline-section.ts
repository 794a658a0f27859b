import type { Playbook } from '../../domain/playbook.ts';
import { draftTimeline } from '../../domain/postmortem-timeline.ts';
import type { IncidentRow } from '../../store/schema.ts';
import type { UseCaseContext } from '../context.ts';

/** Reads the incident's timeline and drafts the postmortem's timeline section from it. */
export async function draftTimelineSection(ctx: UseCaseContext, row: IncidentRow, playbook: Playbook): Promise<string> {
  const events = await ctx.tx
    .selectFrom('timeline_events')
    .select(['occurred_at', 'type', 'data'])
    .where('incident_id', '=', row.id)
    .orderBy('occurred_at')
    .orderBy('seq')
    .limit(2000)
    .execute();
  const items = events.map((e) => ({ occurredAt: e.occurred_at, type: e.type, data: e.data }));
  return draftTimeline(items, playbook.workspace.defaultLocale, playbook.workspace.timezone);
}
