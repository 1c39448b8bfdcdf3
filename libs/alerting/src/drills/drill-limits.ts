/** The longest drill by default (DRILL_MAX_HOURS). */
export const DEFAULT_DRILL_MAX_HOURS = 24;
/** The most DRILL_MAX_HOURS may say: a month. A drill mode longer than that is not a drill. */
export const DRILL_MAX_HOURS_CAP = 720;

/**
 * DRILL_MAX_HOURS: how long one drill (应急演练) may last, in hours (a decimal is fine: `0.5`).
 * Default 24. While a drill is on, the alerts of its school or device page the school only, so an
 * unbounded drill would silence the county's paging for as long as it lasts. Throws at start for a
 * value that is not a number of hours from 0 (exclusive) to 720.
 */
export function drillMaxHoursFrom(env: NodeJS.ProcessEnv): number {
  const raw = env['DRILL_MAX_HOURS']?.trim();
  if (raw === undefined || raw === '') return DEFAULT_DRILL_MAX_HOURS;
  const hours = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(hours > 0 && hours <= DRILL_MAX_HOURS_CAP)) {
    throw new Error(
      `DRILL_MAX_HOURS must be a number of hours greater than 0 and at most ${DRILL_MAX_HOURS_CAP} (default ${DEFAULT_DRILL_MAX_HOURS}), got ${JSON.stringify(raw)}`,
    );
  }
  return hours;
}

/** Why a drill window is too long, or null when it is within `maxHours`. */
export function drillTooLong(from: string, to: string, maxHours: number): string | null {
  const hours = (Date.parse(to) - Date.parse(from)) / 3_600_000;
  if (hours <= maxHours) return null;
  return (
    `a drill may last at most ${maxHours} h (DRILL_MAX_HOURS) and this one would last ${Math.round(hours * 10) / 10} h: ` +
    'give a shorter window, and start another drill when this one ends'
  );
}

/**
 * Whether a drill is over at `now`: its end has passed, or it was cancelled before it started
 * (ending a drill not yet on leaves it 1 ms long, the shortest window the table allows).
 */
export function drillOver(drill: { from: string; to: string }, now: number): boolean {
  const to = Date.parse(drill.to);
  return to <= now || to - Date.parse(drill.from) <= 1;
}
