import type { Updateable } from 'kysely';
import { updateIncident } from '../../store/incidents.ts';
import type { IncidentsTable } from '../../store/schema.ts';
import { appendTimeline } from '../../store/timeline.ts';
import type { UseCaseContext } from '../context.ts';
import { enqueueEffects, type Effect } from '../incidents/record-change.ts';

/**
 * Changes an incident on behalf of a monitoring signal (no user acts): the row (version bump, which
 * also locks it, so its outbox rows keep their order), timeline entries without an actor, the card
 * refresh and any other effects — in the caller's transaction.
 */
export async function recordSignal(
  ctx: UseCaseContext,
  incidentId: string,
  change: { events: { type: string; data: Record<string, unknown>; occurredAt?: Date }[]; patch?: Updateable<IncidentsTable>; effects?: Effect[] },
): Promise<void> {
  const version = await updateIncident(ctx.tx, incidentId, change.patch ?? {}, ctx.now);
  for (const event of change.events) {
    await appendTimeline(ctx.tx, {
      id: ctx.newId(),
      workspaceId: ctx.workspaceId,
      incidentId,
      type: event.type,
      actorId: null,
      occurredAt: event.occurredAt ?? ctx.now,
      data: event.data,
    });
  }
  await enqueueEffects(ctx, incidentId, [
    ...(change.effects ?? []),
    { topic: 'slack.refresh_card', keySuffix: `v${version}`, payload: { version } },
  ]);
}
