import type { Updateable } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import type { ReportStatus } from '../../domain/report-lifecycle.ts';
import { enqueueOutbox } from '../../store/outbox.ts';
import { findReport, updateReportIfStatus } from '../../store/reports.ts';
import type { ReportRow, ReportsTable } from '../../store/schema.ts';
import { appendTimeline } from '../../store/timeline.ts';
import type { UseCaseContext } from '../context.ts';
import { homeRefreshEntry } from '../slack/home-refresh.ts';

/** Whether the actor may see a report: public ones, or private ones they made or hold, or admins. */
export function canSeeReport(ctx: UseCaseContext, row: ReportRow): boolean {
  if (!row.is_private || ctx.actor.role === 'admin') return true;
  return row.created_by === ctx.actor.userId || row.assignee_id === ctx.actor.userId;
}

/**
 * Finds a report the actor may see. A private report the actor may not see reads as not found,
 * so its existence does not leak.
 */
export async function findVisibleReport(
  ctx: UseCaseContext,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<ReportRow> {
  const row = await findReport(ctx.tx, ctx.workspaceId, id, options);
  if (!row || !canSeeReport(ctx, row)) throw new DomainError('report_not_found', { id });
  return row;
}

/** The report's status, typed; the column is plain text. */
export function statusOf(row: ReportRow): ReportStatus {
  return row.status as ReportStatus;
}

/**
 * The one way a report changes: a compare-and-set update on the status the caller checked (a lost
 * race is a clean `conflict`) and its timeline event, in the use case's transaction.
 */
export async function recordReportChange(
  ctx: UseCaseContext,
  row: Pick<ReportRow, 'id' | 'status'>,
  change: { type: string; data: Record<string, unknown>; patch?: Updateable<ReportsTable> },
): Promise<void> {
  if (change.patch) {
    const isUpdated = await updateReportIfStatus(ctx.tx, row.id, row.status, change.patch);
    if (!isUpdated) throw new DomainError('conflict', { id: row.id });
  }
  await appendTimeline(ctx.tx, {
    id: ctx.newId(),
    workspaceId: ctx.workspaceId,
    reportId: row.id,
    incidentId: null,
    type: change.type,
    actorId: ctx.actor.userId,
    occurredAt: ctx.now,
    data: change.data,
  });
  // The report's message in the triage channel, if one was posted, follows the change.
  await enqueueOutbox(ctx.tx, [
    {
    id: ctx.newId(),
    workspaceId: ctx.workspaceId,
    topic: 'slack.post_report',
    idempotencyKey: `slack.post_report:${row.id}:${change.type}:${ctx.now.toISOString()}`,
    payload: { reportId: row.id, onlyIfPosted: true },
    at: ctx.now,
    },
    homeRefreshEntry(ctx), // reports waiting are on the App Home
  ]);
}
