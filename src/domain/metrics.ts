import type { ActionStatus, IncidentStatus } from './incident.ts';
import { localDay, type Bucket } from './metrics-days.ts';
import { actionCounts, holderCounts, incidentFacts, peakSeverity } from './metrics-facts.ts';
import { computeFigures } from './metrics-figures.ts';
import type { Distribution } from './metrics-stats.ts';

export { bucketOf, localDay, type Bucket } from './metrics-days.ts';
export {
  finalResolution,
  incidentFacts,
  peakSeverity,
  responseStart,
  severitiesAbove,
  statusDurations,
  wasReopened,
  type ActionCount,
  type HolderCount,
  type IncidentFacts,
} from './metrics-facts.ts';
export { computeFigures, type FiguresInput } from './metrics-figures.ts';

/**
 * The insights: figures computed from incidents' milestones, status and severity changes, roles
 * and actions (docs/metrics.md defines each one). Pure: the store fetches the rows, this computes.
 * `computeInsights` takes whole incidents and is the reference; a request takes the same path from
 * each incident's facts (metrics-facts.ts, kept by the store) into `computeFigures`.
 */

export interface MetricIncident {
  id: string;
  number: number;
  /** The current severity. */
  severity: string | null;
  service: string | null;
  platforms: readonly string[];
  status: IncidentStatus;
  impactStartedAt: Date | null;
  detectedAt: Date | null;
  reportedAt: Date | null;
  declaredAt: Date;
  acknowledgedAt: Date | null;
  mitigatedAt: Date | null;
  resolvedAt: Date | null;
  postmortemPublishedAt: Date | null;
  canceledAt: Date | null;
  /** Status changes in order (from the timeline). */
  statusChanges: readonly { at: Date; from: string; to: string }[];
  /** Severity changes in order (from the timeline). */
  severityChanges: readonly { at: Date; from: string | null; to: string }[];
  /** Everyone who held a role in the incident. */
  roles: readonly { role: string; userId: string; name: string }[];
}

export interface MetricAction {
  incidentId: string;
  status: ActionStatus;
  /** `YYYY-MM-DD`. */
  dueDate: string;
}

export interface InsightsInput {
  incidents: readonly MetricIncident[];
  actions: readonly MetricAction[];
  /** Severity ids, most severe first (the playbook's order). */
  severityOrder: readonly string[];
  timezone: string;
  bucket: Bucket;
  /** When the figures are taken: stays still open are measured to it; "overdue" is against its date. */
  asOf: Date;
  filters?: { severity?: string | undefined; service?: string | undefined; platform?: string | undefined };
}

export interface TimeTo {
  detect: Distribution;
  acknowledge: Distribution;
  mitigate: Distribution;
  resolve: Distribution;
}

export interface PersonLoad {
  userId: string;
  name: string;
  incidents: number;
}

export interface Insights {
  incidents: { total: number; canceled: number; reopened: number; bySeverity: Record<string, number> };
  overTime: { bucket: string; total: number; bySeverity: Record<string, number> }[];
  timeTo: TimeTo;
  /** The same four durations per peak severity (`none` when never set), severities with live incidents only. */
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
    /** done ÷ (total − deferred); null without actions to do. */
    completionRate: number | null;
  };
  load: Record<'commander' | 'investigator', { people: PersonLoad[]; topShare: number | null; hhi: number | null }>;
  repeatsByService: { service: string; incidents: number; repeats: number }[];
}

/**
 * Everything the insights page shows, for the incidents given (already limited to the period):
 * the filters applied, then each incident's facts, the role holders and the actions counted, and
 * the figures computed from those.
 */
export function computeInsights(input: InsightsInput): Insights {
  const { severityOrder, filters = {} } = input;
  const chosen = input.incidents.filter(
    (incident) =>
      (filters.severity === undefined || peakSeverity(incident, severityOrder) === filters.severity) &&
      (filters.service === undefined || incident.service === filters.service) &&
      (filters.platform === undefined || incident.platforms.includes(filters.platform)),
  );
  const ids = new Set(chosen.map((incident) => incident.id));
  return computeFigures({
    incidents: chosen.map(incidentFacts),
    holders: holderCounts(chosen),
    actions: actionCounts(
      input.actions.filter((a) => ids.has(a.incidentId)),
      localDay(input.asOf, input.timezone),
    ),
    severityOrder,
    timezone: input.timezone,
    bucket: input.bucket,
    asOf: input.asOf,
  });
}
