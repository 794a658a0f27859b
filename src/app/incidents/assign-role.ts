import { DomainError } from '../../domain/errors.ts';
import { planRoleAssignment, planRoleRelease, type RoleWarning } from '../../domain/roles.ts';
import { addMembers } from '../../store/incidents.ts';
import { endRole, startRole } from '../../store/roles.ts';
import { findUserById } from '../../store/users.ts';
import type { UseCaseContext } from '../context.ts';
import { loadIncidentForChange, type LoadedIncident } from './load-incident.ts';
import { enqueueEffect, recordIncidentChange } from './record-change.ts';

export interface AssignRoleInput {
  incidentId: string;
  role: string;
  userId: string;
}

/** Gives a role to a person (taking it from the previous holder). Warnings do not refuse. */
export async function assignRole(ctx: UseCaseContext, input: AssignRoleInput): Promise<{ warnings: RoleWarning[] }> {
  const loaded = await loadIncidentForChange(ctx, input.incidentId);
  const result = await applyRoleAssignment(ctx, loaded, input.role, input.userId);
  // A holder assigned after the channel exists is invited (the channel's own setup invites the first ones).
  await enqueueEffect(ctx, loaded.row.id, 'slack.invite', `role:${input.role}:${input.userId}:${ctx.now.toISOString()}`);
  return result;
}

/** Shared with declaring, which may name the first commander and investigator. */
export async function applyRoleAssignment(
  ctx: UseCaseContext,
  loaded: LoadedIncident,
  role: string,
  userId: string,
): Promise<{ warnings: RoleWarning[] }> {
  await requireActiveUser(ctx, userId);
  const plan = planRoleAssignment(loaded.snapshot, role, userId, loaded.playbook);
  await endRole(ctx.tx, loaded.row.id, role, ctx.now);
  await startRole(ctx.tx, { id: ctx.newId(), incidentId: loaded.row.id, role, userId, by: ctx.actor.userId, at: ctx.now });
  await addMembers(ctx.tx, loaded.row.id, [userId]);
  await recordIncidentChange(ctx, loaded.row, {
    type: 'incident.role_assigned',
    data: { role, userId, previousUserId: plan.previousUserId, warnings: plan.warnings },
    patch: plan.acknowledges ? { acknowledged_at: ctx.now } : {},
  });
  loaded.snapshot.roles[role] = userId;
  if (plan.acknowledges) loaded.snapshot.milestones.acknowledged_at = ctx.now;
  return { warnings: plan.warnings };
}

/** Takes a role away from its holder. */
export async function releaseRole(ctx: UseCaseContext, input: { incidentId: string; role: string }): Promise<void> {
  const loaded = await loadIncidentForChange(ctx, input.incidentId);
  const holder = planRoleRelease(loaded.snapshot, input.role, loaded.playbook);
  await endRole(ctx.tx, loaded.row.id, input.role, ctx.now);
  await recordIncidentChange(ctx, loaded.row, {
    type: 'incident.role_unassigned',
    data: { role: input.role, userId: holder },
  });
}

/** Refuses a person who does not exist in the workspace or no longer works here. */
export async function requireActiveUser(ctx: UseCaseContext, userId: string): Promise<void> {
  const user = await findUserById(ctx.tx, ctx.workspaceId, userId);
  if (!user?.isActive) throw new DomainError('user_not_found', { id: userId });
}
