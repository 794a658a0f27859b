import { describe, expect, it } from 'vitest';
import type { Insights } from '../../web/src/api/insights-hooks.ts';
import {
  actionParts,
  bucketStart,
  bucketStarts,
  durationRows,
  durationScale,
  formatDuration,
  formatShare,
  loadShape,
  stackBySeverity,
} from '../../web/src/features/insights/data.ts';
import { optionKey, readDecisions } from '../../web/src/features/incident/decisions.ts';
import { safeLink } from '../../web/src/features/reports/links.ts';

/** The insights charts' data shaping (web/src/features/insights/data.ts): pure, table-driven. */

describe('buckets', () => {
  it.each([
    ['2025-04-09', 'day', '2025-04-09'],
    ['2025-04-09', 'week', '2025-04-07'], // a Wednesday → its Monday
    ['2025-04-07', 'week', '2025-04-07'],
    ['2025-04-06', 'week', '2025-03-31'], // a Sunday belongs to the week that began on Monday
    ['2025-04-30', 'month', '2025-04-01'],
  ] as const)('%s by %s starts on %s', (day, bucket, start) => {
    expect(bucketStart(day, bucket)).toBe(start);
  });

  it('lists every bucket of the period in the workspace time zone, empty ones included', () => {
    // 2025-03-31T15:00Z is April 1st 00:00 in Tokyo; the end (April 21st 00:00, a Monday) is exclusive.
    expect(
      bucketStarts('2025-03-31T15:00:00Z', '2025-04-20T15:00:00Z', 'week', 'Asia/Tokyo'),
    ).toEqual(['2025-03-31', '2025-04-07', '2025-04-14']);
    expect(bucketStarts('2024-11-15T00:00:00Z', '2025-02-01T00:00:00Z', 'month', 'UTC')).toEqual([
      '2024-11-01',
      '2024-12-01',
      '2025-01-01',
    ]);
    expect(bucketStarts('2025-04-01T00:00:00Z', '2025-04-04T00:00:00Z', 'day', 'UTC')).toEqual([
      '2025-04-01',
      '2025-04-02',
      '2025-04-03',
    ]);
  });

  it('stacks counts by severity in the playbook order, fills the gaps, and keeps unknown severities after', () => {
    const insights: Pick<Insights, 'overTime' | 'period'> = {
      period: {
        from: '2025-03-31T15:00:00Z',
        to: '2025-04-20T15:00:00Z',
        bucket: 'week',
        timezone: 'Asia/Tokyo',
      },
      overTime: [
        { bucket: '2025-03-31', total: 3, bySeverity: { SEV3: 1, SEV1: 1, none: 1 } },
        { bucket: '2025-04-14', total: 2, bySeverity: { SEV2: 2 } },
      ],
    };
    const { bars, severities, max } = stackBySeverity(insights, ['SEV1', 'SEV2', 'SEV3']);
    expect(severities).toEqual(['SEV1', 'SEV2', 'SEV3', 'none']);
    expect(max).toBe(3);
    expect(bars).toEqual([
      {
        bucket: '2025-03-31',
        total: 3,
        segments: [
          { severity: 'SEV1', count: 1, offset: 0 },
          { severity: 'SEV3', count: 1, offset: 1 },
          { severity: 'none', count: 1, offset: 2 },
        ],
      },
      { bucket: '2025-04-07', total: 0, segments: [] },
      { bucket: '2025-04-14', total: 2, segments: [{ severity: 'SEV2', count: 2, offset: 0 }] },
    ]);
  });
});

describe('durations: median and p90 as shown', () => {
  it.each([
    [null, '—'],
    [0, '0s'],
    [45.4, '45s'],
    [60, '1m'],
    [1380, '23m'],
    [3600, '1h'],
    [3900, '1h 5m'],
    [86_400, '1d'],
    [2 * 86_400 + 3 * 3600, '2d 3h'],
  ] as const)('%s seconds reads %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('keeps the given order, drops figures nothing was measured for, and scales to the largest value', () => {
    const { rows, max } = durationRows(
      {
        resolved: { count: 1, median: 60, p90: 60 },
        responding: { count: 3, median: 1200, p90: 3000 },
        triage: { count: 0, median: null, p90: null },
        custom: { count: 1, median: 10, p90: 10 },
      },
      ['triage', 'responding', 'monitoring', 'resolved'],
    );
    expect(rows.map((r) => [r.key, r.median, r.p90, r.count])).toEqual([
      ['responding', 1200, 3000, 3],
      ['resolved', 60, 60, 1],
      ['custom', 10, 10, 1],
    ]);
    expect(max).toBe(3000);
  });

  it('places durations on a log scale from one minute, with ticks inside the range', () => {
    const { position, ticks } = durationScale(86_400);
    expect([position(30), position(60), position(86_400), position(10 * 86_400)]).toEqual([
      0, 0, 1, 1,
    ]);
    expect(position(3_600)).toBeCloseTo(Math.log(60) / Math.log(1_440), 10);
    expect(ticks).toEqual([60, 600, 3_600, 21_600, 86_400]);
  });
});

