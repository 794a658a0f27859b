import { checkClaim } from '../../domain/report-lifecycle.ts';
import type { UseCaseContext } from '../context.ts';
import { authorize } from '../policies.ts';
import { findVisibleReport, recordReportChange, statusOf } from './load-report.ts';

/**
 * Starts (or takes over) the quick investigation: the actor becomes the assignee and the report
 * is `investigating`.
 */
export async function claimReport(ctx: UseCaseContext, input: { reportId: string }): Promise<void> {
  authorize(ctx.actor, 'report.triage');
  const row = await findVisibleReport(ctx, input.reportId, { forUpdate: true });
  const status = statusOf(row);
  checkClaim(status);
  const isStarting = status !== 'investigating';
  await recordReportChange(ctx, row, {
    type: 'report.claimed',
    data: { assigneeId: ctx.actor.userId, previousAssigneeId: row.assignee_id },
    patch: {
      assignee_id: ctx.actor.userId,
      status: 'investigating',
      ...(isStarting ? { status_changed_at: ctx.now } : {}),
    },
  });
}
