/** Longest escalation delay accepted: a week. A larger value is almost certainly a typo. */
export const MAX_DURATION_SECONDS = 7 * 24 * 3600;

const UNIT_SECONDS = { s: 1, m: 60, h: 3600 } as const;
const DURATION = /^(\d{1,9})(s|m|h)$/;

/**
 * An escalation delay as written in the sites file: `"90s"`, `"2m"`, `"1h"` or a number of
 * seconds (`90`). Returns whole seconds, or `undefined` when the value is not one of those forms
 * (negative, fractional, other units, over `MAX_DURATION_SECONDS`).
 */
export function parseDuration(value: string | number): number | undefined {
  let seconds: number;
  if (typeof value === 'number') {
    seconds = value;
  } else {
    const m = DURATION.exec(value.trim());
    if (!m) return undefined;
    seconds = Number(m[1]) * UNIT_SECONDS[m[2] as keyof typeof UNIT_SECONDS];
  }
  return Number.isInteger(seconds) && seconds >= 0 && seconds <= MAX_DURATION_SECONDS ? seconds : undefined;
}
