import { describe, expect, it } from 'vitest';
import type { RegistryContact } from '../../api/contacts';
import {
  clockMinutes,
  dutyLine,
  hoursOf,
  isOnDuty,
  overnight,
  shiftProblems,
  shiftsOf,
  wallClockOf,
  withinShift,
} from './duty-roster';

const contact = (id: string, hours: RegistryContact['hours']): RegistryContact => ({
  id,
  org: '2161010001',
  name: id,
  phone: '+8613800000001',
  hours,
});
const at = (weekday: number, hh: number, mm = 0) => ({ weekday, minutes: hh * 60 + mm });

describe('duty roster', () => {
  it('reads clock times, 24:00 included, and refuses others', () => {
    expect(clockMinutes('06:30')).toBe(390);
    expect(clockMinutes('24:00')).toBe(1440);
    expect(clockMinutes('24:01')).toBeUndefined();
    expect(clockMinutes('7:60')).toBeUndefined();
    expect(clockMinutes('night')).toBeUndefined();
  });

  it('a day shift is on duty from `from` up to (not including) `to`, on its days', () => {
    const shift = { from: '08:00', to: '17:00', days: [1, 2, 3, 4, 5] };
    expect(withinShift(shift, at(1, 8))).toBe(true);
    expect(withinShift(shift, at(1, 16, 59))).toBe(true);
    expect(withinShift(shift, at(1, 17))).toBe(false);
    expect(withinShift(shift, at(6, 10))).toBe(false);
  });

  it('a night shift runs past midnight and belongs to the day it starts on', () => {
    const shift = { from: '22:00', to: '06:00', days: [5] }; // Friday night
    expect(withinShift(shift, at(5, 23))).toBe(true);
    expect(withinShift(shift, at(6, 5, 59))).toBe(true); // Saturday early morning
    expect(withinShift(shift, at(6, 6))).toBe(false);
    expect(withinShift(shift, at(5, 5))).toBe(false); // Friday early morning: Thursday's night
    expect(overnight(shift)).toBe(true);
    expect(overnight({ from: '08:00', to: '17:00' })).toBe(false);
  });

  it('a contact without hours is always on duty; the line names a gap when nobody is', () => {
    expect(isOnDuty(contact('a', null), at(3, 3))).toBe(true);
    const night = contact('night', [{ from: '22:00', to: '06:00' }]);
    const day = contact('day', [{ from: '08:00', to: '17:00' }]);
    expect(dutyLine([night, day], at(2, 23)).onDuty.map((c) => c.id)).toEqual(['night']);
    expect(dutyLine([night, day], at(2, 18))).toEqual({ onDuty: [], gap: true });
    expect(dutyLine([], at(2, 18))).toEqual({ onDuty: [], gap: false });
  });

  it('reads a Date as ISO weekday and minutes', () => {
    expect(wallClockOf(new Date(2026, 11, 6, 23, 15))).toEqual({ weekday: 7, minutes: 23 * 60 + 15 }); // Sunday
  });

  it('turns the form into the API body and back, and names what is wrong', () => {
    expect(hoursOf([])).toBeNull();
    expect(hoursOf([{ from: '22:00', to: '6:00', days: [1, 2, 3, 4, 5, 6, 7] }])).toEqual([
      { from: '22:00', to: '06:00' },
    ]);
    expect(hoursOf([{ from: '08:00', to: '17:00', days: [5, 1, 1] }])).toEqual([
      { from: '08:00', to: '17:00', days: [1, 5] },
    ]);
    expect(shiftsOf([{ from: '22:00', to: '06:00' }])).toEqual([
      { from: '22:00', to: '06:00', days: [1, 2, 3, 4, 5, 6, 7] },
    ]);
    expect(shiftProblems([{ from: '25:00', to: '06:00', days: [] }])).toEqual([
      { index: 0, problem: 'time' },
      { index: 0, problem: 'days' },
    ]);
  });
});