describe('load concentration', () => {
  const person = (name: string, incidents: number) => ({
    userId: name.toLowerCase(),
    name,
    incidents,
  });

  it.each([
    ['nobody', [], null, null, 'none', null],
    ['one person, one incident (too few to call)', [person('Ann', 1)], 1, 1, 'spread', 1],
    ['one person carries everything', [person('Ann', 3)], 1, 1, 'single', 1],
    [
      'the busiest holds more than half',
      [person('Ann', 3), person('Bob', 1)],
      0.75,
      0.625,
      'concentrated',
      1.6,
    ],
    ['two people half and half', [person('Ann', 2), person('Bob', 2)], 0.5, 0.5, 'spread', 2],
    [
      'spread over four',
      [person('Ann', 2), person('Bob', 2), person('Cy', 1), person('Di', 1)],
      0.3333,
      0.2778,
      'spread',
      3.6,
    ],
  ] as const)('%s', (_, people, topShare, hhi, dependency, effective) => {
    const shape = loadShape({ people: [...people], topShare, hhi });
    expect([shape.dependency, shape.effectivePeople, shape.topShare]).toEqual([
      dependency,
      effective,
      topShare,
    ]);
    expect(shape.people.map((p) => Math.round(p.share * 100))).toEqual(
      people.map((p) =>
        Math.round((100 * p.incidents) / people.reduce((s, q) => s + q.incidents, 0)),
      ),
    );
  });

  it('shows shares as whole percentages', () => {
    expect([formatShare(null), formatShare(0.3333), formatShare(1)]).toEqual(['—', '33%', '100%']);
  });
});

describe('actions, decisions and alert links', () => {
  it('splits the actions bar by status, leaving out empty parts', () => {
    expect(
      actionParts({
        total: 4,
        done: 1,
        deferred: 0,
        open: 2,
        inProgress: 1,
        overdue: 1,
        completionRate: 0.25,
      }),
    ).toEqual([
      { key: 'done', count: 1 },
      { key: 'inProgress', count: 1 },
      { key: 'open', count: 2 },
    ]);
  });

  it('reads the decision log from the API, unknown shapes without crashing', () => {
    const entries = readDecisions([
      {
        id: 'a',
        kind: 'options',
        authorId: 'u1',
        authorName: 'Dan',
        createdAt: '2025-04-01T00:00:00Z',
        body: {
          options: [
            { key: 'p1-o1', title: 'Roll back' },
            { key: 'p1-o2', title: 'Hotfix', description: 'risky' },
            { title: 'no key' },
          ],
        },
      },
      {
        id: 'b',
        kind: 'decision',
        authorId: 'u2',
        authorName: null,
        createdAt: '2025-04-01T00:05:00Z',
        body: { optionKey: 'p1-o1', decision: 'Roll back', rationale: null },
      },
      {
        id: 'c',
        kind: 'decision',
        authorId: null,
        authorName: null,
        createdAt: '2025-04-01T00:06:00Z',
        body: 'garbage',
      },
    ]);
    expect(entries).toEqual([
      {
        kind: 'options',
        id: 'a',
        authorName: 'Dan',
        createdAt: '2025-04-01T00:00:00Z',
        options: [
          { key: 'p1-o1', title: 'Roll back', description: '' },
          { key: 'p1-o2', title: 'Hotfix', description: 'risky' },
        ],
      },
      {
        kind: 'decision',
        id: 'b',
        authorName: null,
        createdAt: '2025-04-01T00:05:00Z',
        optionKey: 'p1-o1',
        decision: 'Roll back',
        rationale: null,
      },
      {
        kind: 'decision',
        id: 'c',
        authorName: null,
        createdAt: '2025-04-01T00:06:00Z',
        optionKey: null,
        decision: '',
        rationale: null,
      },
    ]);
    expect(optionKey(2, 3)).toBe('p2-o3');
    expect(optionKey(2, 3)).toMatch(/^[a-z0-9_-]{1,40}$/);
  });

  it('follows only http(s) links from an alert', () => {
    expect(safeLink('http://prometheus.example.test:9090/graph?g0.expr=up')).toBe(
      'http://prometheus.example.test:9090/graph?g0.expr=up',
    );
    expect(safeLink('javascript:alert(1)')).toBeNull();
    expect(safeLink('not a url')).toBeNull();
    expect(safeLink(null)).toBeNull();
  });
});
