import type { ActionStatus, IncidentStatus } from './incident.ts';
import { concentration, distribution, round4, secondsBetween, type Distribution } from './metrics-stats.ts';
import { wallClockAt } from './wall-clock.ts';

/**
 * The insights: figures computed from incidents' milestones, status and severity changes, roles
 * and actions (docs/metrics.md defines each one). Pure: the store fetches the rows, this computes.
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

export type Bucket = 'day' | 'week' | 'month';

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

/** The severity an incident counts under: the most severe it ever had (a SEV3 raised to SEV1 is a SEV1). */
export function peakSeverity(incident: Pick<MetricIncident, 'severity' | 'severityChanges'>, order: readonly string[]): string | null {
  const rank = (s: string) => {
    const i = order.indexOf(s);
    return i === -1 ? order.length : i;
  };
  // The current severity, then each change's from and to: the first of the best rank wins.
  let best: string | null = null;
  const consider = (s: string | null) => {
    if (s !== null && (best === null || rank(s) < rank(best))) best = s;
  };
  consider(incident.severity);
  for (const change of incident.severityChanges) {
    consider(change.from);
    consider(change.to);
  }
  return best;
}

/** When the response clock starts: detection, else the report, else the declaration. */
export function responseStart(incident: MetricIncident): Date {
  return incident.detectedAt ?? incident.reportedAt ?? incident.declaredAt;
}

/**
 * When the incident was finally resolved. The milestone keeps the first resolution; when the
 * incident was reopened after it (resolved → responding), the last entry into `resolved` after
 * the reopening counts, or nothing while it is not resolved again.
 */
export function finalResolution(incident: MetricIncident): Date | null {
  const milestone = incident.resolvedAt;
  if (!milestone) return null;
  // findLast, not a reversed copy: this runs several times per incident at a year of them.
  const changes = incident.statusChanges;
  const reopen = changes.findLast((c) => c.from === 'resolved' && c.to === 'responding' && c.at.getTime() >= milestone.getTime());
  if (!reopen) return milestone;
  const again = changes.findLast((c) => c.to === 'resolved' && c.at.getTime() > reopen.at.getTime());
  return again ? again.at : null;
}

/** Whether the incident came back: monitoring → responding or resolved → responding. */
export function wasReopened(incident: MetricIncident): boolean {
  return incident.statusChanges.some(
    (c) => c.to === 'responding' && (c.from === 'monitoring' || c.from === 'resolved'),
  );
}

/** Seconds spent in each status (visits summed); a stay still going is measured to `asOf`. */
export function statusDurations(incident: MetricIncident, asOf: Date): Record<string, number> {
  const out: Record<string, number> = {};
  const changes = incident.statusChanges;
  const first = changes[0];
  // The status before the first change started at the declaration.
  let current = first ? first.from : incident.status;
  let since = incident.declaredAt;
  for (const change of changes) {
    out[current] = (out[current] ?? 0) + Math.max(0, change.at.getTime() - since.getTime()) / 1000;
    current = change.to;
    since = change.at;
  }
  if (current !== 'closed' && current !== 'canceled') {
    out[current] = (out[current] ?? 0) + Math.max(0, asOf.getTime() - since.getTime()) / 1000;
  }
  return out;
}

