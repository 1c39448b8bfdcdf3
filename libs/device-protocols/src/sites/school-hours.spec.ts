import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SchoolHours } from './sites-model';
import { isWithinSchoolHours, parseClockTime } from './school-hours';

const SHANGHAI = 'Asia/Shanghai';
const WEEKDAYS = [1, 2, 3, 4, 5];
const dayHours: SchoolHours = { open: '08:00', close: '17:00', days: WEEKDAYS };
/** A UTC instant written as Shanghai local time (UTC+8, no DST). */
const shanghai = (local: string): number => Date.parse(`${local}+08:00`);

describe('isWithinSchoolHours in Asia/Shanghai', () => {
  it('opens at open (inclusive) and closes at close (exclusive) on school days', () => {
    // Monday 2026-11-30 local; 07:59 local is still Sunday in UTC.
    expect(isWithinSchoolHours(dayHours, SHANGHAI, shanghai('2026-11-30T07:59:59'))).toBe(false);
    expect(isWithinSchoolHours(dayHours, SHANGHAI, shanghai('2026-11-30T08:00:00'))).toBe(true);
    expect(isWithinSchoolHours(dayHours, SHANGHAI, shanghai('2026-11-30T16:59:59'))).toBe(true);
    expect(isWithinSchoolHours(dayHours, SHANGHAI, shanghai('2026-11-30T17:00:00'))).toBe(false);
  });

  it('uses the local weekday, not the UTC one', () => {
    // Saturday 2026-11-28 10:00 local (Saturday in UTC too) is closed; Monday 01:00 local (Sunday 17:00 UTC) is Monday.
    expect(isWithinSchoolHours(dayHours, SHANGHAI, shanghai('2026-11-28T10:00:00'))).toBe(false);
    const mondayEarly: SchoolHours = { open: '00:30', close: '02:00', days: [1] };
    expect(isWithinSchoolHours(mondayEarly, SHANGHAI, Date.UTC(2026, 10, 29, 17, 0))).toBe(true);
    expect(isWithinSchoolHours({ ...mondayEarly, days: [7] }, SHANGHAI, Date.UTC(2026, 10, 29, 17, 0))).toBe(
      false,
    );
  });

  it('runs an overnight span (close before open) from the day it starts into the next morning', () => {
    const fridayNight: SchoolHours = { open: '22:00', close: '06:00', days: [5] };
    expect(isWithinSchoolHours(fridayNight, SHANGHAI, shanghai('2026-12-04T21:59:00'))).toBe(false);
    expect(isWithinSchoolHours(fridayNight, SHANGHAI, shanghai('2026-12-04T22:00:00'))).toBe(true);
    expect(isWithinSchoolHours(fridayNight, SHANGHAI, shanghai('2026-12-05T05:59:00'))).toBe(true);
    expect(isWithinSchoolHours(fridayNight, SHANGHAI, shanghai('2026-12-05T06:00:00'))).toBe(false);
    expect(isWithinSchoolHours(fridayNight, SHANGHAI, shanghai('2026-12-05T22:30:00'))).toBe(false);
    expect(isWithinSchoolHours(fridayNight, SHANGHAI, shanghai('2026-12-04T05:00:00'))).toBe(false);
    // Sunday night into Monday: ISO 7 → 1 wraps.
    const sundayNight: SchoolHours = { open: '20:00', close: '07:00', days: [7] };
    expect(isWithinSchoolHours(sundayNight, SHANGHAI, shanghai('2026-11-30T06:00:00'))).toBe(true);
  });

  it('reads open == close as around the clock on the listed days, and 24:00 as end of day', () => {
    const always: SchoolHours = { open: '00:00', close: '00:00', days: [1, 2, 3, 4, 5, 6, 7] };
    expect(isWithinSchoolHours(always, SHANGHAI, shanghai('2026-11-28T03:00:00'))).toBe(true);
    expect(isWithinSchoolHours({ ...always, days: [6, 7] }, SHANGHAI, shanghai('2026-11-30T03:00:00'))).toBe(
      false,
    );
    const evening: SchoolHours = { open: '18:00', close: '24:00', days: [1] };
    expect(isWithinSchoolHours(evening, SHANGHAI, shanghai('2026-11-30T23:59:00'))).toBe(true);
    expect(isWithinSchoolHours(evening, SHANGHAI, shanghai('2026-12-01T00:00:00'))).toBe(false);
  });
});

describe('isWithinSchoolHours elsewhere and on bad input', () => {
  it('follows daylight saving time (America/New_York, 08:30 local in July and December)', () => {
    expect(isWithinSchoolHours(dayHours, 'America/New_York', Date.UTC(2026, 6, 6, 12, 30))).toBe(true);
    expect(isWithinSchoolHours(dayHours, 'America/New_York', Date.UTC(2026, 11, 7, 13, 30))).toBe(true);
    expect(isWithinSchoolHours(dayHours, 'America/New_York', Date.UTC(2026, 11, 7, 12, 30))).toBe(false);
    expect(isWithinSchoolHours(dayHours, 'UTC', Date.UTC(2026, 11, 7, 12, 30))).toBe(true);
  });

  it('reads an unknown timezone, a malformed time or an impossible instant as closed', () => {
    const monday = shanghai('2026-11-30T10:00:00');
    expect(isWithinSchoolHours(dayHours, 'Mars/Olympus_Mons', monday)).toBe(false);
    expect(isWithinSchoolHours(dayHours, '', monday)).toBe(false);
    expect(isWithinSchoolHours({ ...dayHours, open: '8:00' }, SHANGHAI, monday)).toBe(false);
    expect(isWithinSchoolHours({ ...dayHours, close: '25:00' }, SHANGHAI, monday)).toBe(false);
    expect(isWithinSchoolHours({ ...dayHours, open: '24:00' }, SHANGHAI, monday)).toBe(false);
    expect(isWithinSchoolHours(dayHours, SHANGHAI, Number.NaN)).toBe(false);
    expect(isWithinSchoolHours(dayHours, SHANGHAI, 1e20)).toBe(false);
  });

  it('parses HH:MM clock times', () => {
    expect(parseClockTime('00:00')).toBe(0);
    expect(parseClockTime('07:30')).toBe(450);
    expect(parseClockTime('23:59')).toBe(1439);
    expect(parseClockTime('24:00')).toBe(1440);
    for (const bad of ['7:30', '24:01', '12:60', '12-00', ' 12:00', ''])
      expect(parseClockTime(bad)).toBeUndefined();
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.record({
          open: fc.string({ maxLength: 6 }),
          close: fc.string({ maxLength: 6 }),
          days: fc.array(fc.integer()),
        }),
        fc.oneof(fc.constantFrom(SHANGHAI, 'UTC', 'Europe/Berlin'), fc.string({ maxLength: 12 })),
        fc.oneof(fc.double(), fc.integer({ min: 0, max: 4_102_444_800_000 })),
        (hours, timezone, ts) => {
          expect(typeof isWithinSchoolHours(hours, timezone, ts)).toBe('boolean');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('agrees with a plain UTC+8 computation for Shanghai day hours', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }), (ts) => {
        const local = new Date(ts + 8 * 3600_000);
        const weekday = local.getUTCDay() === 0 ? 7 : local.getUTCDay();
        const minutes = local.getUTCHours() * 60 + local.getUTCMinutes();
        const expected = WEEKDAYS.includes(weekday) && minutes >= 480 && minutes < 1020;
        expect(isWithinSchoolHours(dayHours, SHANGHAI, ts)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});
