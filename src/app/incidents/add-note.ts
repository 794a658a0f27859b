import type { UseCaseContext } from '../context.ts';
import { authorize } from '../policies.ts';
import { findVisibleIncident } from './load-incident.ts';
import { recordIncidentChange } from './record-change.ts';

export interface AddNoteInput {
  incidentId: string;
  text: string;
  /** Where the note came from when it is a pinned message (e.g. Slack permalink and author). */
  source?: { kind: 'slack'; permalink: string; authorSlackId?: string | undefined } | undefined;
  occurredAt?: Date | undefined;
}

/** Adds a note to the timeline; allowed at any status, closed ones included. */
export async function addNote(ctx: UseCaseContext, input: AddNoteInput): Promise<void> {
  authorize(ctx.actor, 'incident.update');
  const row = await findVisibleIncident(ctx, input.incidentId, { forUpdate: true });
  await recordIncidentChange(ctx, row, {
    type: 'incident.note_added',
    data: { text: input.text, source: input.source ?? null },
    occurredAt: input.occurredAt && input.occurredAt < ctx.now ? input.occurredAt : ctx.now,
  });
}
