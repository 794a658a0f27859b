import { reportTitleFor, type AlertingPolicy } from '../../domain/alert-routing.ts';
import type { IncomingAlert } from '../../domain/alerts.ts';
import { enqueueOutbox } from '../../store/outbox.ts';
import { allocateReportNumber, insertReport } from '../../store/reports.ts';
import { appendTimeline } from '../../store/timeline.ts';
import type { UseCaseContext } from '../context.ts';
import { homeRefreshEntry } from '../slack/home-refresh.ts';

/** Longest description kept from an alert (annotations can be long). */
const MAX_DESCRIPTION = 4000;

/**
 * Opens a report (source `monitoring`) for a new group of alerts. Its `detectedAt` is the
 * earliest start the tools gave (never after now), so time to detect starts at the alert.
 * `page` also posts it to the triage channel. Its id was chosen when the delivery was planned.
 */
export async function openAlertReport(
  ctx: UseCaseContext,
  input: { id: string; policy: AlertingPolicy; first: IncomingAlert; service: string | null; detectedAt: Date; groupKey: string; sourceId: string; page: boolean },
): Promise<string> {
  const { id } = input;
  const number = await allocateReportNumber(ctx.tx, ctx.workspaceId);
  const locale = ctx.playbooks.current().playbook.workspace.defaultLocale;
  const title = reportTitleFor(input.policy, locale, input.service, input.first.title).slice(0, 500);
  const detectedAt = input.detectedAt > ctx.now ? ctx.now : input.detectedAt;
  await insertReport(ctx.tx, {
    id,
    workspace_id: ctx.workspaceId,
    number,
    source: 'monitoring',
    title,
    description: input.first.description.slice(0, MAX_DESCRIPTION),
    status: 'reported',
    is_private: false,
    assignee_id: null,
    created_by: null,
    answers: JSON.stringify({}),
    incident_id: null,
    dismiss_reason: null,
    detected_at: detectedAt,
    reported_at: ctx.now,
    status_changed_at: ctx.now,
  });
  await appendTimeline(ctx.tx, {
    id: ctx.newId(),
    workspaceId: ctx.workspaceId,
    reportId: id,
    incidentId: null,
    type: 'report.created',
    actorId: null,
    occurredAt: ctx.now,
    data: { number, source: 'monitoring', title, alertSourceId: input.sourceId, groupKey: input.groupKey },
  });
  // A report waiting is on the App Home, whoever opened it; `page` also posts it to triage.
  await enqueueOutbox(ctx.tx, [
    homeRefreshEntry(ctx),
    ...(input.page
      ? [{ id: ctx.newId(), workspaceId: ctx.workspaceId, topic: 'slack.post_report' as const, idempotencyKey: `slack.post_report:${id}`, payload: { reportId: id }, at: ctx.now }]
      : []),
  ]);
  return id;
}
