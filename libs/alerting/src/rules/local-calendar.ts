import { wallClockAt } from '@campus/device-protocols';

/**
 * Calendar arithmetic in the province's timezone for the duty rules: which local date an instant
 * falls on, and the dates after it. Dates are `YYYY-MM-DD` strings, which sort in time order.
 */

const DAY_MS = 24 * 3600 * 1000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface LocalMoment {
  /** Local calendar date, `YYYY-MM-DD`. */
  date: string;
  /** Milliseconds since local midnight of `date`. */
  msIntoDay: number;
}

/** The local date and time of day of `ts` (epoch ms) in `timeZone` (an IANA name the sites file validated). */
export function localMoment(ts: number, timeZone: string): LocalMoment {
  const clock = wallClockAt(timeZone, ts);
  if (clock === undefined) throw new RangeError(`no local time for ${ts} in time zone ${timeZone}`);
  const { year, month, day } = clock;
  const seconds = clock.hour * 3600 + clock.minute * 60 + clock.second;
  const ms = ((ts % 1000) + 1000) % 1000;
  return { date: formatDate(year, month, day), msIntoDay: seconds * 1000 + ms };
}

/** The local date `ts` falls on. */
export function localDate(ts: number, timeZone: string): string {
  return localMoment(ts, timeZone).date;
}

/** The date `days` after (or before, when negative) `date`. */
export function addDays(date: string, days: number): string {
  const d = new Date(utcMidnight(date) + days * DAY_MS);
  return formatDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(utcMidnight(date)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The first local date that began at or after `ts`: `ts`'s own date when `ts` is exactly local midnight. */
export function firstWholeDay(ts: number, timeZone: string): string {
  const { date, msIntoDay } = localMoment(ts, timeZone);
  return msIntoDay === 0 ? date : addDays(date, 1);
}

function utcMidnight(date: string): number {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`not a date YYYY-MM-DD: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

function formatDate(year: number, month: number, day: number): string {
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}