/** Everything the insights page shows, for the incidents given (already limited to the period). */
export function computeInsights(input: InsightsInput): Insights {
  const { severityOrder, filters = {} } = input;
  const withPeak = input.incidents.map((incident) => ({ incident, peak: peakSeverity(incident, severityOrder) }));
  const chosen = withPeak.filter(
    ({ incident, peak }) =>
      (filters.severity === undefined || peak === filters.severity) &&
      (filters.service === undefined || incident.service === filters.service) &&
      (filters.platform === undefined || incident.platforms.includes(filters.platform)),
  );
  const live = chosen.filter(({ incident }) => incident.status !== 'canceled');
  const bySeverity: Record<string, number> = {};
  for (const { peak } of chosen) bySeverity[peak ?? 'none'] = (bySeverity[peak ?? 'none'] ?? 0) + 1;

  const collect = (pick: (i: MetricIncident) => number | null) =>
    distribution(live.map(({ incident }) => pick(incident)).filter((v): v is number => v !== null));

  const statusValues: Record<string, number[]> = {};
  for (const { incident } of chosen) {
    const durations = statusDurations(incident, input.asOf);
    // for…in rather than Object.entries: no pair arrays for every status of every incident.
    for (const status in durations) (statusValues[status] ??= []).push(durations[status] ?? 0);
  }
  const timeInStatus: Record<string, Distribution> = {};
  for (const [status, values] of Object.entries(statusValues)) timeInStatus[status] = distribution(values);

  const ids = new Set(chosen.map(({ incident }) => incident.id));
  return {
    incidents: {
      total: chosen.length,
      canceled: chosen.length - live.length,
      reopened: chosen.filter(({ incident }) => wasReopened(incident)).length,
      bySeverity,
    },
    overTime: overTime(chosen, input),
    timeTo: timeTo(live.map(({ incident }) => incident)),
    timeToBySeverity: timeToBySeverity(live),
    timeInStatus,
    postmortem: {
      published: live.filter(({ incident }) => incident.postmortemPublishedAt !== null).length,
      completion: collect((i) => secondsBetween(finalResolution(i) ?? i.resolvedAt, i.postmortemPublishedAt)),
    },
    actions: actionFigures(input.actions.filter((a) => ids.has(a.incidentId)), localDay(input.asOf, input.timezone)),
    load: {
      commander: loadOf(live.map(({ incident }) => incident), 'commander'),
      investigator: loadOf(live.map(({ incident }) => incident), 'investigator'),
    },
    repeatsByService: repeats(live.map(({ incident }) => incident)),
  };
}

function timeTo(incidents: readonly MetricIncident[]): TimeTo {
  const collect = (pick: (i: MetricIncident) => number | null) =>
    distribution(incidents.map(pick).filter((v): v is number => v !== null));
  return {
    detect: collect((i) => secondsBetween(i.impactStartedAt, i.detectedAt)),
    acknowledge: collect((i) => secondsBetween(responseStart(i), i.acknowledgedAt)),
    mitigate: collect((i) => secondsBetween(responseStart(i), i.mitigatedAt ?? finalResolution(i))),
    resolve: collect((i) => secondsBetween(responseStart(i), finalResolution(i))),
  };
}

function timeToBySeverity(live: readonly { incident: MetricIncident; peak: string | null }[]): Record<string, TimeTo> {
  const groups = new Map<string, MetricIncident[]>();
  for (const { incident, peak } of live) {
    const key = peak ?? 'none';
    const group = groups.get(key);
    if (group) group.push(incident);
    else groups.set(key, [incident]);
  }
  return Object.fromEntries([...groups.entries()].map(([severity, incidents]) => [severity, timeTo(incidents)]));
}

function actionFigures(actions: readonly MetricAction[], today: string): Insights['actions'] {
  const count = (status: ActionStatus) => actions.filter((a) => a.status === status).length;
  const done = count('done');
  const deferred = count('deferred');
  const toDo = actions.length - deferred;
  return {
    total: actions.length,
    done,
    deferred,
    open: count('open'),
    inProgress: count('in_progress'),
    overdue: actions.filter((a) => (a.status === 'open' || a.status === 'in_progress') && a.dueDate < today).length,
    completionRate: toDo === 0 ? null : round4(done / toDo),
  };
}

function loadOf(incidents: readonly MetricIncident[], role: string) {
  const people = new Map<string, PersonLoad>();
  for (const incident of incidents) {
    const { roles } = incident;
    roles.forEach((holder, index) => {
      // A person counts once per incident, however many times they held the role in it.
      if (holder.role !== role || roles.findIndex((r) => r.role === role && r.userId === holder.userId) !== index) return;
      const person = people.get(holder.userId);
      if (person) person.incidents += 1;
      else people.set(holder.userId, { userId: holder.userId, name: holder.name, incidents: 1 });
    });
  }
  // The user id last: two people of the same name and load keep one order whatever the rows' order.
  const list = [...people.values()].sort(
    (a, b) => b.incidents - a.incidents || a.name.localeCompare(b.name) || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0),
  );
  return { people: list, ...concentration(list.map((p) => p.incidents)) };
}

function repeats(incidents: readonly MetricIncident[]): Insights['repeatsByService'] {
  const counts = new Map<string, number>();
  for (const i of incidents) if (i.service) counts.set(i.service, (counts.get(i.service) ?? 0) + 1);
  return [...counts.entries()]
    .map(([service, n]) => ({ service, incidents: n, repeats: n - 1 }))
    .sort((a, b) => b.incidents - a.incidents || a.service.localeCompare(b.service));
}

