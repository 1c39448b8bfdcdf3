/**
 * The arithmetic of reports, kept pure so the SQL that computes it in the database can be checked
 * against it.
 *
 * Percentiles are **nearest-rank**: the p-th percentile of n sorted values is the value at rank
 * ⌈p·n/100⌉ (1-based). It is always one of the measured values, never an interpolation: the median
 * of 10, 20, 30, 40 s is 20 s, the p90 of ten values is the 9th smallest.
 */

/** The 1-based nearest rank ⌈percent·n/100⌉ for an integer percent in 1…100, in integers (no float error). */
export function nearestRank(n: number, percent: number): number {
  if (!Number.isInteger(percent) || percent < 1 || percent > 100) {
    throw new RangeError(`percent must be an integer from 1 to 100, got ${percent}`);
  }
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`need at least one value, got n = ${n}`);
  return Math.floor((percent * n + 99) / 100);
}

/** The nearest-rank percentile of `values` (any order); null when there are none. */
export function percentile(values: readonly number[], percent: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[nearestRank(sorted.length, percent) - 1] ?? null;
}

/** Closed ÷ registered; null when nothing was registered. */
export function closureRate(closed: number, total: number): number | null {
  return total === 0 ? null : closed / total;
}

/**
 * Online ÷ (online + offline): devices never heard from (unknown) are left out, since nothing is
 * known about them; null when no device has reported its state.
 */
export function onlineRate(online: number, offline: number): number | null {
  const known = online + offline;
  return known === 0 ? null : online / known;
}
