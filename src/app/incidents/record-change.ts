import type { Updateable } from 'kysely';
import type { IncidentStatus } from '../../domain/incident.ts';
import { appendTimeline } from '../../store/timeline.ts';
import { enqueueOutbox, type OutboxEntry, type OutboxTopic } from '../../store/outbox.ts';
import { updateIncident } from '../../store/incidents.ts';
import type { IncidentsTable } from '../../store/schema.ts';
import type { UseCaseContext } from '../context.ts';
import { homeRefreshEntry } from '../slack/home-refresh.ts';

/** A side effect to record: its topic, what makes its key unique, its payload. */
export interface Effect {
  topic: OutboxTopic;
  keySuffix: string;
  payload?: Record<string, unknown>;
}

/**
 * The one way an incident changes: update the row (bumping its version), append the timeline
 * event, and record the Slack card refresh with any other effects, in the use case's transaction.
 */
export async function recordIncidentChange(
  ctx: UseCaseContext,
  row: { id: string },
  change: {
    type: string;
    data: Record<string, unknown>;
    patch?: Updateable<IncidentsTable>;
    occurredAt?: Date;
    effects?: Effect[];
  },
): Promise<number> {
  const version = await updateIncident(ctx.tx, row.id, change.patch ?? {}, ctx.now);
  await appendIncidentEvent(ctx, row.id, change.type, change.data, change.occurredAt);
  // Status effects first: the outbox delivers an incident's rows in order (channel before card).
  // The App Home of recent viewers follows (one row per window, in the same statement).
  await enqueueEffects(
    ctx,
    row.id,
    [...(change.effects ?? []), { topic: 'slack.refresh_card', keySuffix: `v${version}`, payload: { version } }],
    [homeRefreshEntry(ctx)],
  );
  return version;
}

export async function appendIncidentEvent(
  ctx: UseCaseContext,
  incidentId: string,
  type: string,
  data: Record<string, unknown>,
  occurredAt?: Date,
): Promise<void> {
  await appendTimeline(ctx.tx, {
    id: ctx.newId(),
    workspaceId: ctx.workspaceId,
    incidentId,
    type,
    actorId: ctx.actor.userId,
    occurredAt: occurredAt ?? ctx.now,
    data,
  });
}

/** Records side effects for the outbox worker; each key makes a retried request harmless. */
export async function enqueueEffects(ctx: UseCaseContext, incidentId: string, effects: readonly Effect[], extra: readonly OutboxEntry[] = []): Promise<void> {
  await enqueueOutbox(ctx.tx, [...effectEntries(ctx, incidentId, effects), ...extra]);
}

/** The outbox entries of an incident's effects, keyed `<topic>:<incident>:<suffix>`. */
export function effectEntries(
  ctx: Pick<UseCaseContext, 'newId' | 'workspaceId' | 'now'>,
  incidentId: string,
  effects: readonly Effect[],
): OutboxEntry[] {
  return effects.map((effect) => ({
    id: ctx.newId(),
    workspaceId: ctx.workspaceId,
    topic: effect.topic,
    idempotencyKey: `${effect.topic}:${incidentId}:${effect.keySuffix}`,
    incidentId,
    payload: { incidentId, ...effect.payload },
    at: ctx.now,
  }));
}

/** Records one side effect. */
export async function enqueueEffect(
  ctx: UseCaseContext,
  incidentId: string,
  topic: OutboxTopic,
  keySuffix: string,
  payload: Record<string, unknown> = {},
): Promise<void> {
  await enqueueEffects(ctx, incidentId, [{ topic, keySuffix, payload }]);
}

/** Side effects of entering a status: the channel and announcements, convergence, archive. */
export function statusEffects(status: IncidentStatus, severity: string | null, now: Date): Effect[] {
  switch (status) {
    case 'responding':
      return [
        { topic: 'slack.open_channel', keySuffix: 'once' },
        { topic: 'slack.announce', keySuffix: `severity:${severity ?? '-'}`, payload: { severity } },
      ];
    case 'resolved':
      return [{ topic: 'slack.announce_convergence', keySuffix: now.toISOString() }];
    case 'closed':
    case 'canceled':
      return [{ topic: 'slack.archive_channel', keySuffix: 'once' }];
    default:
      return [];
  }
}
