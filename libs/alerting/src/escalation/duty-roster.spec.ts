import { describe, expect, it } from 'vitest';
import { contactsOnDuty, isOnDuty } from './duty-roster';

const TZ = 'Asia/Shanghai';
/** 2026-03-02 is a Monday; local time is UTC+8. */
const local = (day: number, hh: number, mm = 0) => Date.UTC(2026, 2, day, hh - 8, mm);

type Person = { name: string; hours?: { from: string; to: string; days?: number[] }[] };
const day: Person = { name: '白班', hours: [{ from: '08:00', to: '20:00' }] };
const night: Person = { name: '夜班', hours: [{ from: '20:00', to: '08:00' }] };
const weekdays: Person = { name: '工作日', hours: [{ from: '08:00', to: '18:00', days: [1, 2, 3, 4, 5] }] };
const always: Person = { name: '值守' };

describe('duty roster', () => {
  it('a contact without hours is always on duty', () => {
    expect(isOnDuty(always, TZ, local(2, 3))).toBe(true);
  });

  it('a day shift covers its hours, its end excluded', () => {
    expect(isOnDuty(day, TZ, local(2, 8))).toBe(true);
    expect(isOnDuty(day, TZ, local(2, 19, 59))).toBe(true);
    expect(isOnDuty(day, TZ, local(2, 20))).toBe(false);
    expect(isOnDuty(day, TZ, local(2, 7, 59))).toBe(false);
  });

  it('a night shift runs past midnight', () => {
    expect(isOnDuty(night, TZ, local(2, 23))).toBe(true);
    expect(isOnDuty(night, TZ, local(3, 7))).toBe(true);
    expect(isOnDuty(night, TZ, local(3, 12))).toBe(false);
  });

  it('days limit the weekdays a shift starts on (ISO, in the province time zone)', () => {
    expect(isOnDuty(weekdays, TZ, local(6, 10))).toBe(true); // Friday
    expect(isOnDuty(weekdays, TZ, local(7, 10))).toBe(false); // Saturday
    // Monday 02:00 local is still Sunday in UTC: the province's calendar decides
    expect(isOnDuty({ hours: [{ from: '00:00', to: '06:00', days: [1] }] }, TZ, local(2, 2))).toBe(true);
  });

  it('pages those on duty, and everyone of the level when nobody is', () => {
    expect(contactsOnDuty([day, night, always], TZ, local(2, 10)).contacts.map((c) => c.name)).toEqual([
      '白班',
      '值守',
    ]);
    const gap = contactsOnDuty([day, weekdays], TZ, local(7, 22)); // Saturday night
    expect(gap.nobodyOnDuty).toBe(true);
    expect(gap.contacts.map((c) => c.name)).toEqual(['白班', '工作日']);
    expect(contactsOnDuty([], TZ, local(2, 10))).toEqual({ contacts: [], nobodyOnDuty: false });
  });
});
