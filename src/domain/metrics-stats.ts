/**
 * Order statistics for the insights: medians and 90th percentiles rather than means, because
 * incident durations are heavily skewed (one eight-hour outage would drown twenty ten-minute ones).
 */

export interface Distribution {
  /** How many values the figures are computed from. */
  count: number;
  /** Seconds; null when there are no values. */
  median: number | null;
  p90: number | null;
}

/**
 * The p-quantile (0..1) of ascending values, interpolated linearly between the two nearest ranks
 * (Hyndman & Fan type 7: the default of R, NumPy and Excel's PERCENTILE.INC).
 */
export function quantile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const low = sorted[lo] ?? 0;
  const high = sorted[Math.min(lo + 1, sorted.length - 1)] ?? low;
  return round3(low + (h - lo) * (high - low));
}

/** Median and p90 of a list of durations in seconds. */
export function distribution(values: readonly number[]): Distribution {
  // A typed array sorts numbers natively (ascending), several times faster than a comparator.
  const sorted = Float64Array.from(values).sort();
  return { count: sorted.length, median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9) };
}

/** Seconds between two instants, or null if either is missing or the order is reversed. */
export function secondsBetween(from: Date | null | undefined, to: Date | null | undefined): number | null {
  if (!from || !to) return null;
  const ms = to.getTime() - from.getTime();
  return ms < 0 ? null : ms / 1000;
}

export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * How concentrated a load is, from each person's count: the top person's share and the
 * Herfindahl–Hirschman index (sum of squared shares, 1/n when spread evenly over n people, 1
 * when one person carries everything).
 */
export function concentration(counts: readonly number[]): { topShare: number | null; hhi: number | null } {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return { topShare: null, hhi: null };
  const shares = counts.map((c) => c / total);
  return {
    topShare: round4(Math.max(...shares)),
    hhi: round4(shares.reduce((sum, s) => sum + s * s, 0)),
  };
}

export function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
