import { DomainError } from '../../domain/errors.ts';
import { isFinished } from '../../domain/incident.ts';
import { findSeverity } from '../../domain/playbook.ts';
import { completeTask as markDone } from '../../store/tasks.ts';
import type { UseCaseContext } from '../context.ts';
import { loadIncidentForChange } from './load-incident.ts';
import { enqueueEffects, recordIncidentChange } from './record-change.ts';

/**
 * A status update: on the timeline (`incident.status_update_posted`), in the incident's channel
 * and in each announce channel of the severity (`slack.post_message`). Each update is its own
 * message, so its outbox keys carry the event's id.
 */
export async function postStatusUpdate(
  ctx: UseCaseContext,
  input: { incidentId: string; text: string },
): Promise<{ channels: string[] }> {
  const { row, snapshot, playbook } = await loadIncidentForChange(ctx, input.incidentId);
  if (isFinished(snapshot.status)) throw new DomainError('incident_finished', { status: snapshot.status });
  const text = input.text.trim();
  if (text === '') throw new DomainError('validation_failed', { field: 'text', reason: 'required' });
  const severity = snapshot.severity ? findSeverity(playbook, snapshot.severity) : undefined;
  const channels = (severity?.announceTo ?? ['incidents'])
    .map((key) => playbook.channels[key])
    .filter((name): name is string => typeof name === 'string' && name !== '');
  const updateId = ctx.newId();
  const heading = `[#${row.number}] ${row.title}`;
  await recordIncidentChange(ctx, row, {
    type: 'incident.status_update_posted',
    data: { updateId, text, channels },
  });
  await enqueueEffects(ctx, row.id, [
    { topic: 'slack.post_message', keySuffix: `status_update:${updateId}:incident`, payload: { text: `${heading}\n${text}` } },
    ...channels.map((channel) => ({
      topic: 'slack.post_message' as const,
      keySuffix: `status_update:${updateId}:${channel}`,
      payload: { channel, text: `${heading}\n${text}` },
    })),
  ]);
  return { channels };
}

/**
 * The commander's company-wide announcement (SEV1 in the default playbook): the message goes to
 * the playbook's `companyWide` channel and the `announce_company_wide` task, if open, is done.
 */
export async function announceCompanyWide(
  ctx: UseCaseContext,
  input: { incidentId: string; text: string },
): Promise<{ channel: string }> {
  const { row, snapshot, playbook } = await loadIncidentForChange(ctx, input.incidentId);
  if (isFinished(snapshot.status)) throw new DomainError('incident_finished', { status: snapshot.status });
  const text = input.text.trim();
  if (text === '') throw new DomainError('validation_failed', { field: 'text', reason: 'required' });
  const channel = playbook.channels.companyWide;
  if (!channel) throw new DomainError('validation_failed', { field: 'channels.companyWide', reason: 'required' });
  const announcementId = ctx.newId();
  await markDone(ctx.tx, row.id, { key: 'announce_company_wide' }, ctx.actor.userId, ctx.now);
  await recordIncidentChange(ctx, row, {
    type: 'incident.company_announced',
    data: { announcementId, channel, text },
  });
  await enqueueEffects(ctx, row.id, [
    { topic: 'slack.post_message', keySuffix: `company:${announcementId}`, payload: { channel, text } },
  ]);
  return { channel };
}
