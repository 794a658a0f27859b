import { checkOutcome } from '../../domain/report-lifecycle.ts';
import { enqueueOutbox } from '../../store/outbox.ts';
import { insertImprovementTicket } from '../../store/reports.ts';
import type { UseCaseContext } from '../context.ts';
import { authorize } from '../policies.ts';
import { findVisibleReport, recordReportChange, statusOf } from './load-report.ts';

export interface DismissReportInput {
  reportId: string;
  /** Why this is not an incident; it becomes the improvement ticket's body. */
  reason: string;
}

/**
 * Decides a report is not an incident: it becomes `dismissed` and an improvement ticket records
 * the report's title and the reason, so the problem is still fixed outside the incident flow.
 */
export async function dismissReport(ctx: UseCaseContext, input: DismissReportInput): Promise<{ ticketId: string }> {
  authorize(ctx.actor, 'report.triage');
  const report = await findVisibleReport(ctx, input.reportId, { forUpdate: true });
  const reason = input.reason.trim();
  checkOutcome(statusOf(report), 'dismissed', reason);
  const ticketId = ctx.newId();
  await recordReportChange(ctx, report, {
    type: 'report.dismissed',
    data: { reason, ticketId },
    patch: { status: 'dismissed', dismiss_reason: reason, status_changed_at: ctx.now },
  });
  await insertImprovementTicket(ctx.tx, {
    id: ticketId,
    workspace_id: ctx.workspaceId,
    report_id: report.id,
    title: report.title,
    reason,
    created_by: ctx.actor.userId,
    created_at: ctx.now,
  });
  // An outbound webhook per ticket, so teams can open it in their own tracker.
  await enqueueOutbox(ctx.tx, {
    id: ctx.newId(),
    workspaceId: ctx.workspaceId,
    topic: 'webhook.deliver',
    idempotencyKey: `webhook.deliver:improvement_ticket.created:${ticketId}`,
    payload: {
      event: 'improvement_ticket.created',
      data: {
        id: ticketId,
        reportId: report.id,
        reportNumber: report.number,
        title: report.title,
        reason,
        source: report.source,
        createdBy: ctx.actor.userId,
        createdAt: ctx.now.toISOString(),
      },
    },
    at: ctx.now,
  });
  return { ticketId };
}
