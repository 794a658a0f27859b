import { DomainError } from '../../domain/errors.ts';
import { checkOutcome } from '../../domain/report-lifecycle.ts';
import { findIncident } from '../../store/incidents.ts';
import type { UseCaseContext } from '../context.ts';
import { declareIncident, type DeclareIncidentInput, type DeclaredIncident } from '../incidents/declare-incident.ts';
import { recordIncidentChange } from '../incidents/record-change.ts';
import { authorize } from '../policies.ts';
import { findVisibleReport, recordReportChange, statusOf } from './load-report.ts';

/** Like declaring an incident, but every field may be left out: the report fills it in. */
export type DeclareFromReportInput = Partial<DeclareIncidentInput> & { reportId: string };

/**
 * Turns a report into an incident in one transaction: the incident is declared as usual (title
 * and summary from the report unless given, detected/reported times from the report), the
 * reporter becomes a member, the report becomes `declared` pointing at it, and both timelines
 * say so (`report.declared` on the report, `incident.report_linked` on the incident).
 */
export async function declareFromReport(ctx: UseCaseContext, input: DeclareFromReportInput): Promise<DeclaredIncident> {
  authorize(ctx.actor, 'report.triage');
  authorize(ctx.actor, 'incident.declare');
  const report = await findVisibleReport(ctx, input.reportId, { forUpdate: true });
  checkOutcome(statusOf(report), 'declared');
  const declared = await declareIncident(ctx, {
    ...input,
    title: input.title ?? report.title,
    summary: input.summary ?? report.description,
    isPrivate: input.isPrivate ?? report.is_private,
    detectedAt: input.detectedAt ?? report.detected_at ?? report.reported_at,
    reportedAt: report.reported_at,
    memberIds: [...(input.memberIds ?? []), ...(report.created_by ? [report.created_by] : [])],
  });
  await recordReportChange(ctx, report, {
    type: 'report.declared',
    data: { incidentId: declared.id, incidentNumber: declared.number },
    patch: { status: 'declared', incident_id: declared.id, status_changed_at: ctx.now },
  });
  const incident = await findIncident(ctx.tx, ctx.workspaceId, declared.id);
  if (!incident) throw new DomainError('incident_not_found', { id: declared.id });
  await recordIncidentChange(ctx, incident, {
    type: 'incident.report_linked',
    data: { reportId: report.id, reportNumber: report.number, title: report.title, source: report.source },
  });
  return declared;
}
