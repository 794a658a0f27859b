import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERTING, routeAlert, type AlertingPolicy } from '../../src/domain/alert-routing.ts';
import { convergenceState, placeAlert, type ConvergenceInput, planAlert, type AlertPlan, type GroupTarget, type KnownAlert } from '../../src/domain/alerts.ts';

const T0 = new Date('2025-04-01T00:00:00Z');
const min = (n: number) => new Date(T0.getTime() + n * 60_000);

describe('planAlert: dedup state transitions of one fingerprint', () => {
  const firing: KnownAlert = { status: 'firing', startsAt: min(0) };
  const resolved: KnownAlert = { status: 'resolved', startsAt: min(0) };
  const cases: [string, KnownAlert | undefined, 'firing' | 'resolved' | 'acknowledged', Date, boolean, AlertPlan][] = [
    ['new firing', undefined, 'firing', min(0), true, { kind: 'open' }],
    ['resolve of an unknown alert', undefined, 'resolved', min(0), true, { kind: 'ignore', reason: 'unknown' }],
    ['ack of an unknown alert', undefined, 'acknowledged', min(0), false, { kind: 'ignore', reason: 'unknown' }],
    ['repeat while firing', firing, 'firing', min(0), true, { kind: 'repeat' }],
    ['repeat while firing, other start', firing, 'firing', min(3), true, { kind: 'repeat' }],
    ['resolve while firing', firing, 'resolved', min(0), true, { kind: 'resolve' }],
    ['ack while firing', firing, 'acknowledged', min(0), false, { kind: 'acknowledge' }],
    ['replayed firing after resolve (same start)', resolved, 'firing', min(0), true, { kind: 'ignore', reason: 'replay' }],
    ['stale firing after resolve (older start)', resolved, 'firing', min(-5), true, { kind: 'ignore', reason: 'stale' }],
    ['new episode after resolve (later start)', resolved, 'firing', min(10), true, { kind: 'open' }],
    ['PagerDuty trigger after resolve (no own start)', resolved, 'firing', min(0), false, { kind: 'open' }],
    ['resolve again', resolved, 'resolved', min(0), true, { kind: 'ignore', reason: 'replay' }],
    ['ack after resolve', resolved, 'acknowledged', min(0), false, { kind: 'ignore', reason: 'replay' }],
  ];
  it.each(cases)('%s', (_name, known, signal, startsAt, hasOwnStart, expected) => {
    expect(planAlert(known, { signal, startsAt, hasOwnStart })).toEqual(expected);
  });
});

describe('placeAlert: where a new alert goes', () => {
  const group = (over: Partial<GroupTarget>): GroupTarget => ({
    reportId: 'r1',
    reportIsOpen: true,
    incidentId: null,
    incidentIsActive: false,
    lastAlertAt: min(0),
    ...over,
  });
  const cases: [string, GroupTarget | undefined, 'record' | 'report' | 'page', Date, ReturnType<typeof placeAlert>][] = [
    ['first alert of a group', undefined, 'report', min(0), { kind: 'new_report' }],
    ['first alert, record only', undefined, 'record', min(0), { kind: 'none' }],
    ['open report within the window', group({}), 'report', min(60), { kind: 'report', reportId: 'r1' }],
    ['open report, window over', group({}), 'page', min(61), { kind: 'new_report' }],
    ['record-only joins an open report', group({}), 'record', min(5), { kind: 'report', reportId: 'r1' }],
    ['report dismissed', group({ reportIsOpen: false }), 'report', min(5), { kind: 'new_report' }],
    ['report declared, incident active', group({ reportIsOpen: false, incidentId: 'i1', incidentIsActive: true }), 'report', min(500), { kind: 'incident', incidentId: 'i1' }],
    ['report declared, incident over', group({ reportIsOpen: false, incidentId: 'i1', incidentIsActive: false }), 'report', min(5), { kind: 'new_report' }],
  ];
  it.each(cases)('%s', (_name, target, action, now, expected) => {
    expect(placeAlert(target, action, now, 60)).toEqual(expected);
  });
});

describe('routeAlert: playbook rules', () => {
  const policy: AlertingPolicy = {
    ...DEFAULT_ALERTING,
    grouping: { by: ['service', 'platform'], windowMinutes: 30 },
    sources: { default: 'report', sentry: 'record' },
    rules: [
      { match: { service: ['checkout', 'payments'] }, platform: 'web', severity: 'SEV1', action: 'page' },
      { match: { team: '*' }, sources: ['grafana'], service: 'grafana-team' },
    ],
  };
  const cases: [string, 'alertmanager' | 'grafana' | 'sentry', Record<string, string>, Partial<ReturnType<typeof routeAlert>>][] = [
    ['first rule', 'alertmanager', { service: 'payments', severity: 'warning' }, { service: 'payments', platform: 'web', severity: 'SEV1', action: 'page', groupKey: 'service=payments,platform=web' }],
    ['labels and severity map', 'alertmanager', { app: 'search', platform: 'ios', severity: 'error' }, { service: 'search', platform: 'ios', severity: 'SEV2', action: 'report' }],
    ['source action', 'sentry', { service: 'cart', level: 'warning' }, { service: 'cart', severity: 'SEV3', action: 'record', groupKey: 'service=cart,platform=-' }],
    ['rule limited to a source, wildcard', 'grafana', { team: 'blue' }, { service: 'grafana-team', action: 'report' }],
    ['rule of another source does not match', 'alertmanager', { team: 'blue' }, { service: null, severity: null, groupKey: 'service=-,platform=-' }],
  ];
  it.each(cases)('%s', (_name, kind, labels, expected) => {
    expect(routeAlert(policy, kind, labels)).toMatchObject(expected);
  });
});

describe('convergenceState', () => {
  const base: ConvergenceInput = { isMonitoring: true, firingAlerts: 0, hasAlerts: true, monitoringSince: min(0), lastSignalAt: null, lastResolvedAt: null, watchMinutes: 30, now: min(10) };
  const cases: [string, Partial<ConvergenceInput>, ReturnType<typeof convergenceState>][] = [
    ['not monitoring', { isMonitoring: false }, { state: 'not_applicable' }],
    ['no related alerts', { hasAlerts: false }, { state: 'not_applicable' }],
    ['an alert still fires', { firingAlerts: 1, now: min(100) }, { state: 'firing' }],
    ['quiet, window running', {}, { state: 'waiting', readyAt: min(30) }],
    ['quiet for the window', { now: min(30) }, { state: 'ready', quietSince: min(0) }],
    ['a late resolve restarts the window', { lastResolvedAt: min(20), now: min(40) }, { state: 'waiting', readyAt: min(50) }],
    ['a new report restarts the window', { lastSignalAt: min(25), now: min(55) }, { state: 'ready', quietSince: min(25) }],
  ];
  it.each(cases)('%s', (_name, over, expected) => {
    expect(convergenceState({ ...base, ...over })).toEqual(expected);
  });
});
