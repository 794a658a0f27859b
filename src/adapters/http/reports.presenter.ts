import type { z } from 'zod';
import type { ReportDetail } from '../../app/reports/get-report.ts';
import type { Locale } from '../../domain/playbook.ts';
import type { ReportStatus, Suggestion } from '../../domain/report-lifecycle.ts';
import type { ImprovementTicketListRow } from '../../store/reports.ts';
import type { ReportRow } from '../../store/schema.ts';
import type {
  improvementTicketResponse,
  reportDetailResponse,
  reportResponse,
} from './reports.schemas.ts';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** A report as the API shows it, with what its definition answers suggest. */
export function presentReport(
  row: ReportRow,
  suggestion: Suggestion,
): z.infer<typeof reportResponse> {
  return {
    id: row.id,
    number: row.number,
    source: row.source,
    title: row.title,
    description: row.description,
    status: row.status as ReportStatus,
    isPrivate: row.is_private,
    assigneeId: row.assignee_id,
    createdBy: row.created_by,
    answers: row.answers,
    suggestion,
    incidentId: row.incident_id,
    dismissReason: row.dismiss_reason,
    detectedAt: iso(row.detected_at),
    reportedAt: row.reported_at.toISOString(),
    statusChangedAt: row.status_changed_at.toISOString(),
  };
}

/** A report with the definition questions in the caller's language, its alerts and timeline. */
export function presentReportDetail(
  detail: ReportDetail,
  locale: Locale,
): z.infer<typeof reportDetailResponse> {
  const { row } = detail;
  return {
    ...presentReport(row, detail.suggestion),
    questions: detail.questions.map((q) => ({
      key: q.key,
      text: q.text[locale],
      yesMeansIncident: q.yesMeansIncident,
      answer: row.answers[q.key] ?? null,
    })),
    alerts: detail.alerts.map((a) => ({
      id: a.id,
      status: a.status,
      title: a.title,
      startsAt: a.startsAt.toISOString(),
      endsAt: iso(a.endsAt),
      sourceId: a.sourceId,
      sourceName: a.sourceName,
      sourceKind: a.sourceKind,
      fingerprint: a.fingerprint,
      service: a.service,
      severity: a.severity,
      count: a.count,
      lastSeenAt: a.lastSeenAt.toISOString(),
      link: a.link,
      labels: a.labels,
    })),
    timeline: detail.timeline.map((e) => ({
      seq: e.seq,
      id: e.id,
      type: e.type,
      actorId: e.actorId,
      occurredAt: e.occurredAt.toISOString(),
      recordedAt: e.recordedAt.toISOString(),
      data: e.data,
    })),
  };
}

export function presentImprovementTicket(
  row: ImprovementTicketListRow,
): z.infer<typeof improvementTicketResponse> {
  return {
    id: row.id,
    reportId: row.report_id,
    reportNumber: row.report_number,
    title: row.title,
    reason: row.reason,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
  };
}
