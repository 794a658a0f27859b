import { describe, expect, it } from 'vitest';
import { localDate, nextRun, type RecurrenceSpec } from '../../src/jobs/recurrence.ts';

const tokyoWeekdays: RecurrenceSpec = { time: '09:30', timezone: 'Asia/Tokyo', weekdaysOnly: true };

describe('nextRun', () => {
  it.each([
    // [what, spec, after, expected]
    [
      'Tokyo, Friday before 09:30 → that Friday',
      tokyoWeekdays,
      '2026-11-27T00:29:59.999Z',
      '2026-11-27T00:30:00.000Z',
    ],
    [
      'Tokyo, Friday exactly 09:30 → Monday (strictly after)',
      tokyoWeekdays,
      '2026-11-27T00:30:00.000Z',
      '2026-11-30T00:30:00.000Z',
    ],
    [
      'Tokyo, Friday after 09:30 → Monday 00:30Z',
      tokyoWeekdays,
      '2026-11-27T00:31:00.000Z',
      '2026-11-30T00:30:00.000Z',
    ],
    [
      'Tokyo, Saturday → Monday',
      tokyoWeekdays,
      '2026-11-28T05:00:00.000Z',
      '2026-11-30T00:30:00.000Z',
    ],
    [
      'Tokyo, Sunday 23:59 local → Monday',
      tokyoWeekdays,
      '2026-11-29T14:59:00.000Z',
      '2026-11-30T00:30:00.000Z',
    ],
    [
      'Tokyo, Monday 00:10 local (still Sunday in UTC) → that Monday',
      tokyoWeekdays,
      '2026-11-29T15:10:00.000Z',
      '2026-11-30T00:30:00.000Z',
    ],
    [
      'Tokyo, every day: Friday after 09:30 → Saturday',
      { time: '09:30', timezone: 'Asia/Tokyo' },
      '2026-11-27T01:00:00.000Z',
      '2026-11-28T00:30:00.000Z',
    ],
    [
      'Los Angeles, Friday 19:00 local (Saturday in UTC) → Monday 09:00 PST',
      { time: '09:00', timezone: 'America/Los_Angeles', weekdaysOnly: true },
      '2026-11-28T03:00:00.000Z',
      '2026-11-30T17:00:00.000Z',
    ],
    [
      'New York, across the spring-forward weekend: EST then EDT',
      { time: '09:00', timezone: 'America/New_York' },
      '2026-03-07T15:00:00.000Z',
      '2026-03-08T13:00:00.000Z',
    ],
    [
      'New York, 02:30 does not exist on 2026-03-08: runs at 03:30 EDT',
      { time: '02:30', timezone: 'America/New_York' },
      '2026-03-08T00:00:00.000Z',
      '2026-03-08T07:30:00.000Z',
    ],
    [
      'New York, 01:30 happens twice on 2026-11-01: the first (EDT)',
      { time: '01:30', timezone: 'America/New_York' },
      '2026-11-01T00:00:00.000Z',
      '2026-11-01T05:30:00.000Z',
    ],
    [
      'London, 01:30 happens twice on 2026-10-25: the first (BST)',
      { time: '01:30', timezone: 'Europe/London' },
      '2026-10-24T12:00:00.000Z',
      '2026-10-25T00:30:00.000Z',
    ],
    [
      'London, 01:30 does not exist on 2026-03-29: runs at 02:30 BST',
      { time: '01:30', timezone: 'Europe/London' },
      '2026-03-28T12:00:00.000Z',
      '2026-03-29T01:30:00.000Z',
    ],
    [
      'UTC midnight, across a year end',
      { time: '00:00', timezone: 'UTC' },
      '2026-12-31T00:00:00.000Z',
      '2027-01-01T00:00:00.000Z',
    ],
  ] as const)('%s', (_what, spec, after, expected) => {
    expect(nextRun(spec, new Date(after)).toISOString()).toBe(expected);
  });

  it('refuses a bad time or time zone with a readable message', () => {
    expect(() => nextRun({ time: '9:30', timezone: 'Asia/Tokyo' }, new Date())).toThrow(
      "recurrence time must be HH:MM (00:00–23:59), got '9:30'",
    );
    expect(() => nextRun({ time: '24:00', timezone: 'Asia/Tokyo' }, new Date())).toThrow(
      "recurrence time must be HH:MM (00:00–23:59), got '24:00'",
    );
    expect(() => nextRun({ time: '09:30', timezone: 'Asia/Nowhere' }, new Date())).toThrow(
      "unknown time zone 'Asia/Nowhere'",
    );
  });
});

describe('localDate', () => {
  it.each([
    ['2026-11-27T00:30:00.000Z', 'Asia/Tokyo', '2026-11-27'],
    ['2026-11-29T15:10:00.000Z', 'Asia/Tokyo', '2026-11-30'],
    ['2026-11-28T03:00:00.000Z', 'America/Los_Angeles', '2026-11-27'],
    ['2026-12-31T23:59:59.999Z', 'UTC', '2026-12-31'],
  ])('%s in %s is %s', (at, timezone, expected) => {
    expect(localDate(new Date(at), timezone)).toBe(expected);
  });
});
