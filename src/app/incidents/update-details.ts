import type { Updateable } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import { isFinished } from '../../domain/incident.ts';
import { findPlatform } from '../../domain/playbook.ts';
import { reconcileTasks, statusesReached } from '../../domain/tasks.ts';
import { addMembers } from '../../store/incidents.ts';
import type { IncidentsTable } from '../../store/schema.ts';
import { dropTasks, insertTasks, taskKeys } from '../../store/tasks.ts';
import type { UseCaseContext } from '../context.ts';
import { requireActiveUser } from './assign-role.ts';
import { loadIncidentForChange } from './load-incident.ts';
import { enqueueEffect, recordIncidentChange } from './record-change.ts';

export interface UpdateDetailsInput {
  incidentId: string;
  title?: string | undefined;
  summary?: string | undefined;
  impact?: string | undefined;
  isPrivate?: boolean | undefined;
  platforms?: string[] | undefined;
  triggeredByUserId?: string | null | undefined;
  addMemberIds?: string[] | undefined;
}

/** Edits what the incident is about; platform changes bring or drop the platform-bound tasks. */
export async function updateIncidentDetails(ctx: UseCaseContext, input: UpdateDetailsInput): Promise<void> {
  const { row, snapshot, playbook } = await loadIncidentForChange(ctx, input.incidentId);
  if (isFinished(snapshot.status)) throw new DomainError('incident_finished', { status: snapshot.status });
  const patch: Updateable<IncidentsTable> = {};
  const changed: Record<string, unknown> = {};
  for (const field of ['title', 'summary', 'impact'] as const) {
    const value = input[field];
    if (value !== undefined && value !== row[field]) {
      patch[field] = value;
      changed[field] = value;
    }
  }
  if (input.isPrivate !== undefined && input.isPrivate !== row.is_private) {
    patch.is_private = input.isPrivate;
    changed['isPrivate'] = input.isPrivate;
  }
  if (input.triggeredByUserId !== undefined && input.triggeredByUserId !== row.triggered_by_user_id) {
    if (input.triggeredByUserId !== null) await requireActiveUser(ctx, input.triggeredByUserId);
    patch.triggered_by_user_id = input.triggeredByUserId;
    changed['triggeredByUserId'] = input.triggeredByUserId;
  }
  if (input.platforms !== undefined) {
    const platforms = [...new Set(input.platforms)];
    for (const platform of platforms) {
      if (!findPlatform(playbook, platform)) {
        throw new DomainError('unknown_platform', { platform, allowed: playbook.platforms.map((p) => p.id).join(', ') });
      }
    }
    patch.platforms = JSON.stringify(platforms);
    changed['platforms'] = platforms;
    const { add, drop } = reconcileTasks(playbook, statusesReached(snapshot.status), { severity: snapshot.severity, platforms }, await taskKeys(ctx.tx, row.id));
    await insertTasks(ctx.tx, row.id, add, ctx.now, ctx.newId);
    await dropTasks(ctx.tx, row.id, drop, ctx.now);
  }
  for (const userId of input.addMemberIds ?? []) await requireActiveUser(ctx, userId);
  await addMembers(ctx.tx, row.id, input.addMemberIds ?? []);
  if (input.addMemberIds?.length) changed['addedMemberIds'] = input.addMemberIds;
  if (Object.keys(changed).length === 0) return;
  const version = await recordIncidentChange(ctx, row, { type: 'incident.updated', data: changed, patch });
  // New platforms may make the playbook's responder rules pick more people: invite them.
  if (changed['platforms'] !== undefined) await enqueueEffect(ctx, row.id, 'slack.invite', `platforms:v${version}`);
}
