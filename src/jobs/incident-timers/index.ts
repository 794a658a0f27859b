import type { JobDefinition } from '../scheduler.ts';
import { convergenceWatch } from './convergence-watch.ts';
import { postmortemDue } from './postmortem-due.ts';
import { statusUpdateReminder } from './status-update.ts';
import type { TimerDeps } from './support.ts';

export type { TimerDeps } from './support.ts';
export { STATUS_UPDATE_EVENTS } from './status-update.ts';

/** The jobs behind an incident's timers (scheduled by src/app/incidents/status-timers.ts). */
export function incidentTimerJobs(deps: TimerDeps): JobDefinition<unknown>[] {
  return [statusUpdateReminder(deps), convergenceWatch(deps), postmortemDue(deps)];
}
