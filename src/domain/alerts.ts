/**
 * Alerts from monitoring tools: the normalised shape every sender's payload becomes, the dedup
 * state transitions of one fingerprint, where a new alert goes (an incident, a report, a new
 * report, nowhere) and convergence read from the alerts. Pure: no I/O, no clock.
 */

export const ALERT_SOURCE_KINDS = ['alertmanager', 'grafana', 'pagerduty', 'sentry', 'generic'] as const;
export type AlertSourceKind = (typeof ALERT_SOURCE_KINDS)[number];

export function isAlertSourceKind(value: string): value is AlertSourceKind {
  return (ALERT_SOURCE_KINDS as readonly string[]).includes(value);
}

export type AlertStatus = 'firing' | 'resolved';

/** What a delivery says about one alert. */
export type AlertSignal = 'firing' | 'resolved' | 'acknowledged';

/** One alert of a delivery, whatever tool sent it. */
export interface IncomingAlert {
  /** The tool's identity of the alert (Alertmanager fingerprint, PagerDuty dedup_key, Sentry issue id). */
  fingerprint: string;
  signal: AlertSignal;
  title: string;
  description: string;
  labels: Record<string, string>;
  /** When the problem started, by the tool's own clock (time to detect starts here). */
  startsAt: Date;
  /** Whether `startsAt` came from the tool (false: it is the time hikeshi received it). */
  hasOwnStart: boolean;
  endsAt: Date | null;
  link: string | null;
}

/** The latest stored row of a fingerprint, as far as the transitions need it. */
export interface KnownAlert {
  status: AlertStatus;
  startsAt: Date;
}

export type AlertPlan =
  | { kind: 'open' }
  | { kind: 'repeat' }
  | { kind: 'acknowledge' }
  | { kind: 'resolve' }
  | { kind: 'ignore'; reason: 'replay' | 'unknown' | 'stale' };

/**
 * What one incoming alert does to its fingerprint's latest row:
 * - nothing known, firing → open a new alert; resolved or acknowledged → ignore (unknown);
 * - open row: firing → repeat (count, last seen); resolved → resolve; acknowledged → acknowledge;
 * - resolved row: firing with the same start as the resolved one → a replayed delivery, ignored;
 *   firing that started before it → stale, ignored; otherwise a new episode opens a new alert
 *   (a PagerDuty trigger with the dedup_key of a resolved alert opens a new one);
 *   resolved or acknowledged again → replay, ignored.
 */
export function planAlert(known: KnownAlert | undefined, incoming: Pick<IncomingAlert, 'signal' | 'startsAt' | 'hasOwnStart'>): AlertPlan {
  if (!known) return incoming.signal === 'firing' ? { kind: 'open' } : { kind: 'ignore', reason: 'unknown' };
  if (known.status === 'firing') {
    if (incoming.signal === 'firing') return { kind: 'repeat' };
    return incoming.signal === 'resolved' ? { kind: 'resolve' } : { kind: 'acknowledge' };
  }
  if (incoming.signal !== 'firing') return { kind: 'ignore', reason: 'replay' };
  if (incoming.hasOwnStart) {
    const diff = incoming.startsAt.getTime() - known.startsAt.getTime();
    if (diff === 0) return { kind: 'ignore', reason: 'replay' };
    if (diff < 0) return { kind: 'ignore', reason: 'stale' };
  }
  return { kind: 'open' };
}

/** What a source (or a rule) does with a new alert: record it, open a report, or also page triage. */
export type AlertAction = 'record' | 'report' | 'page';
export const ALERT_ACTIONS: readonly AlertAction[] = ['record', 'report', 'page'];

/** The group a new alert belongs to, as stored: its current report or incident. */
export interface GroupTarget {
  reportId: string | null;
  /** `reported` / `investigating` (open), or final. */
  reportIsOpen: boolean;
  /** The incident the report became (declared or merged) or the group attached to. */
  incidentId: string | null;
  incidentIsActive: boolean;
  lastAlertAt: Date;
}

export type Placement =
  | { kind: 'incident'; incidentId: string }
  | { kind: 'report'; reportId: string }
  | { kind: 'new_report' }
  | { kind: 'none' };

/**
 * Where a new alert goes: the group's active incident first (the alert is evidence on its
 * timeline), else the group's open report while the grouping window runs, else a new report —
 * unless the action is `record`, which never opens a report.
 */
export function placeAlert(
  group: GroupTarget | undefined,
  action: AlertAction,
  now: Date,
  windowMinutes: number,
): Placement {
  if (group?.incidentId && group.incidentIsActive) return { kind: 'incident', incidentId: group.incidentId };
  if (group?.reportId && group.reportIsOpen && now.getTime() - group.lastAlertAt.getTime() <= windowMinutes * 60_000) {
    return { kind: 'report', reportId: group.reportId };
  }
  return action === 'record' ? { kind: 'none' } : { kind: 'new_report' };
}

/** What convergence-from-signals sees of a `monitoring` incident. */
export interface ConvergenceInput {
  isMonitoring: boolean;
  /** Related alerts still firing. */
  firingAlerts: number;
  /** Whether the incident has any related alert at all (no alerts: nothing to read convergence from). */
  hasAlerts: boolean;
  monitoringSince: Date | null;
  /** Last related alert (firing or resolving) or report while monitoring. */
  lastSignalAt: Date | null;
  /** When the last related alert resolved. */
  lastResolvedAt: Date | null;
  watchMinutes: number;
  now: Date;
}

export type ConvergenceState =
  | { state: 'not_applicable' }
  | { state: 'firing' }
  | { state: 'waiting'; readyAt: Date }
  | { state: 'ready'; quietSince: Date };

/**
 * Ready to resolve: monitoring, every related alert resolved, and nothing new (alert or report)
 * for the severity's watch window since the latest of entering monitoring, the last signal and
 * the last resolve.
 */
export function convergenceState(input: ConvergenceInput): ConvergenceState {
  if (!input.isMonitoring || !input.hasAlerts || !input.monitoringSince) return { state: 'not_applicable' };
  if (input.firingAlerts > 0) return { state: 'firing' };
  const quietSince = [input.monitoringSince, input.lastSignalAt, input.lastResolvedAt]
    .filter((d): d is Date => d !== null)
    .reduce((a, b) => (a > b ? a : b));
  const readyAt = new Date(quietSince.getTime() + input.watchMinutes * 60_000);
  return input.now >= readyAt ? { state: 'ready', quietSince } : { state: 'waiting', readyAt };
}
