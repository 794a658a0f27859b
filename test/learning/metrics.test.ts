import { describe, expect, it } from 'vitest';
import {
  bucketOf,
  computeInsights,
  localDay,
  finalResolution,
  peakSeverity,
  statusDurations,
  type MetricIncident,
} from '../../src/domain/metrics.ts';
import { concentration, distribution, quantile } from '../../src/domain/metrics-stats.ts';

const T = (hhmm: string, day = '2025-04-07') => new Date(`${day}T${hhmm}:00.000Z`);
const ORDER = ['SEV1', 'SEV2', 'SEV3'];

function incident(overrides: Partial<MetricIncident> & { id: string }): MetricIncident {
  return {
    number: 1,
    severity: 'SEV2',
    service: null,
    platforms: ['web'],
    status: 'resolved',
    impactStartedAt: null,
    detectedAt: null,
    reportedAt: null,
    declaredAt: T('10:00'),
    acknowledgedAt: null,
    mitigatedAt: null,
    resolvedAt: null,
    postmortemPublishedAt: null,
    canceledAt: null,
    statusChanges: [],
    severityChanges: [],
    roles: [],
    ...overrides,
  };
}

describe('order statistics', () => {
  it.each([
    [[], 0.5, null],
    [[7], 0.5, 7],
    [[1, 2, 3, 4], 0.5, 2.5],
    [[1, 2, 3, 4], 0.9, 3.7],
    [[10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9, 91],
    [[0, 100], 0.9, 90],
  ])('quantile(%j, %d) = %s (linear interpolation, type 7)', (values, p, expected) => {
    expect(quantile(values, p)).toBe(expected);
  });

  it('a distribution sorts its values and reports count, median and p90', () => {
    expect(distribution([300, 60, 120])).toEqual({ count: 3, median: 120, p90: 264 });
    expect(distribution([])).toEqual({ count: 0, median: null, p90: null });
  });

  it.each([
    [[], null, null],
    [[4], 1, 1],
    [[1, 1, 1, 1], 0.25, 0.25],
    [[3, 1], 0.75, 0.625],
  ])('concentration of %j: top share %s, HHI %s', (counts, topShare, hhi) => {
    expect(concentration(counts)).toEqual({ topShare, hhi });
  });
});

describe('per-incident definitions', () => {
  it.each([
    ['never reopened: the milestone', [], T('11:00'), T('11:00')],
    [
      'reopened then resolved again: the last resolution',
      [
        { at: T('11:00'), from: 'monitoring', to: 'resolved' },
        { at: T('11:30'), from: 'resolved', to: 'responding' },
        { at: T('12:00'), from: 'responding', to: 'monitoring' },
        { at: T('13:00'), from: 'monitoring', to: 'resolved' },
      ],
      T('11:00'),
      T('13:00'),
    ],
    [
      'reopened and not resolved again: none',
      [
        { at: T('11:00'), from: 'monitoring', to: 'resolved' },
        { at: T('11:30'), from: 'resolved', to: 'responding' },
      ],
      T('11:00'),
      null,
    ],
    ['not resolved: none', [], null, null],
  ])('final resolution — %s', (_name, statusChanges, resolvedAt, expected) => {
    expect(finalResolution(incident({ id: 'a', statusChanges, resolvedAt }))).toEqual(expected);
  });

  it.each([
    ['no change', 'SEV2', [], 'SEV2'],
    ['raised SEV3 → SEV1 then lowered to SEV2', 'SEV2', [
      { at: T('10:05'), from: 'SEV3', to: 'SEV1' },
      { at: T('10:30'), from: 'SEV1', to: 'SEV2' },
    ], 'SEV1'],
    ['set later from none', 'SEV3', [{ at: T('10:05'), from: null, to: 'SEV3' }], 'SEV3'],
    ['never set', null, [], null],
  ] as const)('peak severity — %s', (_name, severity, severityChanges, expected) => {
    expect(peakSeverity({ severity, severityChanges: [...severityChanges] }, ORDER)).toBe(expected);
  });

  it('time per status sums visits, and measures a stay still going to asOf', () => {
    const i = incident({
      id: 'a',
      status: 'responding',
      statusChanges: [
        { at: T('10:00'), from: 'triage', to: 'responding' },
        { at: T('10:30'), from: 'responding', to: 'monitoring' },
        { at: T('11:00'), from: 'monitoring', to: 'responding' },
      ],
      declaredAt: T('09:50'),
    });
    expect(statusDurations(i, T('11:15'))).toEqual({ triage: 600, responding: 1800 + 900, monitoring: 1800 });
  });

  it.each([
    ['2025-04-06T15:30:00Z', 'day', '2025-04-07'],
    ['2025-04-06T14:59:00Z', 'day', '2025-04-06'],
    ['2025-04-09T03:00:00Z', 'week', '2025-04-07'],
    ['2025-04-06T15:00:00Z', 'week', '2025-04-07'],
    ['2025-04-06T14:00:00Z', 'week', '2025-03-31'],
    ['2025-04-30T16:00:00Z', 'month', '2025-05-01'],
  ] as const)('bucket of %s by %s in Asia/Tokyo is %s', (at, bucket, expected) => {
    expect(bucketOf(new Date(at), 'Asia/Tokyo', bucket)).toBe(expected);
  });
});

describe('localDay', () => {
  const reference = (at: Date, timeZone: string) =>
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  // Zones with DST at odd hours and half- or quarter-hour offsets, around their 2025 changes.
  it.each([
    ['America/New_York', '2025-03-09', '2025-11-02'],
    ['Europe/London', '2025-03-30', '2025-10-26'],
    ['Australia/Lord_Howe', '2025-04-06', '2025-10-05'],
    ['Pacific/Chatham', '2025-04-06', '2025-09-28'],
    ['America/St_Johns', '2025-03-09', '2025-11-02'],
    ['Asia/Kolkata', '2025-03-30', '2025-10-26'],
    ['Asia/Tokyo', '2025-01-01', '2025-12-31'],
  ] as const)('is the date Intl gives in %s, every 7 minutes around its changes', (zone, spring, autumn) => {
    for (const day of [spring, autumn]) {
      const start = Date.parse(`${day}T00:00:00Z`) - 2 * 86_400_000;
      for (let t = start; t < start + 4 * 86_400_000; t += 7 * 60_000 + 13) {
        const at = new Date(t);
        expect(localDay(at, zone), at.toISOString()).toBe(reference(at, zone));
      }
    }
  });

  it('is the date Intl gives at instants over ten years', () => {
    for (let k = 0; k < 5_000; k += 1) {
      const at = new Date(Date.parse('2020-01-01T00:00:00Z') + ((k * 7919 * 3_600_000 + k * 104_729) % (3_653 * 86_400_000)));
      for (const zone of ['Asia/Tokyo', 'America/Los_Angeles', 'Australia/Adelaide']) expect(localDay(at, zone)).toBe(reference(at, zone));
    }
  });
});

describe('insights over hand-built timelines', () => {
  // Five incidents with known milestones (minutes after 10:00 on 2025-04-07, UTC).
  const a = incident({
    id: 'a', number: 1, severity: 'SEV2', service: 'payments', status: 'closed',
    impactStartedAt: T('09:50'), detectedAt: T('10:00'), declaredAt: T('10:05'),
    acknowledgedAt: T('10:10'), mitigatedAt: T('10:30'), resolvedAt: T('11:00'),
    postmortemPublishedAt: T('11:00', '2025-04-09'),
    statusChanges: [
      { at: T('10:05'), from: 'triage', to: 'responding' },
      { at: T('10:30'), from: 'responding', to: 'monitoring' },
      { at: T('11:00'), from: 'monitoring', to: 'resolved' },
      { at: T('11:10'), from: 'resolved', to: 'postmortem' },
      { at: T('11:00', '2025-04-09'), from: 'postmortem', to: 'follow_up' },
      { at: T('11:00', '2025-04-10'), from: 'follow_up', to: 'closed' },
    ],
    roles: [{ role: 'commander', userId: 'u1', name: 'Aoi' }, { role: 'investigator', userId: 'u2', name: 'Ben' }],
  });
  // Raised from SEV3 to SEV1 mid-incident, reopened once; no impact start, no mitigation.
  const b = incident({
    id: 'b', number: 2, severity: 'SEV2', service: 'payments', status: 'resolved',
    detectedAt: T('12:00', '2025-04-08'), declaredAt: T('12:10', '2025-04-08'),
    acknowledgedAt: T('12:30', '2025-04-08'), resolvedAt: T('13:00', '2025-04-08'),
    severityChanges: [
      { at: T('12:20', '2025-04-08'), from: 'SEV3', to: 'SEV1' },
      { at: T('12:40', '2025-04-08'), from: 'SEV1', to: 'SEV2' },
    ],
    statusChanges: [
      { at: T('12:10', '2025-04-08'), from: 'triage', to: 'responding' },
      { at: T('12:50', '2025-04-08'), from: 'responding', to: 'monitoring' },
      { at: T('13:00', '2025-04-08'), from: 'monitoring', to: 'resolved' },
      { at: T('13:20', '2025-04-08'), from: 'resolved', to: 'responding' },
      { at: T('13:40', '2025-04-08'), from: 'responding', to: 'monitoring' },
      { at: T('14:00', '2025-04-08'), from: 'monitoring', to: 'resolved' },
    ],
    roles: [{ role: 'commander', userId: 'u1', name: 'Aoi' }, { role: 'investigator', userId: 'u3', name: 'Chie' }],
  });
  // Canceled: counted, never measured.
  const c = incident({
    id: 'c', number: 3, severity: 'SEV3', status: 'canceled', detectedAt: T('09:00', '2025-04-15'),
    declaredAt: T('09:00', '2025-04-15'), acknowledgedAt: T('10:00', '2025-04-15'), canceledAt: T('10:10', '2025-04-15'),
    statusChanges: [{ at: T('10:10', '2025-04-15'), from: 'triage', to: 'canceled' }],
    roles: [{ role: 'commander', userId: 'u9', name: 'Zed' }],
  });
  // Detected by a report only; acknowledged but still responding.
  const d = incident({
    id: 'd', number: 4, severity: 'SEV3', service: 'search', platforms: ['ios'], status: 'responding',
    reportedAt: T('08:00', '2025-04-16'), declaredAt: T('08:30', '2025-04-16'), acknowledgedAt: T('08:40', '2025-04-16'),
    statusChanges: [{ at: T('08:30', '2025-04-16'), from: 'triage', to: 'responding' }],
    roles: [{ role: 'commander', userId: 'u1', name: 'Aoi' }, { role: 'commander', userId: 'u4', name: 'Dai' }],
  });
  const asOf = T('09:30', '2025-04-16');
  const actions = [
    { incidentId: 'a', status: 'done' as const, dueDate: '2025-04-10' },
    { incidentId: 'a', status: 'deferred' as const, dueDate: '2025-04-10' },
    { incidentId: 'b', status: 'open' as const, dueDate: '2025-04-15' },
    { incidentId: 'b', status: 'in_progress' as const, dueDate: '2025-04-16' },
    { incidentId: 'b', status: 'open' as const, dueDate: '2025-04-30' },
    { incidentId: 'other', status: 'open' as const, dueDate: '2025-04-01' },
  ];
  const all = computeInsights({
    incidents: [a, b, c, d], actions, severityOrder: ORDER, timezone: 'Asia/Tokyo', bucket: 'week', asOf,
  });

  it('counts incidents by peak severity, over weeks in the workspace time zone', () => {
    expect(all.incidents).toEqual({ total: 4, canceled: 1, reopened: 1, bySeverity: { SEV2: 1, SEV1: 1, SEV3: 2 } });
    expect(all.overTime).toEqual([
      { bucket: '2025-04-07', total: 2, bySeverity: { SEV2: 1, SEV1: 1 } },
      { bucket: '2025-04-14', total: 2, bySeverity: { SEV3: 2 } },
    ]);
  });

  it('times to detect, acknowledge, mitigate and resolve: medians and p90 in seconds, canceled left out', () => {
    expect(all.timeTo).toEqual({
      // a only: impact 09:50 → detected 10:00.
      detect: { count: 1, median: 600, p90: 600 },
      // from detection (or the report): a 10 min, b 30 min, d 40 min.
      acknowledge: { count: 3, median: 1800, p90: 2280 },
      // a mitigated at 30 min; b never mitigated, so its final resolution (2 h).
      mitigate: { count: 2, median: 4500, p90: 6660 },
      // a 60 min; b resolved again at 14:00 after the reopening: 120 min; d not resolved.
      resolve: { count: 2, median: 5400, p90: 6840 },
    });
  });

  it('the same times per peak severity: each equals the figures filtered to that severity', () => {
    expect(Object.keys(all.timeToBySeverity).sort()).toEqual(['SEV1', 'SEV2', 'SEV3']);
    for (const severity of ['SEV1', 'SEV2', 'SEV3']) {
      const filtered = computeInsights({
        incidents: [a, b, c, d], actions, severityOrder: ORDER, timezone: 'Asia/Tokyo', bucket: 'week', asOf, filters: { severity },
      });
      expect(all.timeToBySeverity[severity]).toEqual(filtered.timeTo);
    }
  });

  it('time in each status, postmortem completion, actions, load and repeats', () => {
    // a 30 min; b 10 + 20 min over its two stays.
    expect(all.timeInStatus['monitoring']).toEqual({ count: 2, median: 1800, p90: 1800 });
    expect(all.timeInStatus['responding']).toEqual({ count: 3, median: 3600, p90: 3600 });
    expect(all.postmortem).toEqual({ published: 1, completion: { count: 1, median: 172800, p90: 172800 } });
    // "today" in Tokyo at asOf is 2025-04-16: one overdue (due 04-15); the other incident's action is out.
    expect(all.actions).toEqual({
      total: 5, done: 1, deferred: 1, open: 2, inProgress: 1, overdue: 1, completionRate: 0.25,
    });
    expect(all.load.commander).toEqual({
      people: [
        { userId: 'u1', name: 'Aoi', incidents: 3 },
        { userId: 'u4', name: 'Dai', incidents: 1 },
      ],
      topShare: 0.75,
      hhi: 0.625,
    });
    expect(all.load.investigator.topShare).toBe(0.5);
    expect(all.repeatsByService).toEqual([
      { service: 'payments', incidents: 2, repeats: 1 },
      { service: 'search', incidents: 1, repeats: 0 },
    ]);
  });

  it.each([
    [{ severity: 'SEV1' }, ['b']],
    [{ severity: 'SEV3' }, ['c', 'd']],
    [{ service: 'payments' }, ['a', 'b']],
    [{ platform: 'ios' }, ['d']],
  ])('filters %j keep %j', (filters, kept) => {
    const out = computeInsights({ incidents: [a, b, c, d], actions, severityOrder: ORDER, timezone: 'Asia/Tokyo', bucket: 'day', asOf, filters });
    expect(out.incidents.total).toBe(kept.length);
  });
});
