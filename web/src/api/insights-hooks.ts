import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';

/** A duration's spread in seconds (docs/metrics.md): how many incidents had both ends, median, p90. */
export interface Distribution {
  count: number;
  median: number | null;
  p90: number | null;
}

/** Time to detect, acknowledge, mitigate and resolve. */
export interface TimeTo {
  detect: Distribution;
  acknowledge: Distribution;
  mitigate: Distribution;
  resolve: Distribution;
}

/** Who held a role in how many incidents, and how concentrated that is. */
export interface RoleLoad {
  people: { userId: string; name: string; incidents: number }[];
  topShare: number | null;
  hhi: number | null;
}

/** `GET /api/v1/insights` (src/adapters/http/insights.routes.ts, docs/metrics.md). */
export interface Insights {
  period: { from: string; to: string; bucket: Bucket; timezone: string };
  filters: { severity: string | null; service: string | null; platform: string | null };
  asOf: string;
  incidents: {
    total: number;
    canceled: number;
    reopened: number;
    bySeverity: Record<string, number>;
  };
  overTime: { bucket: string; total: number; bySeverity: Record<string, number> }[];
  timeTo: TimeTo;
  /** The same durations per peak severity (`none` when never set). */
  timeToBySeverity: Record<string, TimeTo>;
  timeInStatus: Record<string, Distribution>;
  postmortem: { published: number; completion: Distribution };
  actions: {
    total: number;
    done: number;
    deferred: number;
    open: number;
    inProgress: number;
    overdue: number;
    completionRate: number | null;
  };
  load: { commander: RoleLoad; investigator: RoleLoad };
  repeatsByService: { service: string; incidents: number; repeats: number }[];
}

export type Bucket = 'day' | 'week' | 'month';

/** What the insights page asks for: the period (ISO instants), the bucket and the filters ('' = all). */
export interface InsightsFilter {
  from: string;
  to: string;
  bucket: Bucket;
  severity: string;
  service: string;
  platform: string;
}

/** The query string of `GET /api/v1/insights` for a filter (empty filters left out). */
export function insightsQuery(filter: InsightsFilter): string {
  const params = new URLSearchParams({ from: filter.from, to: filter.to, bucket: filter.bucket });
  if (filter.severity !== '') params.set('severity', filter.severity);
  if (filter.service !== '') params.set('service', filter.service);
  if (filter.platform !== '') params.set('platform', filter.platform);
  return params.toString();
}

export function useInsights(filter: InsightsFilter) {
  const query = insightsQuery(filter);
  return useQuery({
    queryKey: ['insights', query],
    queryFn: () => api<Insights>('GET', `/api/v1/insights?${query}`),
    retry: false,
    placeholderData: (previous) => previous,
  });
}
