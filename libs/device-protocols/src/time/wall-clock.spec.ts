import { describe, expect, it } from 'vitest';
import { wallClockAt } from './wall-clock';

describe('wallClockAt', () => {
  it('reads the local wall clock and ISO weekday of a zone', () => {
    // 2026-11-28T16:30:05Z is Sunday 00:30:05 in Shanghai (UTC+8), Saturday in UTC
    const ts = Date.UTC(2026, 10, 28, 16, 30, 5);
    expect(wallClockAt('Asia/Shanghai', ts)).toEqual({
      year: 2026,
      month: 11,
      day: 29,
      hour: 0,
      minute: 30,
      second: 5,
      weekday: 7,
    });
    expect(wallClockAt('UTC', ts)).toMatchObject({ day: 28, hour: 16, weekday: 6 });
  });

  it('gives undefined for an unknown zone or an instant no Date can hold', () => {
    expect(wallClockAt('Mars/Olympus_Mons', 0)).toBeUndefined();
    expect(wallClockAt('UTC', Number.NaN)).toBeUndefined();
    expect(wallClockAt('UTC', 8.64e15 + 1)).toBeUndefined();
  });
});
