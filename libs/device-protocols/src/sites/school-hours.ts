/**
 * A school's hours (the sites file's `hours:`): their defaults and validation, and whether a school
 * is open at an instant (the router's after-hours checks, the rules, the simulators' day).
 */
import type { SitesLocator, SitesPath } from './locator';
import { wallClockAt } from '../time/wall-clock';
import type { SchoolHours } from './sites-model';

/**
 * Hours of a school that declares none: 06:30–22:00 every day. Wide on purpose: many schools
 * are boarding schools (寄宿制) with students in the dormitories from early morning to lights-out
 * and at weekends, and a default that called every person seen at 19:00 on a Saturday an
 * intruder would flood the duty staff. Day schools narrow it with `hours:`.
 */
export const DEFAULT_SCHOOL_HOURS: SchoolHours = {
  open: '06:30',
  close: '22:00',
  days: [1, 2, 3, 4, 5, 6, 7],
};

export interface RawHours {
  open?: string | undefined;
  close?: string | undefined;
  days?: number[] | undefined;
}

/** The school's hours with defaults filled in; refuses a close not after open and repeated or no days. */
export function resolveSchoolHours(
  raw: RawHours | undefined,
  path: SitesPath,
  locator: SitesLocator,
): SchoolHours {
  const open = raw?.open ?? DEFAULT_SCHOOL_HOURS.open;
  const close = raw?.close ?? DEFAULT_SCHOOL_HOURS.close;
  const days = raw?.days ?? DEFAULT_SCHOOL_HOURS.days;
  // "HH:MM" strings compare in time order.
  if (close <= open) {
    locator.fail(
      [...path, 'close'],
      `closes at ${close}, not after it opens at ${open} (school hours do not cross midnight)`,
    );
  }
  if (days.length === 0)
    locator.fail([...path, 'days'], 'list at least one weekday (1 = Monday … 7 = Sunday)');
  days.forEach((day, i) => {
    if (days.indexOf(day) !== i) locator.fail([...path, 'days', i], `weekday ${day} is listed twice`);
  });
  return { open, close, days: [...days].sort((a, b) => a - b) };
}

const MINUTES_PER_DAY = 24 * 60;
const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight of an `HH:MM` (00:00 … 23:59; `24:00` also, as a closing time), or undefined. */
export function parseClockTime(text: string): number | undefined {
  if (text === '24:00') return MINUTES_PER_DAY;
  const match = CLOCK_TIME.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * 60 + Number(match[2]);
}

/**
 * Whether a school with `hours` (local time in `timezone`) is open at `ts` (epoch ms).
 * - `open < close`: open on the listed ISO weekdays from `open` (inclusive) to `close` (exclusive).
 * - `close < open` (overnight, e.g. 22:00–06:00): the span belongs to the day it starts on, so it
 *   runs from `open` on a listed day until `close` on the next day.
 * - `open == close`: open around the clock on the listed days.
 * Never throws: an unknown timezone, a malformed time or a non-finite `ts` reads as closed (the
 * sites file is validated at start, so this only guards against misuse).
 */
export function isWithinSchoolHours(hours: SchoolHours, timezone: string, ts: number): boolean {
  const open = parseClockTime(hours.open);
  const close = parseClockTime(hours.close);
  if (open === undefined || close === undefined || open === MINUTES_PER_DAY) return false;
  const local = localTime(timezone, ts);
  if (!local) return false;
  const openOn = (weekday: number): boolean => hours.days.includes(weekday);
  const { weekday, minutes } = local;

  if (open === close) return openOn(weekday);
  if (open < close) return openOn(weekday) && minutes >= open && minutes < close;
  const previousDay = weekday === 1 ? 7 : weekday - 1;
  return (openOn(weekday) && minutes >= open) || (openOn(previousDay) && minutes < close);
}

interface LocalTime {
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Minutes after local midnight. */
  minutes: number;
}

function localTime(timezone: string, ts: number): LocalTime | undefined {
  const clock = wallClockAt(timezone, ts);
  return clock && { weekday: clock.weekday, minutes: clock.hour * 60 + clock.minute };
}
