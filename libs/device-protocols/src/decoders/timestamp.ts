import { rejected } from './decode-result';
import type { FieldResult } from './json-fields';
import { jsonPath, nonFinite, wrongType, type JsonObject } from './json-shape';

/** Nothing a device reports happened before 2000-01-01T00:00:00Z. */
export const EARLIEST_PLAUSIBLE_TS = Date.UTC(2000, 0, 1);
/** How far ahead of the gateway clock a device clock may run. */
export const MAX_CLOCK_AHEAD_MS = 24 * 60 * 60 * 1000;

/** Whether `ts` (epoch ms) lies between 2000-01-01 and one day after `now`. */
export function isPlausibleTimestamp(ts: number, now: number): boolean {
  return Number.isFinite(ts) && ts >= EARLIEST_PLAUSIBLE_TS && ts <= now + MAX_CLOCK_AHEAD_MS;
}

/** Epoch seconds (Frigate's float times) to whole epoch milliseconds. */
export function epochSecondsToMs(seconds: number): number {
  return Math.round(seconds * 1000);
}

/**
 * The native `ts` field: epoch milliseconds, optional (absent → `now`, the gateway's receive time).
 * Fractions of a millisecond are rounded. A value outside 2000-01-01 … now + 1 day is refused:
 * it is most often seconds sent instead of milliseconds, or an unset device clock.
 */
export function readNativeTimestamp(object: JsonObject, key: string, now: number): FieldResult<number> {
  const value = object[key];
  const path = jsonPath('', key);
  if (value === undefined) return { ok: true, value: now };
  if (typeof value !== 'number') return wrongType(path, 'epoch milliseconds (a number)', value);
  if (!Number.isFinite(value)) return nonFinite(path);
  const ts = Math.round(value);
  if (!isPlausibleTimestamp(ts, now)) {
    const hint = looksLikeEpochSeconds(value) ? ' (seconds instead of milliseconds?)' : '';
    return rejected(
      'wrong_type',
      `${path}: expected epoch milliseconds between ${new Date(EARLIEST_PLAUSIBLE_TS).toISOString()} ` +
        `and one day after the gateway's clock, got ${value}${hint}`,
    );
  }
  return { ok: true, value: ts };
}

/** 2001-09-09 … 2286-11-20 in epoch seconds: the classic unit mix-up. */
function looksLikeEpochSeconds(value: number): boolean {
  return value >= 1e9 && value < 1e10;
}
