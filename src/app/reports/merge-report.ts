import { DomainError } from '../../domain/errors.ts';
import { isFinished, type IncidentStatus } from '../../domain/incident.ts';
import { checkOutcome } from '../../domain/report-lifecycle.ts';
import { isUuid } from '../../store/users.ts';
import type { UseCaseContext } from '../context.ts';
import { findVisibleIncident } from '../incidents/load-incident.ts';
import { recordIncidentChange } from '../incidents/record-change.ts';
import { authorize } from '../policies.ts';
import { findVisibleReport, recordReportChange, statusOf } from './load-report.ts';

export interface MergeReportInput {
  reportId: string;
  incidentId: string;
}

/** During the watch window a new report is a new signal: convergence starts counting again. */
const RESTARTS_CONVERGENCE: readonly IncidentStatus[] = ['monitoring'];

/**
 * Attaches a report to an incident already being handled (one the actor can see, not closed or
 * canceled): the report becomes `merged`, and the incident's timeline shows the new evidence.
 */
export async function mergeReport(
  ctx: UseCaseContext,
  input: MergeReportInput,
): Promise<{ incidentId: string; incidentNumber: number }> {
  authorize(ctx.actor, 'report.triage');
  const report = await findVisibleReport(ctx, input.reportId, { forUpdate: true });
  checkOutcome(statusOf(report), 'merged');
  if (!isUuid(input.incidentId)) throw new DomainError('incident_not_found', { id: input.incidentId });
  const incident = await findVisibleIncident(ctx, input.incidentId, { forUpdate: true });
  const incidentStatus = incident.status as IncidentStatus;
  if (isFinished(incidentStatus)) throw new DomainError('incident_finished', { status: incidentStatus });
  await recordReportChange(ctx, report, {
    type: 'report.merged',
    data: { incidentId: incident.id, incidentNumber: incident.number },
    patch: { status: 'merged', incident_id: incident.id, status_changed_at: ctx.now },
  });
  await recordIncidentChange(ctx, incident, {
    type: 'incident.report_merged',
    data: { reportId: report.id, reportNumber: report.number, title: report.title, source: report.source },
    patch: RESTARTS_CONVERGENCE.includes(incidentStatus) ? { last_signal_at: ctx.now } : {},
  });
  return { incidentId: incident.id, incidentNumber: incident.number };
}
