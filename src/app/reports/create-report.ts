import { DomainError } from '../../domain/errors.ts';
import type { ReportSource, ReportStatus } from '../../domain/report-lifecycle.ts';
import { enqueueOutbox } from '../../store/outbox.ts';
import { allocateReportNumber, insertReport } from '../../store/reports.ts';
import type { UseCaseContext } from '../context.ts';
import { authorize } from '../policies.ts';
import { recordReportChange } from './load-report.ts';
import { homeRefreshEntry } from '../slack/home-refresh.ts';

export interface CreateReportInput {
  source: ReportSource;
  title: string;
  description?: string | undefined;
  /** When the problem was first seen, if before the report (e.g. the alert's start). */
  detectedAt?: Date | undefined;
  isPrivate?: boolean | undefined;
}

export interface CreatedReport {
  id: string;
  number: number;
  status: ReportStatus;
}

/** Records a report awaiting the quick investigation (and posts it to the triage channel); anyone signed in may report. */
export async function createReport(ctx: UseCaseContext, input: CreateReportInput): Promise<CreatedReport> {
  authorize(ctx.actor, 'report.create');
  const title = input.title.trim();
  if (title === '') throw new DomainError('validation_failed', { field: 'title', reason: 'required' });
  if (input.detectedAt && input.detectedAt > ctx.now) {
    throw new DomainError('milestone_in_future', { milestone: 'detectedAt' });
  }
  const id = ctx.newId();
  const number = await allocateReportNumber(ctx.tx, ctx.workspaceId);
  const status: ReportStatus = 'reported';
  const row = {
    id,
    workspace_id: ctx.workspaceId,
    number,
    source: input.source,
    title,
    description: input.description ?? '',
    status,
    is_private: input.isPrivate ?? false,
    assignee_id: null,
    created_by: ctx.actor.userId,
    answers: JSON.stringify({}),
    incident_id: null,
    dismiss_reason: null,
    detected_at: input.detectedAt ?? null,
    reported_at: ctx.now,
    status_changed_at: ctx.now,
  };
  await insertReport(ctx.tx, row);
  await recordReportChange(ctx, row, {
    type: 'report.created',
    data: { number, source: input.source, title },
  });
  // The report goes to the triage channel with its buttons (claim, declare, dismiss).
  await enqueueOutbox(ctx.tx, [
    {
    id: ctx.newId(),
    workspaceId: ctx.workspaceId,
    topic: 'slack.post_report',
    idempotencyKey: `slack.post_report:${id}`,
    payload: { reportId: id },
    at: ctx.now,
    },
    homeRefreshEntry(ctx), // reports waiting are on the App Home
  ]);
  return { id, number, status };
}
