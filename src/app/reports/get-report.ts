import { suggestFromAnswers, type Suggestion } from '../../domain/report-lifecycle.ts';
import type { DefinitionQuestion } from '../../domain/playbook.ts';
import type { ReportRow } from '../../store/schema.ts';
import { alertsOfReport } from '../../store/alerts.ts';
import { listTimeline, type TimelinePage } from '../../store/timeline.ts';
import type { UseCaseContext } from '../context.ts';
import { authorize } from '../policies.ts';
import { findVisibleReport } from './load-report.ts';

/** An alert grouped into a report (one per fingerprint and firing episode). */
export interface ReportAlert {
  id: string;
  status: 'firing' | 'resolved';
  title: string;
  startsAt: Date;
  endsAt: Date | null;
  sourceId: string;
  /** The alert source's name and kind (alertmanager, grafana, …); null if the source was removed. */
  sourceName: string | null;
  sourceKind: string | null;
  fingerprint: string;
  service: string | null;
  severity: string | null;
  count: number;
  lastSeenAt: Date;
  link: string | null;
  labels: Record<string, string>;
}

/** Alerts shown on a report (a storm's report lists its first ones; the rest stay counted on the rows). */
const ALERT_LIMIT = 500;

export interface ReportDetail {
  row: ReportRow;
  suggestion: Suggestion;
  /** The definition questions of the playbook in force, to show beside the answers. */
  questions: DefinitionQuestion[];
  timeline: TimelinePage['items'];
  alerts: ReportAlert[];
}

/** A report's timeline is short (a handful of triage steps); one page holds it. */
const TIMELINE_LIMIT = 500;

/** A report with its definition questions, suggestion, timeline and alerts. */
export async function getReport(ctx: UseCaseContext, input: { reportId: string }): Promise<ReportDetail> {
  authorize(ctx.actor, 'report.read');
  const row = await findVisibleReport(ctx, input.reportId);
  const { playbook } = ctx.playbooks.current();
  const timeline = await listTimeline(ctx.tx, { reportId: row.id }, { after: 0, limit: TIMELINE_LIMIT });
  return {
    row,
    suggestion: suggestFromAnswers(playbook, row.answers),
    questions: playbook.definition.questions,
    timeline: timeline.items,
    alerts: (await alertsOfReport(ctx.tx, row.id, ALERT_LIMIT)).map((a) => ({
      id: a.id,
      status: a.status,
      title: a.title,
      startsAt: a.starts_at,
      endsAt: a.ends_at,
      sourceId: a.source_id,
      sourceName: a.source_name,
      sourceKind: a.source_kind,
      fingerprint: a.fingerprint,
      service: a.service,
      severity: a.severity,
      count: Number(a.count),
      lastSeenAt: a.last_seen_at,
      link: a.link,
      labels: a.labels,
    })),
  };
}
