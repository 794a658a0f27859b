import { buildNowView, type NowView } from '../../domain/now-view.ts';
import { suggestCommanders, type RotationCandidate } from '../../domain/roles.ts';
import { findRole } from '../../domain/playbook.ts';
import { listIncidents, listDecisions, listReleases, roleHolders, type IncidentListFilter, type RoleHolder } from '../../store/incident-queries.ts';
import { loadSnapshot } from '../../store/incidents.ts';
import { lastServed } from '../../store/roles.ts';
import type { IncidentRow } from '../../store/schema.ts';
import { listTasks, type TaskView } from '../../store/tasks.ts';
import { unresolvedDeliveryFailures, type DeliveryFailure } from '../../store/delivery-failures.ts';
import { findChannelOfIncident } from '../../store/slack-channels.ts';
import type { UseCaseContext } from '../context.ts';
import { findVisibleIncident } from './load-incident.ts';

export interface IncidentDetail {
  row: IncidentRow;
  roles: RoleHolder[];
  tasks: TaskView[];
  releases: Awaited<ReturnType<typeof listReleases>>;
  decisions: Awaited<ReturnType<typeof listDecisions>>;
  /** Side effects (Slack) given up on: shown as warnings. */
  deliveryFailures: DeliveryFailure[];
  /** Its dedicated Slack channel, once created. */
  slackChannel?: { id: string; name: string; archived: boolean } | null;
}

/** An incident with its role holders, tasks, releases and decisions. */
export async function getIncident(ctx: UseCaseContext, input: { incidentId: string }): Promise<IncidentDetail> {
  const row = await findVisibleIncident(ctx, input.incidentId);
  const [roles, tasks, releases, decisions, deliveryFailures, channel] = await Promise.all([
    roleHolders(ctx.tx, [row.id]),
    listTasks(ctx.tx, row.id),
    listReleases(ctx.tx, row.id),
    listDecisions(ctx.tx, row.id),
    unresolvedDeliveryFailures(ctx.tx, row.id),
    findChannelOfIncident(ctx.tx, row.id),
  ]);
  const slackChannel = channel
    ? { id: channel.channel_id, name: channel.channel_name, archived: channel.archived_at !== null }
    : null;
  return { row, roles: roles.get(row.id) ?? [], tasks, releases, decisions, deliveryFailures, slackChannel };
}

/** The now view: each role's holder and open tasks, and what blocks the next status. */
export async function getNowView(
  ctx: UseCaseContext,
  input: { incidentId: string },
): Promise<NowView & { row: IncidentRow; deliveryFailures: DeliveryFailure[] }> {
  const row = await findVisibleIncident(ctx, input.incidentId);
  const [snapshot, playbook, deliveryFailures] = await Promise.all([
    loadSnapshot(ctx.tx, row),
    ctx.playbooks.byId(ctx.tx, row.playbook_version_id),
    unresolvedDeliveryFailures(ctx.tx, row.id),
  ]);
  return { ...buildNowView(snapshot, playbook, ctx.now), row, deliveryFailures };
}

export type ListIncidentsInput = Omit<IncidentListFilter, 'workspaceId' | 'visibleTo'>;

/** A page of the incidents the actor may see, with their role holders. */
export async function listVisibleIncidents(
  ctx: UseCaseContext,
  input: ListIncidentsInput,
): Promise<{ rows: IncidentRow[]; roles: Map<string, RoleHolder[]> }> {
  const rows = await listIncidents(ctx.tx, {
    ...input,
    workspaceId: ctx.workspaceId,
    visibleTo: ctx.actor.role === 'admin' ? null : ctx.actor.userId,
  });
  return { rows, roles: await roleHolders(ctx.tx, rows.map((r) => r.id)) };
}

export interface CommanderCandidate extends RotationCandidate {
  name: string;
  email: string;
  slackUserId: string | null;
}

/** Who should take the commander role next: the rotation pool, least recently served first. */
export async function suggestCommander(ctx: UseCaseContext, input: { incidentId: string }): Promise<CommanderCandidate[]> {
  const row = await findVisibleIncident(ctx, input.incidentId);
  const [snapshot, playbook] = await Promise.all([loadSnapshot(ctx.tx, row), ctx.playbooks.byId(ctx.tx, row.playbook_version_id)]);
  const rotation = findRole(playbook, 'commander')?.rotation ?? [];
  let query = ctx.tx
    .selectFrom('users')
    .select(['id', 'name', 'email', 'slack_user_id'])
    .where('workspace_id', '=', ctx.workspaceId)
    .where('is_active', '=', true)
    .where('role', 'in', ['responder', 'admin']);
  if (rotation.length > 0) query = query.where('email', 'in', rotation);
  const users = await query.execute();
  const served = await lastServed(ctx.tx, 'commander', users.map((u) => u.id));
  const pool = users.map((u) => ({ userId: u.id, lastServedAt: served.get(u.id) ?? null }));
  const byId = new Map(users.map((u) => [u.id, u]));
  return suggestCommanders(snapshot, pool).flatMap((c) => {
    const user = byId.get(c.userId);
    return user ? [{ ...c, name: user.name, email: user.email, slackUserId: user.slack_user_id }] : [];
  });
}
