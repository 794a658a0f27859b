import type { Bucket, Distribution, Insights, RoleLoad } from '../../api/insights-hooks.ts';

/**
 * The insights charts' data shaping: pure functions from the API's figures (docs/metrics.md) to
 * what a chart draws. Tested in test/web/insights-data.test.ts.
 */

const DAY = 86_400_000;
/** The most buckets a chart draws (a day bucket over three years would be unreadable anyway). */
export const MAX_BUCKETS = 400;

/** The local date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** The first day of the bucket holding a local date: the day, the Monday of its week, the 1st of its month (as the API buckets). */
export function bucketStart(day: string, bucket: Bucket): string {
  if (bucket === 'day') return day;
  if (bucket === 'month') return `${day.slice(0, 7)}-01`;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

function nextBucket(start: string, bucket: Bucket): string {
  if (bucket === 'day') return addDays(start, 1);
  if (bucket === 'week') return addDays(start, 7);
  const [year = 0, month = 1] = start.split('-').map(Number);
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

/** Every bucket of the period [from, to) in the workspace's time zone, empty ones included (the API lists only buckets with incidents). */
export function bucketStarts(from: string, to: string, bucket: Bucket, timezone: string): string[] {
  const first = bucketStart(localDate(new Date(from), timezone), bucket);
  const last = localDate(new Date(Date.parse(to) - 1), timezone);
  const starts: string[] = [];
  for (
    let start = first;
    start <= last && starts.length < MAX_BUCKETS;
    start = nextBucket(start, bucket)
  )
    starts.push(start);
  return starts;
}

export interface StackSegment {
  severity: string;
  count: number;
  /** Where the segment starts: the sum of the segments below it. */
  offset: number;
}

export interface StackedBar {
  bucket: string;
  total: number;
  segments: StackSegment[];
}

/**
 * Incident counts per bucket, stacked by severity in the playbook's order (most severe at the
 * bottom), every bucket of the period present; severities the playbook does not know (and `none`)
 * come after it.
 */
export function stackBySeverity(
  insights: Pick<Insights, 'overTime' | 'period'>,
  severityOrder: readonly string[],
): { bars: StackedBar[]; severities: string[]; max: number } {
  const seen = new Set(insights.overTime.flatMap((b) => Object.keys(b.bySeverity)));
  const severities = [
    ...severityOrder.filter((s) => seen.has(s)),
    ...[...seen].filter((s) => !severityOrder.includes(s)).sort(),
  ];
  const byBucket = new Map(insights.overTime.map((b) => [b.bucket, b]));
  const { from, to, bucket, timezone } = insights.period;
  const starts = new Set(bucketStarts(from, to, bucket, timezone));
  // A bucket the API answered is always drawn, even if outside the computed range (clock skew, cap).
  for (const b of insights.overTime) starts.add(b.bucket);
  const bars = [...starts].sort().map((start) => {
    const entry = byBucket.get(start);
    let offset = 0;
    const segments: StackSegment[] = [];
    for (const severity of severities) {
      const count = entry?.bySeverity[severity] ?? 0;
      if (count > 0) segments.push({ severity, count, offset });
      offset += count;
    }
    return { bucket: start, total: entry?.total ?? 0, segments };
  });
  return { bars, severities, max: Math.max(0, ...bars.map((b) => b.total)) };
}

/** A duration in seconds for people: "45s", "12m", "1h 5m", "2d 3h"; "—" when there is none. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours}h` : `${hours}h ${minutes % 60}m`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days}d` : `${days}d ${hours % 24}h`;
}

export interface DurationRow {
  key: string;
  count: number;
  median: number | null;
  p90: number | null;
}

/** Median/p90 rows for a chart in the given order, left out when nothing was measured; `max` is the scale (the largest p90 or median). */
export function durationRows(
  distributions: Record<string, Distribution>,
  order: readonly string[],
): { rows: DurationRow[]; max: number } {
  const keys = [
    ...order.filter((k) => k in distributions),
    ...Object.keys(distributions).filter((k) => !order.includes(k)),
  ];
  const rows = keys.flatMap((key) => {
    const d = distributions[key];
    return d && d.count > 0 ? [{ key, count: d.count, median: d.median, p90: d.p90 }] : [];
  });
  return { rows, max: Math.max(0, ...rows.map((r) => Math.max(r.median ?? 0, r.p90 ?? 0))) };
}

export type Dependency = 'none' | 'single' | 'concentrated' | 'spread';

export interface LoadShape {
  people: { userId: string; name: string; incidents: number; share: number }[];
  total: number;
  topShare: number | null;
  /** 1 / HHI: how many people would carry the load if it were spread evenly (docs/metrics.md). */
  effectivePeople: number | null;
  dependency: Dependency;
}

/** Above this share of the busiest person, the load counts as resting on one person (two people 50/50 do not). */
export const CONCENTRATED_SHARE = 0.5;

/**
 * A role's load per person with each share, and whether the response rests on one person:
 * `single` when one person held the role in every incident (two or more), `concentrated` when the
 * busiest holds more than half, `spread` otherwise, `none` without holders.
 */
export function loadShape(load: RoleLoad): LoadShape {
  const total = load.people.reduce((sum, p) => sum + p.incidents, 0);
  const people = load.people.map((p) => ({ ...p, share: total === 0 ? 0 : p.incidents / total }));
  const topShare = load.topShare ?? people[0]?.share ?? null;
  const effectivePeople =
    load.hhi !== null && load.hhi > 0 ? Math.round((1 / load.hhi) * 10) / 10 : null;
  let dependency: Dependency = 'spread';
  if (total === 0 || topShare === null) dependency = 'none';
  else if (people.length === 1 && total >= 2) dependency = 'single';
  else if (topShare > CONCENTRATED_SHARE && total >= 2) dependency = 'concentrated';
  return { people, total, topShare, effectivePeople, dependency };
}

/** A share 0..1 as a whole percentage ("67%"); "—" without one. */
export function formatShare(share: number | null | undefined): string {
  return share === null || share === undefined ? '—' : `${Math.round(share * 100)}%`;
}

/** The actions' bar: done, in progress, open (of which overdue), deferred — each with its count. */
export function actionParts(
  actions: Insights['actions'],
): { key: 'done' | 'inProgress' | 'open' | 'deferred'; count: number }[] {
  return [
    { key: 'done' as const, count: actions.done },
    { key: 'inProgress' as const, count: actions.inProgress },
    { key: 'open' as const, count: actions.open },
    { key: 'deferred' as const, count: actions.deferred },
  ].filter((part) => part.count > 0);
}

/** A bucket's label: "2025-04-07" for days and weeks, "2025-04" for months. */
export function bucketLabel(start: string, bucket: Bucket): string {
  return bucket === 'month' ? start.slice(0, 7) : start;
}

/** A log scale for durations (seconds): a detection of minutes and a resolution of days fit one axis. */
export function durationScale(max: number): {
  position: (seconds: number) => number;
  ticks: number[];
} {
  const low = 60;
  const high = Math.max(max, low * 10);
  const span = Math.log(high / low);
  const position = (seconds: number) =>
    Math.min(1, Math.max(0, Math.log(Math.max(seconds, low) / low) / span));
  const ticks = [60, 600, 3_600, 6 * 3_600, 86_400, 7 * 86_400, 30 * 86_400].filter(
    (tick) => tick <= high,
  );
  return { position, ticks };
}
