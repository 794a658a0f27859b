import type { Updateable } from 'kysely';
import type { IncidentStatus } from '../../domain/incident.ts';
import { planTransition } from '../../domain/incident-lifecycle.ts';
import { tasksOnEntering } from '../../domain/tasks.ts';
import { insertTasks, taskKeys } from '../../store/tasks.ts';
import type { IncidentsTable } from '../../store/schema.ts';
import { scheduleConvergenceCheck, watchMinutesOf } from '../alerts/convergence.ts';
import type { UseCaseContext } from '../context.ts';
import { loadIncidentForChange } from './load-incident.ts';
import { openPostmortem } from './open-postmortem.ts';
import { recordIncidentChange, statusEffects } from './record-change.ts';
import { scheduleStatusTimers } from './status-timers.ts';

export interface ChangeStatusInput {
  incidentId: string;
  status: IncidentStatus;
  note?: string | undefined;
}

/** Moves an incident along its lifecycle when the guards allow it. */
export async function changeIncidentStatus(
  ctx: UseCaseContext,
  input: ChangeStatusInput,
): Promise<{ from: IncidentStatus; to: IncidentStatus; version: number }> {
  const { row, snapshot, playbook } = await loadIncidentForChange(ctx, input.incidentId);
  const plan = planTransition(snapshot, { to: input.status, actor: ctx.actor, now: ctx.now, note: input.note }, playbook);
  const patch: Updateable<IncidentsTable> = { status: plan.to, status_changed_at: ctx.now, ...plan.milestones };
  if (plan.monitoringSince) patch.monitoring_since = plan.monitoringSince;
  if (plan.to === 'canceled') patch.cancel_reason = input.note ?? null;
  // Convergence from signals: "ready to resolve" holds only while monitoring; entering it starts the watch.
  if (plan.from === 'monitoring') patch.ready_to_resolve_at = null;
  if (plan.to === 'monitoring') await scheduleConvergenceCheck(ctx, row.id, new Date(ctx.now.getTime() + (await watchMinutesOf(ctx, row)) * 60_000));
  const existing = new Set((await taskKeys(ctx.tx, row.id)).map((t) => t.key));
  const drafts = tasksOnEntering(playbook, plan.to, snapshot, existing);
  await insertTasks(ctx.tx, row.id, drafts, ctx.now, ctx.newId);
  if (plan.to === 'postmortem') await openPostmortem(ctx, row, playbook);
  const version = await recordIncidentChange(ctx, row, {
    type: 'incident.status_changed',
    data: {
      from: plan.from,
      to: plan.to,
      kind: plan.kind,
      note: input.note ?? null,
      isExplicitDecision: plan.isExplicitDecision,
    },
    patch,
    effects: statusEffects(plan.to, row.severity, ctx.now),
  });
  await scheduleStatusTimers(ctx, { id: row.id, severity: row.severity, monitoringSince: plan.monitoringSince }, plan.to, playbook, version);
  return { from: plan.from, to: plan.to, version };
}
