import type { Updateable } from 'kysely';
import type { IncidentStatus } from '../../domain/incident.ts';
import { appendTimeline } from '../../store/timeline.ts';
import { enqueueOutbox, type OutboxTopic } from '../../store/outbox.ts';
import { updateIncident } from '../../store/incidents.ts';
import type { IncidentRow, IncidentsTable } from '../../store/schema.ts';
import type { UseCaseContext } from '../context.ts';

/**
 * The one way an incident changes: update the row (bumping its version), append the timeline
 * event, and ask for the Slack card to be refreshed, all in the use case's transaction.
 */
export async function recordIncidentChange(
  ctx: UseCaseContext,
  row: IncidentRow,
  change: { type: string; data: Record<string, unknown>; patch?: Updateable<IncidentsTable>; occurredAt?: Date },
): Promise<number> {
  const version = await updateIncident(ctx.tx, row.id, change.patch ?? {}, ctx.now);
  await appendTimeline(ctx.tx, {
    id: ctx.newId(),
    workspaceId: ctx.workspaceId,
    incidentId: row.id,
    type: change.type,
    actorId: ctx.actor.userId,
    occurredAt: change.occurredAt ?? ctx.now,
    data: change.data,
  });
  await enqueueEffect(ctx, row.id, 'slack.refresh_card', `v${version}`, { version });
  return version;
}

/** Records a side effect for the outbox worker; the key makes a retried request harmless. */
export async function enqueueEffect(
  ctx: UseCaseContext,
  incidentId: string,
  topic: OutboxTopic,
  keySuffix: string,
  payload: Record<string, unknown> = {},
): Promise<void> {
  await enqueueOutbox(ctx.tx, {
    id: ctx.newId(),
    workspaceId: ctx.workspaceId,
    topic,
    idempotencyKey: `${topic}:${incidentId}:${keySuffix}`,
    incidentId,
    payload: { incidentId, ...payload },
    at: ctx.now,
  });
}

/** Side effects of entering a status: the channel and announcements, convergence, archive. */
export async function enqueueStatusEffects(
  ctx: UseCaseContext,
  incidentId: string,
  status: IncidentStatus,
  severity: string | null,
): Promise<void> {
  if (status === 'responding') {
    await enqueueEffect(ctx, incidentId, 'slack.open_channel', 'once');
    await enqueueEffect(ctx, incidentId, 'slack.announce', `severity:${severity ?? '-'}`, { severity });
  }
  if (status === 'resolved') {
    await enqueueEffect(ctx, incidentId, 'slack.announce_convergence', ctx.now.toISOString());
  }
  if (status === 'closed' || status === 'canceled') {
    await enqueueEffect(ctx, incidentId, 'slack.archive_channel', 'once');
  }
}
