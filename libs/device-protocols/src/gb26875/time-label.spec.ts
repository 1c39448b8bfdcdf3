import { describe, expect, it } from 'vitest';
import { epochToTimeLabel, formatTimeLabel, isValidTimeLabel, timeLabelToEpoch } from './time-label';

const label = (year: number, month: number, day: number, hour = 0, minute = 0, second = 0) => ({
  year,
  month,
  day,
  hour,
  minute,
  second,
});

describe('GB/T 26875.3 time labels', () => {
  it('reads local time in the province timezone (Asia/Shanghai is UTC+8)', () => {
    expect(timeLabelToEpoch(label(12, 9, 26, 9, 58, 2), 'Asia/Shanghai')).toBe(
      Date.UTC(2012, 8, 26, 1, 58, 2),
    );
    expect(timeLabelToEpoch(label(26, 1, 1, 0, 0, 0), 'Asia/Shanghai')).toBe(Date.UTC(2025, 11, 31, 16));
    expect(timeLabelToEpoch(label(26, 1, 1, 0, 0, 0), 'Asia/Urumqi')).toBe(Date.UTC(2025, 11, 31, 18));
  });

  it('follows daylight saving where a zone has it', () => {
    expect(timeLabelToEpoch(label(24, 7, 1, 12), 'Europe/Berlin')).toBe(Date.UTC(2024, 6, 1, 10));
    expect(timeLabelToEpoch(label(24, 1, 1, 12), 'Europe/Berlin')).toBe(Date.UTC(2024, 0, 1, 11));
    // 02:30 does not exist on 2024-03-31 in Berlin: some time within the hour around it.
    const gap = timeLabelToEpoch(label(24, 3, 31, 2, 30), 'Europe/Berlin')!;
    expect(Math.abs(gap - Date.UTC(2024, 2, 31, 1, 0))).toBeLessThanOrEqual(3600_000);
  });

  it('round-trips through epochToTimeLabel', () => {
    const l = label(12, 9, 26, 9, 58, 2);
    expect(epochToTimeLabel(timeLabelToEpoch(l, 'Asia/Shanghai')!, 'Asia/Shanghai')).toEqual(l);
  });

  it.each([
    ['month 13', label(12, 13, 1)],
    ['month 0', label(12, 0, 1)],
    ['30 February', label(12, 2, 30)],
    ['29 February 2023', label(23, 2, 29)],
    ['hour 24', label(12, 1, 1, 24)],
    ['second 60', label(12, 1, 1, 0, 0, 60)],
    ['year 100', label(100, 1, 1)],
  ])('refuses %s', (_name, l) => {
    expect(isValidTimeLabel(l)).toBe(false);
    expect(timeLabelToEpoch(l, 'Asia/Shanghai')).toBeUndefined();
  });

  it('accepts 29 February in a leap year and refuses an unknown zone', () => {
    expect(isValidTimeLabel(label(24, 2, 29))).toBe(true);
    expect(timeLabelToEpoch(label(24, 2, 29), 'Mars/Olympus')).toBeUndefined();
  });

  it('formats the label as sent, even an invalid one', () => {
    expect(formatTimeLabel(label(12, 9, 26, 9, 58, 2))).toBe('2012-09-26 09:58:02');
    expect(formatTimeLabel(label(12, 13, 40))).toBe('2012-13-40 00:00:00');
  });
});
