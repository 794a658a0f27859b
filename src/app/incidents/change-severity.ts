import { checkSeverityChange, isEscalation } from '../../domain/severity.ts';
import { reconcileTasks, statusesReached } from '../../domain/tasks.ts';
import { dropTasks, insertTasks, taskKeys } from '../../store/tasks.ts';
import type { UseCaseContext } from '../context.ts';
import { loadIncidentForChange } from './load-incident.ts';
import { enqueueEffect, recordIncidentChange } from './record-change.ts';
import { scheduleStatusTimers } from './status-timers.ts';

export interface ChangeSeverityInput {
  incidentId: string;
  severity: string;
  note?: string | undefined;
}

/** Changes severity before `resolved`; the tasks follow and the notification rules run again. */
export async function changeSeverity(ctx: UseCaseContext, input: ChangeSeverityInput): Promise<{ from: string | null; to: string }> {
  const { row, snapshot, playbook } = await loadIncidentForChange(ctx, input.incidentId);
  checkSeverityChange(snapshot, input.severity, playbook);
  const from = snapshot.severity;
  const existing = await taskKeys(ctx.tx, row.id);
  const { add, drop } = reconcileTasks(
    playbook,
    statusesReached(snapshot.status),
    { severity: input.severity, platforms: snapshot.platforms },
    existing,
  );
  await insertTasks(ctx.tx, row.id, add, ctx.now, ctx.newId);
  await dropTasks(ctx.tx, row.id, drop, ctx.now);
  const version = await recordIncidentChange(ctx, row, {
    type: 'incident.severity_changed',
    data: { from, to: input.severity, note: input.note ?? null, isEscalation: isEscalation(playbook, from, input.severity) },
    patch: { severity: input.severity },
  });
  if (snapshot.status === 'responding' || snapshot.status === 'monitoring') {
    // The reminder cadence and the watch window follow the new severity.
    await scheduleStatusTimers(ctx, { id: row.id, severity: input.severity, monitoringSince: snapshot.monitoringSince }, snapshot.status, playbook, version);
  }
  if (snapshot.status !== 'triage') {
    // The playbook's responder rules may pick more people at the new severity.
    await enqueueEffect(ctx, row.id, 'slack.invite', `severity:${input.severity}:v${version}`);
    await enqueueEffect(ctx, row.id, 'slack.announce', `severity:${input.severity}:v${version}`, {
      severity: input.severity,
      previousSeverity: from,
    });
  }
  return { from, to: input.severity };
}
