import { z } from 'zod';
import type { IncidentStatus } from '../../domain/incident.ts';
import { findSeverity, type Playbook } from '../../domain/playbook.ts';
import { cancelJobs, scheduleJob, type JobSpec, type ScheduleJobInput } from '../../store/scheduled-jobs.ts';
import type { UseCaseContext } from '../context.ts';

/**
 * Timers an incident runs while in a status, as scheduled jobs (docs/jobs.md): the commander's
 * status-update reminder at the severity's cadence (responding, monitoring), the end of the
 * convergence watch (monitoring), and the postmortem due date (from resolved until published).
 * Scheduled in the transaction of the change that enters the status; a status change cancels
 * them by key prefix. The handlers are in src/jobs/incident-timers/.
 */

const incidentPayload = z.object({ incidentId: z.uuid() });

export const statusUpdateReminderSpec = {
  name: 'reminder.status_update',
  version: 1,
  /** `missed`: reminders in a row without an update (from the second on, escalated). */
  payload: incidentPayload.extend({ epoch: z.number().int().min(0), n: z.number().int().min(0), missed: z.number().int().min(0) }),
} satisfies JobSpec<unknown>;

export const convergenceWatchSpec = {
  name: 'timer.convergence_watch',
  version: 1,
  payload: incidentPayload.extend({ epoch: z.number().int().min(0), n: z.number().int().min(0) }),
} satisfies JobSpec<unknown>;

export const postmortemDueSpec = {
  name: 'reminder.postmortem_due',
  version: 1,
  payload: incidentPayload,
} satisfies JobSpec<unknown>;

/** Key prefixes: one per incident and kind, so a change cancels exactly what it ends. */
export const timerKeys = {
  status: (incidentId: string) => `timer:${incidentId}:status:`,
  statusUpdate: (incidentId: string, epoch: number, n: number) => `timer:${incidentId}:status:update:${epoch}:${n}`,
  convergence: (incidentId: string, epoch: number, n: number) => `timer:${incidentId}:status:convergence:${epoch}:${n}`,
  postmortem: (incidentId: string) => `timer:${incidentId}:postmortem:`,
  postmortemDue: (incidentId: string, epoch: number) => `timer:${incidentId}:postmortem:due:${epoch}`,
};

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface TimedIncident {
  id: string;
  severity: string | null;
  monitoringSince?: Date | null;
}

/** The timers an incident starts on entering `status` (none without a known severity). */
export function timersOnEntering(
  incident: TimedIncident,
  status: IncidentStatus,
  playbook: Playbook,
  epoch: number,
  at: { now: Date; workspaceId: string },
): ScheduleJobInput<unknown>[] {
  const severity = incident.severity ? findSeverity(playbook, incident.severity) : undefined;
  if (!severity) return [];
  const common = { incidentId: incident.id, workspaceId: at.workspaceId };
  const later = (from: Date, ms: number) => new Date(from.getTime() + ms);
  const timers: ScheduleJobInput<unknown>[] = [];
  if (status === 'responding' || status === 'monitoring') {
    timers.push({
      job: statusUpdateReminderSpec,
      payload: { incidentId: incident.id, epoch, n: 1, missed: 0 },
      runAt: later(at.now, severity.statusUpdateEveryMinutes * MINUTE),
      key: timerKeys.statusUpdate(incident.id, epoch, 1),
      ...common,
    });
  }
  if (status === 'monitoring') {
    timers.push({
      job: convergenceWatchSpec,
      payload: { incidentId: incident.id, epoch, n: 1 },
      runAt: later(incident.monitoringSince ?? at.now, severity.convergenceWatchMinutes * MINUTE),
      key: timerKeys.convergence(incident.id, epoch, 1),
      ...common,
    });
  }
  if (status === 'resolved' && severity.postmortem.required) {
    timers.push({
      job: postmortemDueSpec,
      payload: { incidentId: incident.id },
      runAt: later(at.now, severity.postmortem.dueInDays * DAY),
      key: timerKeys.postmortemDue(incident.id, epoch),
      ...common,
    });
  }
  return timers;
}

/**
 * Cancels the timers of the status left and schedules those of `status`. `epoch` (the incident
 * version written by the change) makes the keys new: a key is used once, ever.
 */
export async function scheduleStatusTimers(
  ctx: UseCaseContext,
  incident: TimedIncident,
  status: IncidentStatus,
  playbook: Playbook,
  epoch: number,
): Promise<void> {
  // A new incident (epoch 1) has nothing to cancel.
  if (epoch > 1) {
    await cancelJobs(ctx.tx, timerKeys.status(incident.id), ctx.now);
    if (status === 'responding' || status === 'follow_up' || status === 'closed' || status === 'canceled')
      await cancelJobs(ctx.tx, timerKeys.postmortem(incident.id), ctx.now);
  }
  for (const timer of timersOnEntering(incident, status, playbook, epoch, ctx)) await scheduleJob(ctx.tx, timer);
}
