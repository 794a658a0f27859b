import type { ActionStatus } from './incident.ts';
import { bucketOfDay, localDayAt, type Bucket } from './metrics-days.ts';
import { peakOf, type ActionCount, type HolderCount, type IncidentFacts } from './metrics-facts.ts';
import { concentration, distribution, round4 } from './metrics-stats.ts';
import type { Insights, PersonLoad, TimeTo } from './metrics.ts';

/**
 * The figures from each chosen incident's facts, the role holders' counts and the actions' counts
 * (docs/metrics.md). Every figure is computed here and only here: `computeInsights` derives these
 * inputs from whole incidents, the store reads them kept per incident or counted in SQL.
 */

export interface FiguresInput {
  /** The incidents that pass the filters, in declaration order (then id): the order keys appear in. */
  incidents: readonly IncidentFacts[];
  /** Holdings per role and person over the live incidents among them. */
  holders: readonly HolderCount[];
  /** Their actions per status. */
  actions: readonly ActionCount[];
  /** Severity ids, most severe first (the playbook's order). */
  severityOrder: readonly string[];
  timezone: string;
  bucket: Bucket;
  /** When the figures are taken: stays still open are measured to it. */
  asOf: Date;
}

type Duration = 'detect' | 'acknowledge' | 'mitigate' | 'resolve';

/** Everything the insights page shows, from the facts of the incidents chosen. */
export function computeFigures(input: FiguresInput): Insights {
  const chosen = input.incidents;
  const peaks = chosen.map((facts) => peakOf(facts.severities, input.severityOrder) ?? 'none');
  const live = chosen.filter((facts) => !facts.isCanceled);
  const bySeverity: Record<string, number> = {};
  for (const peak of peaks) bySeverity[peak] = (bySeverity[peak] ?? 0) + 1;
  const bySeverityLive = new Map<string, IncidentFacts[]>();
  chosen.forEach((facts, index) => {
    if (facts.isCanceled) return;
    const peak = peaks[index] ?? 'none';
    const group = bySeverityLive.get(peak);
    if (group) group.push(facts);
    else bySeverityLive.set(peak, [facts]);
  });
  return {
    incidents: {
      total: chosen.length,
      canceled: chosen.length - live.length,
      reopened: chosen.filter((facts) => facts.isReopened).length,
      bySeverity,
    },
    overTime: overTime(chosen, peaks, input),
    timeTo: timeTo(live),
    timeToBySeverity: Object.fromEntries([...bySeverityLive].map(([severity, group]) => [severity, timeTo(group)])),
    timeInStatus: timeInStatus(chosen, input.asOf.getTime()),
    postmortem: {
      published: live.filter((facts) => facts.isPostmortemPublished).length,
      completion: collect(live, 'postmortemCompletion'),
    },
    actions: actionFigures(input.actions),
    load: { commander: loadOf(input.holders, 'commander'), investigator: loadOf(input.holders, 'investigator') },
    repeatsByService: repeats(live),
  };
}

function collect(incidents: readonly IncidentFacts[], key: Duration | 'postmortemCompletion') {
  const values: number[] = [];
  for (const facts of incidents) {
    const value = facts[key];
    if (value !== null) values.push(value);
  }
  return distribution(values);
}

function timeTo(incidents: readonly IncidentFacts[]): TimeTo {
  return {
    detect: collect(incidents, 'detect'),
    acknowledge: collect(incidents, 'acknowledge'),
    mitigate: collect(incidents, 'mitigate'),
    resolve: collect(incidents, 'resolve'),
  };
}

/** Per status, each incident's time in it (visits summed; a stay still going measured to `asOf`). */
function timeInStatus(incidents: readonly IncidentFacts[], asOf: number): Insights['timeInStatus'] {
  const values: Record<string, number[]> = {};
  for (const { finishedStays, openStay } of incidents) {
    // The same keys and additions as stayDurations, without a copy of every incident's stays.
    for (const status in finishedStays) {
      const over = finishedStays[status] ?? 0;
      const value = openStay?.status === status ? over + Math.max(0, asOf - openStay.since) / 1000 : over;
      (values[status] ??= []).push(value);
    }
    if (openStay && !(openStay.status in finishedStays)) {
      (values[openStay.status] ??= []).push(0 + Math.max(0, asOf - openStay.since) / 1000);
    }
  }
  const out: Insights['timeInStatus'] = {};
  for (const status in values) out[status] = distribution(values[status] ?? []);
  return out;
}

function actionFigures(counts: readonly ActionCount[]): Insights['actions'] {
  const of = (status: ActionStatus) => counts.find((c) => c.status === status);
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  const done = of('done')?.count ?? 0;
  const deferred = of('deferred')?.count ?? 0;
  const toDo = total - deferred;
  return {
    total,
    done,
    deferred,
    open: of('open')?.count ?? 0,
    inProgress: of('in_progress')?.count ?? 0,
    overdue: (of('open')?.pastDue ?? 0) + (of('in_progress')?.pastDue ?? 0),
    completionRate: toDo === 0 ? null : round4(done / toDo),
  };
}

function loadOf(holders: readonly HolderCount[], role: string) {
  const people: PersonLoad[] = holders
    .filter((h) => h.role === role)
    .map((h) => ({ userId: h.userId, name: h.name, incidents: h.incidents }));
  // The user id last: two people of the same name and load keep one order whatever the rows' order.
  people.sort(
    (a, b) => b.incidents - a.incidents || a.name.localeCompare(b.name) || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0),
  );
  return { people, ...concentration(people.map((p) => p.incidents)) };
}

function repeats(live: readonly IncidentFacts[]): Insights['repeatsByService'] {
  const counts = new Map<string, number>();
  for (const facts of live) if (facts.service) counts.set(facts.service, (counts.get(facts.service) ?? 0) + 1);
  return [...counts.entries()]
    .map(([service, n]) => ({ service, incidents: n, repeats: n - 1 }))
    .sort((a, b) => b.incidents - a.incidents || a.service.localeCompare(b.service));
}

function overTime(chosen: readonly IncidentFacts[], peaks: readonly string[], input: FiguresInput): Insights['overTime'] {
  const buckets = new Map<string, { bucket: string; total: number; bySeverity: Record<string, number> }>();
  // Many incidents share a day: its bucket is worked out once.
  const bucketByDay = new Map<string, string>();
  chosen.forEach((facts, index) => {
    const day = localDayAt(facts.declaredAt, input.timezone);
    let key = bucketByDay.get(day);
    if (key === undefined) {
      key = bucketOfDay(day, input.bucket);
      bucketByDay.set(day, key);
    }
    const peak = peaks[index] ?? 'none';
    const entry = buckets.get(key) ?? { bucket: key, total: 0, bySeverity: {} };
    entry.total += 1;
    entry.bySeverity[peak] = (entry.bySeverity[peak] ?? 0) + 1;
    buckets.set(key, entry);
  });
  return [...buckets.values()].sort((a, b) => a.bucket.localeCompare(b.bucket));
}
