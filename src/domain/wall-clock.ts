/**
 * What the wall clock shows in an IANA time zone at an instant, with Intl alone. Shared by the
 * daily schedules (src/jobs/recurrence.ts) and the insights' day buckets (metrics.ts).
 */

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** The zone's formatter, made once per zone; a RangeError naming the zone when it is unknown. */
export function wallClockFormat(timezone: string): Intl.DateTimeFormat {
  let format = formats.get(timezone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: timezone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new RangeError(`unknown time zone '${timezone}'`);
    }
    formats.set(timezone, format);
  }
  return format;
}

/** The wall clock in `timezone` at `t` (ms since the epoch); a field Intl did not give is absent. */
export function wallClockAt(t: number, timezone: string): Partial<WallClock> {
  const parts: Partial<Record<keyof WallClock, number>> = {};
  for (const part of wallClockFormat(timezone).formatToParts(t)) {
    if (part.type !== 'literal') parts[part.type as keyof WallClock] = Number(part.value);
  }
  return parts;
}
