import { DomainError } from '../../domain/errors.ts';
import { computeFigures, localDay, severitiesAbove, type Bucket, type Insights } from '../../domain/metrics.ts';
import { fetchInsightFacts } from '../../store/insights.ts';
import type { UseCaseContext } from '../context.ts';
import { authorize } from '../policies.ts';

export interface InsightsInput {
  /** Start of the period (incidents declared at or after it); default: 90 days before `to`. */
  from?: Date | undefined;
  /** End of the period (exclusive); default: now. */
  to?: Date | undefined;
  bucket?: Bucket | undefined;
  severity?: string | undefined;
  service?: string | undefined;
  platform?: string | undefined;
}

export interface InsightsView extends Insights {
  period: { from: Date; to: Date; bucket: Bucket; timezone: string };
  filters: { severity: string | null; service: string | null; platform: string | null };
  asOf: Date;
}

const DAY_MS = 86_400_000;
/** The longest period one request may cover. */
export const MAX_PERIOD_DAYS = 3 * 366;

/** The insights over a period for the incidents the caller may see (docs/metrics.md). */
export async function getInsights(ctx: UseCaseContext, input: InsightsInput): Promise<InsightsView> {
  authorize(ctx.actor, 'incident.read');
  const playbook = ctx.playbooks.current().playbook;
  const to = input.to ?? ctx.now;
  const from = input.from ?? new Date(to.getTime() - 90 * DAY_MS);
  if (from.getTime() >= to.getTime()) {
    throw new DomainError('validation_failed', { field: 'from', reason: 'must_be_before_to' });
  }
  if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * DAY_MS) {
    throw new DomainError('validation_failed', { field: 'to', reason: 'period_too_long' }, { maxDays: MAX_PERIOD_DAYS });
  }
  const severities = playbook.severities.map((s) => s.id);
  if (input.severity !== undefined && !severities.includes(input.severity)) {
    throw new DomainError('unknown_severity', { severity: input.severity, allowed: severities.join(', ') });
  }
  const platforms = playbook.platforms.map((p) => p.id);
  if (input.platform !== undefined && !platforms.includes(input.platform)) {
    throw new DomainError('unknown_platform', { platform: input.platform, allowed: platforms.join(', ') });
  }
  const bucket = input.bucket ?? 'week';
  const timezone = playbook.workspace.timezone;
  const read = await fetchInsightFacts(ctx.tx, {
    workspaceId: ctx.workspaceId,
    from,
    to,
    visibleTo: ctx.actor.role === 'admin' ? null : ctx.actor.userId,
    filters: {
      severity: input.severity === undefined ? undefined : { id: input.severity, above: severitiesAbove(input.severity, severities) },
      service: input.service,
      platform: input.platform,
    },
    today: localDay(ctx.now, timezone),
  });
  const insights = computeFigures({ ...read, severityOrder: severities, timezone, bucket, asOf: ctx.now });
  return {
    period: { from, to, bucket, timezone },
    filters: { severity: input.severity ?? null, service: input.service ?? null, platform: input.platform ?? null },
    asOf: ctx.now,
    ...insights,
  };
}
