import type { SitesLocator, SitesPath } from './locator';
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
