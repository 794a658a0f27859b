/**
 * Daily schedules in a time zone ("09:30 Asia/Tokyo on weekdays"), computed with Intl alone.
 * Each occurrence has a local date, from which a feature makes the slot's deterministic job key
 * (e.g. `digest:<workspace>:<YYYY-MM-DD>`), so two processes never both run the same day.
 */

import { wallClockAt, wallClockFormat, type WallClock } from '../domain/wall-clock.ts';

export interface RecurrenceSpec {
  /** Local wall-clock time, `HH:MM` (24 h). */
  time: string;
  /** IANA zone, e.g. `Asia/Tokyo`. */
  timezone: string;
  /** Skip Saturdays and Sundays (local). */
  weekdaysOnly?: boolean;
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DAY_MS = 86_400_000;

/**
 * The first occurrence strictly after `after`. A local time that does not exist that day (a DST
 * gap) runs at the offset from before the jump, i.e. later by the gap; one that exists twice runs
 * at the first.
 */
export function nextRun(spec: RecurrenceSpec, after: Date): Date {
  const { hour, minute } = parseSpec(spec);
  const start = localParts(after, spec.timezone);
  const firstDay = Date.UTC(start.year, start.month - 1, start.day);
  // Nine days cover "today", a weekend and any DST shift.
  for (let offset = 0; offset < 9; offset += 1) {
    const day = new Date(firstDay + offset * DAY_MS);
    const weekday = day.getUTCDay();
    if (spec.weekdaysOnly && (weekday === 0 || weekday === 6)) continue;
    const at = zonedTimeToUtc(
      day.getUTCFullYear(),
      day.getUTCMonth() + 1,
      day.getUTCDate(),
      hour,
      minute,
      spec.timezone,
    );
    if (at.getTime() > after.getTime()) return at;
  }
  throw new Error(
    `no occurrence of ${spec.time} ${spec.timezone} within 9 days after ${after.toISOString()}`,
  );
}

/** The local date of `at` in `timezone`, `YYYY-MM-DD`. */
export function localDate(at: Date, timezone: string): string {
  const { year, month, day } = localParts(at, timezone);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Throws a readable error for a bad time or zone; returns the parsed time. */
export function parseSpec(spec: RecurrenceSpec): { hour: number; minute: number } {
  const match = TIME.exec(spec.time);
  if (!match)
    throw new RangeError(`recurrence time must be HH:MM (00:00–23:59), got '${spec.time}'`);
  wallClockFormat(spec.timezone);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

function localParts(at: Date, timezone: string): WallClock {
  const parts = wallClockAt(at.getTime(), timezone);
  const get = (name: keyof WallClock): number => {
    const value = parts[name];
    if (value === undefined || Number.isNaN(value))
      throw new Error(`Intl gave no ${name} for ${timezone}`);
    return value;
  };
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** How far local time in `timezone` is ahead of UTC at `at`, in ms. */
function offsetAt(at: number, timezone: string): number {
  const local = localParts(new Date(at), timezone);
  const asUtc = Date.UTC(
    local.year,
    local.month - 1,
    local.day,
    local.hour,
    local.minute,
    local.second,
  );
  return asUtc - (at - (((at % 1000) + 1000) % 1000));
}

/**
 * The instant when the wall clock in `timezone` shows the given time. The zone's offsets a day
 * before and a day after bracket any change near that time: of the readings they give, the
 * earliest that shows the wanted time wins (the first of a repeated hour); if none does (a
 * skipped hour), the offset from before the jump applies.
 */
function zonedTimeToUtc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  timezone: string,
): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const offsetBefore = offsetAt(wall - DAY_MS, timezone);
  const candidates = [...new Set([offsetBefore, offsetAt(wall + DAY_MS, timezone)])]
    .map((offset) => wall - offset)
    .sort((a, b) => a - b);
  const shows = (t: number) => {
    const local = localParts(new Date(t), timezone);
    return (
      local.year === year &&
      local.month === month &&
      local.day === day &&
      local.hour === hour &&
      local.minute === minute
    );
  };
  return new Date(candidates.find(shows) ?? wall - offsetBefore);
}
