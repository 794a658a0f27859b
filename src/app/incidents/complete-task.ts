import { DomainError } from '../../domain/errors.ts';
import { isFinished } from '../../domain/incident.ts';
import { completeTask as markDone } from '../../store/tasks.ts';
import type { UseCaseContext } from '../context.ts';
import { loadIncidentForChange } from './load-incident.ts';
import { recordIncidentChange } from './record-change.ts';

/** Marks one of the incident's open tasks done. */
export async function completeTask(ctx: UseCaseContext, input: { incidentId: string; taskId: string }): Promise<void> {
  const { row, snapshot } = await loadIncidentForChange(ctx, input.incidentId);
  if (isFinished(snapshot.status)) throw new DomainError('incident_finished', { status: snapshot.status });
  const task = snapshot.openTasks.find((t) => t.id === input.taskId);
  if (!task) throw new DomainError('task_not_found', { id: input.taskId });
  await markDone(ctx.tx, row.id, { id: task.id }, ctx.actor.userId, ctx.now);
  await recordIncidentChange(ctx, row, { type: 'incident.task_completed', data: { taskId: task.id, key: task.key, role: task.role } });
}
