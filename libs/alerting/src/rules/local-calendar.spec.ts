import { describe, expect, it } from 'vitest';
import { addDays, firstWholeDay, isoWeekday, localDate, localMoment } from './local-calendar';

const TZ = 'Asia/Shanghai';

describe('local calendar', () => {
  it('puts an instant on its local date (UTC+8)', () => {
    expect(localDate(Date.UTC(2026, 10, 29, 15, 59, 59, 999), TZ)).toBe('2026-11-29');
    expect(localDate(Date.UTC(2026, 10, 29, 16, 0, 0, 0), TZ)).toBe('2026-11-30');
    expect(localMoment(Date.UTC(2026, 10, 29, 16, 0, 1, 500), TZ)).toEqual({
      date: '2026-11-30',
      msIntoDay: 1500,
    });
  });

  it('adds days across months and years', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('names ISO weekdays', () => {
    expect(isoWeekday('2026-11-30')).toBe(1);
    expect(isoWeekday('2026-12-05')).toBe(6);
    expect(isoWeekday('2026-12-06')).toBe(7);
  });

  it('the first whole day is the same day only at exactly local midnight', () => {
    expect(firstWholeDay(Date.UTC(2026, 10, 29, 16, 0, 0, 0), TZ)).toBe('2026-11-30');
    expect(firstWholeDay(Date.UTC(2026, 10, 29, 16, 0, 0, 1), TZ)).toBe('2026-12-01');
  });

  it('follows daylight saving time where there is one', () => {
    // New York, 2026-03-08: clocks go from 02:00 to 03:00; 05:00Z is 00:00 EST.
    expect(localMoment(Date.UTC(2026, 2, 8, 5, 0), 'America/New_York')).toEqual({
      date: '2026-03-08',
      msIntoDay: 0,
    });
    expect(localMoment(Date.UTC(2026, 2, 9, 4, 0), 'America/New_York')).toEqual({
      date: '2026-03-09',
      msIntoDay: 0,
    });
  });
});
