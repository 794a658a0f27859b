import { wallClockAt } from './wall-clock.ts';

/**
 * Local days and buckets for the insights' counts over time. Formatting a date in a zone costs a
 * few µs, which at a year of incidents was a tenth of the insights' time, so a zone's UTC offset is
 * worked out once per UTC day and its dates are plain arithmetic.
 */

export type Bucket = 'day' | 'week' | 'month';

/** One formatter per time zone: making one costs ~0.2 ms, as much as formatting a thousand dates. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();
const DAY_MS = 86_400_000;

/**
 * Per time zone, per UTC day (days since the epoch): the zone's UTC offset in ms through that
 * whole UTC day, or null when it changes within it. The time zone database has no zone changing
 * its offset twice within 24 hours, so equal offsets at a UTC day's first and last second mean one
 * offset throughout; a day whose offset changes is formatted instant by instant. Bounded: cleared
 * past MAX_CACHED_DAYS per zone.
 */
const dayOffsets = new Map<string, Map<number, number | null>>();
const MAX_CACHED_DAYS = 20_000;

/** The local date (`YYYY-MM-DD`) of an instant in a time zone. */
export function localDay(at: Date, timezone: string): string {
  return localDayAt(at.getTime(), timezone);
}

/** `YYYY-MM-DD` per day since the epoch: a year of incidents shares a few hundred dates. Bounded like dayOffsets. */
const dayNames = new Map<number, string>();

/** The local date (`YYYY-MM-DD`) of an instant given in ms since the epoch. */
export function localDayAt(t: number, timezone: string): string {
  const offset = utcDayOffset(Math.floor(t / DAY_MS), timezone);
  if (offset === null) return formattedDay(new Date(t), timezone);
  const day = Math.floor((t + offset) / DAY_MS);
  let name = dayNames.get(day);
  if (name === undefined) {
    if (dayNames.size > MAX_CACHED_DAYS) dayNames.clear();
    name = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dayNames.set(day, name);
  }
  return name;
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
export function bucketOfDay(day: string, bucket: Bucket): string {
  if (bucket === 'day') return day;
  if (bucket === 'month') return `${day.slice(0, 7)}-01`;
  const date = new Date(`${day}T00:00:00Z`);
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  return new Date(date.getTime() - sinceMonday * 86_400_000).toISOString().slice(0, 10);
}
