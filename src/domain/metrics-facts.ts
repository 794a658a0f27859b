import type { ActionStatus } from './incident.ts';
import type { MetricAction, MetricIncident } from './metrics.ts';
import { secondsBetween } from './metrics-stats.ts';

/**
 * Each incident's part of the insights, as plain numbers (docs/metrics.md defines each one). The
 * definitions over an incident's milestones and changes live here once: `incidentFacts` derives
 * from them everything the figures need, so the store can keep the facts per incident and a
 * request reads numbers instead of rebuilding every incident's milestones and changes.
 */

/** What the figures need of one incident. Durations in seconds, instants in ms since the epoch. */
export interface IncidentFacts {
  declaredAt: number;
  isCanceled: boolean;
  /** Every severity it had (the current one, then each change's from and to), each once: its peak under the playbook's order. */
  severities: string[];
  service: string | null;
  isReopened: boolean;
  isPostmortemPublished: boolean;
  /** null when an end is missing or the order is reversed. */
  detect: number | null;
  acknowledge: number | null;
  mitigate: number | null;
  resolve: number | null;
  postmortemCompletion: number | null;
  /** Seconds per status of the stays already over, summed in visit order; keys in the order first visited. */
  finishedStays: Record<string, number>;
  /** The stay still going (measured to `asOf` when the figures are taken); null once closed or canceled. */
  openStay: { status: string; since: number } | null;
}

/** One person's holdings of one role: the incidents (canceled left out) in which they held it, each once. */
export interface HolderCount {
  role: string;
  userId: string;
  name: string;
  incidents: number;
}

/** The actions of one status, and how many of them were due before today. */
export interface ActionCount {
  status: ActionStatus;
  count: number;
  pastDue: number;
}

/** The facts of an incident (its changes in timeline order). */
export function incidentFacts(incident: MetricIncident): IncidentFacts {
  const resolution = finalResolution(incident);
  const start = responseStart(incident);
  return {
    declaredAt: incident.declaredAt.getTime(),
    isCanceled: isCanceled(incident),
    severities: severitiesHeld(incident),
    service: incident.service,
    isReopened: wasReopened(incident),
    isPostmortemPublished: incident.postmortemPublishedAt !== null,
    detect: secondsBetween(incident.impactStartedAt, incident.detectedAt),
    acknowledge: secondsBetween(start, incident.acknowledgedAt),
    mitigate: secondsBetween(start, incident.mitigatedAt ?? resolution),
    resolve: secondsBetween(start, resolution),
    postmortemCompletion: secondsBetween(resolution ?? incident.resolvedAt, incident.postmortemPublishedAt),
    ...statusStays(incident),
  };
}

/** Canceled incidents (false alarms) are counted, and left out of every duration, load and repeat figure. */
export function isCanceled(incident: Pick<MetricIncident, 'status'>): boolean {
  return incident.status === 'canceled';
}

/** The severities an incident had, in the order its peak considers them (current first), each once. */
export function severitiesHeld(incident: Pick<MetricIncident, 'severity' | 'severityChanges'>): string[] {
  const held: string[] = [];
  const add = (s: string | null) => {
    if (s !== null && !held.includes(s)) held.push(s);
  };
  add(incident.severity);
  for (const change of incident.severityChanges) {
    add(change.from);
    add(change.to);
  }
  return held;
}

/** The most severe of these (the playbook's order, most severe first; unknown ones last): the first of the best rank. */
export function peakOf(severities: readonly string[], order: readonly string[]): string | null {
  const rank = (s: string) => {
    const i = order.indexOf(s);
    return i === -1 ? order.length : i;
  };
  let best: string | null = null;
  for (const s of severities) if (best === null || rank(s) < rank(best)) best = s;
  return best;
}

/**
 * The severities more severe than `severity` in the playbook's order. An incident's peak is
 * `severity` exactly when it had `severity` and none of these (what the store's severity filter
 * asks; test/learning/metrics-facts.test.ts checks it against `peakOf`).
 */
export function severitiesAbove(severity: string, order: readonly string[]): string[] {
  const index = order.indexOf(severity);
  return index === -1 ? [...order] : order.slice(0, index);
}

/** The severity an incident counts under: the most severe it ever had (a SEV3 raised to SEV1 is a SEV1). */
export function peakSeverity(incident: Pick<MetricIncident, 'severity' | 'severityChanges'>, order: readonly string[]): string | null {
  return peakOf(severitiesHeld(incident), order);
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

/** The stays over (seconds per status, visits summed in order) and the one still going, if any. */
export function statusStays(incident: MetricIncident): Pick<IncidentFacts, 'finishedStays' | 'openStay'> {
  const finishedStays: Record<string, number> = {};
  const changes = incident.statusChanges;
  const first = changes[0];
  // The status before the first change started at the declaration.
  let current = first ? first.from : incident.status;
  let since = incident.declaredAt.getTime();
  for (const change of changes) {
    finishedStays[current] = (finishedStays[current] ?? 0) + Math.max(0, change.at.getTime() - since) / 1000;
    current = change.to;
    since = change.at.getTime();
  }
  const isOver = current === 'closed' || current === 'canceled';
  return { finishedStays, openStay: isOver ? null : { status: current, since } };
}

/**
 * Seconds spent in each status (visits summed; keys in the order first visited); a stay still
 * going is measured to `asOf`, added after the stays over (the same additions in the same order
 * whether the stays were just derived or kept).
 */
export function stayDurations(stays: Pick<IncidentFacts, 'finishedStays' | 'openStay'>, asOf: number): Record<string, number> {
  const out: Record<string, number> = { ...stays.finishedStays };
  const open = stays.openStay;
  if (open) out[open.status] = (out[open.status] ?? 0) + Math.max(0, asOf - open.since) / 1000;
  return out;
}

/** Seconds spent in each status (visits summed); a stay still going is measured to `asOf`. */
export function statusDurations(incident: MetricIncident, asOf: Date): Record<string, number> {
  return stayDurations(statusStays(incident), asOf.getTime());
}

/** Per role and person, the live incidents in which they held the role (a person who held it twice in one incident counts once). */
export function holderCounts(incidents: readonly MetricIncident[]): HolderCount[] {
  const counts = new Map<string, HolderCount>();
  for (const incident of incidents) {
    if (isCanceled(incident)) continue;
    const seen = new Set<string>();
    for (const holder of incident.roles) {
      const key = `${holder.role}\u0000${holder.userId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const count = counts.get(key);
      if (count) count.incidents += 1;
      else counts.set(key, { role: holder.role, userId: holder.userId, name: holder.name, incidents: 1 });
    }
  }
  return [...counts.values()];
}

/** The actions per status, and per status those due before `today` (`YYYY-MM-DD`). */
export function actionCounts(actions: readonly MetricAction[], today: string): ActionCount[] {
  const counts = new Map<ActionStatus, ActionCount>();
  for (const action of actions) {
    const count = counts.get(action.status) ?? { status: action.status, count: 0, pastDue: 0 };
    count.count += 1;
    if (action.dueDate < today) count.pastDue += 1;
    counts.set(action.status, count);
  }
  return [...counts.values()];
}
