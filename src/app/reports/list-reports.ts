import { suggestFromAnswers, type ReportSource, type ReportStatus, type Suggestion } from '../../domain/report-lifecycle.ts';
import { alertCountsOfReports } from '../../store/alerts.ts';
import { listReports } from '../../store/reports.ts';
import type { ReportRow } from '../../store/schema.ts';
import type { UseCaseContext } from '../context.ts';
import { authorize } from '../policies.ts';

export interface ListReportsInput {
  statuses?: readonly ReportStatus[] | undefined;
  sources?: readonly ReportSource[] | undefined;
  /** Continue after this report (the last of the previous page). */
  after?: { reportedAt: Date; id: string } | undefined;
  limit: number;
}

export interface ReportListPage {
  items: { row: ReportRow; suggestion: Suggestion; alertCounts: { total: number; firing: number } }[];
  /** The last item's position when another page follows, else null. */
  next: { reportedAt: Date; id: string } | null;
}

/**
 * A page of the reports the actor may see, newest first. Private reports only for their creator,
 * their assignee and admins.
 */
export async function listVisibleReports(ctx: UseCaseContext, input: ListReportsInput): Promise<ReportListPage> {
  authorize(ctx.actor, 'report.read');
  const rows = await listReports(ctx.tx, {
    workspaceId: ctx.workspaceId,
    visibleTo: ctx.actor.role === 'admin' ? null : ctx.actor.userId,
    statuses: input.statuses,
    sources: input.sources,
    after: input.after,
    limit: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  const { playbook } = ctx.playbooks.current();
  const counts = await alertCountsOfReports(ctx.tx, page.map((row) => row.id));
  return {
    items: page.map((row) => ({
      row,
      suggestion: suggestFromAnswers(playbook, row.answers),
      alertCounts: counts.get(row.id) ?? { total: 0, firing: 0 },
    })),
    next: rows.length > input.limit && last ? { reportedAt: last.reported_at, id: last.id } : null,
  };
}