function overTime(
  chosen: readonly { incident: MetricIncident; peak: string | null }[],
  input: InsightsInput,
): Insights['overTime'] {
  const buckets = new Map<string, { bucket: string; total: number; bySeverity: Record<string, number> }>();
  // Many incidents share a day: its bucket is worked out once.
  const bucketByDay = new Map<string, string>();
  for (const { incident, peak } of chosen) {
    const day = localDay(incident.declaredAt, input.timezone);
    let key = bucketByDay.get(day);
    if (key === undefined) {
      key = bucketOfDay(day, input.bucket);
      bucketByDay.set(day, key);
    }
    const entry = buckets.get(key) ?? { bucket: key, total: 0, bySeverity: {} };
    entry.total += 1;
    entry.bySeverity[peak ?? 'none'] = (entry.bySeverity[peak ?? 'none'] ?? 0) + 1;
    buckets.set(key, entry);
  }
  return [...buckets.values()].sort((a, b) => a.bucket.localeCompare(b.bucket));
}

/** One formatter per time zone: making one costs ~0.2 ms, as much as formatting a thousand dates. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();
const DAY_MS = 86_400_000;

/**
 * Per time zone, per UTC day (days since the epoch): the zone's UTC offset in ms through that
 * whole UTC day, or null when it changes within it. Formatting a date in a zone costs a few µs,
 * which at a year of incidents was a tenth of the insights' time. The time zone database has no
 * zone changing its offset twice within 24 hours, so equal offsets at a UTC day's first and last
 * second mean one offset throughout, and its dates are plain arithmetic; a day whose offset
 * changes is formatted instant by instant. Bounded: cleared past MAX_CACHED_DAYS per zone.
 */
const dayOffsets = new Map<string, Map<number, number | null>>();
const MAX_CACHED_DAYS = 20_000;

/** The local date (`YYYY-MM-DD`) of an instant in a time zone. */
export function localDay(at: Date, timezone: string): string {
  const t = at.getTime();
  const offset = utcDayOffset(Math.floor(t / DAY_MS), timezone);
  if (offset === null) return formattedDay(at, timezone);
  return new Date(t + offset).toISOString().slice(0, 10);
}

/** The local date as Intl formats it (the reference; used on days when the offset changes). */
function formattedDay(at: Date, timezone: string): string {
  let format = dayFormats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timezone, format);
  }
  return format.format(at);
}

function utcDayOffset(day: number, timezone: string): number | null {
  let offsets = dayOffsets.get(timezone);
  if (!offsets || offsets.size > MAX_CACHED_DAYS) {
    offsets = new Map();
    dayOffsets.set(timezone, offsets);
  }
  const cached = offsets.get(day);
  if (cached !== undefined) return cached;
  const first = offsetAt(day * DAY_MS, timezone);
  const last = offsetAt(day * DAY_MS + DAY_MS - 1000, timezone);
  const offset = first !== null && first === last ? first : null;
  offsets.set(day, offset);
  return offset;
}

/** The zone's offset from UTC at a whole second `t` (ms), or null when the year is out of range. */
function offsetAt(t: number, timezone: string): number | null {
  const { year, month, day, hour, minute, second } = wallClockAt(t, timezone);
  if (year === undefined || year < 1000 || year > 9999 || month === undefined || day === undefined) return null;
  return Date.UTC(year, month - 1, day, hour ?? 0, minute ?? 0, second ?? 0) - t;
}

/** The first day of the bucket holding `at`: the day, the Monday of its week, or the 1st of its month. */
export function bucketOf(at: Date, timezone: string, bucket: Bucket): string {
  return bucketOfDay(localDay(at, timezone), bucket);
}

/** The first day of the bucket holding the local date `day` (`YYYY-MM-DD`). */
function bucketOfDay(day: string, bucket: Bucket): string {
  if (bucket === 'day') return day;
  if (bucket === 'month') return `${day.slice(0, 7)}-01`;
  const date = new Date(`${day}T00:00:00Z`);
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  return new Date(date.getTime() - sinceMonday * 86_400_000).toISOString().slice(0, 10);
}

