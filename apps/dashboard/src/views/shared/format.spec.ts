import { describe, expect, it } from 'vitest';
import {
  daysUntil,
  endOfLocalDayIso,
  formatDate,
  formatDuration,
  formatRate,
  localDatePlusDays,
  relativeTime,
} from './format';

describe('formatDuration', () => {
  it('says seconds, minutes and hours with two units at most, in each language', () => {
    expect(formatDuration(42, 'zh-CN')).toBe('42秒');
    expect(formatDuration(83, 'zh-CN')).toBe('1分23秒');
    expect(formatDuration(120, 'zh-CN')).toBe('2分');
    expect(formatDuration(3_600 + 5 * 60 + 9, 'zh-CN')).toBe('1小时5分');
    expect(formatDuration(83, 'en')).toBe('1 min 23 s');
    expect(formatDuration(7_200, 'en')).toBe('2 h');
  });
  it('shows a dash when there is nothing to measure', () => {
    expect(formatDuration(null, 'zh-CN')).toBe('—');
    expect(formatDuration(Number.NaN, 'en')).toBe('—');
  });
});

describe('formatRate', () => {
  it('keeps one decimal only when it matters', () => {
    expect(formatRate(1)).toBe('100%');
    expect(formatRate(5 / 6)).toBe('83.3%');
    expect(formatRate(0.9)).toBe('90%');
    expect(formatRate(null)).toBe('—');
  });
});

describe('daysUntil', () => {
  const at = (d: number, h: number, m = 0) => new Date(2026, 10, d, h, m).getTime();
  const now = at(28, 16, 1);
  it('counts local calendar days, whatever the hour', () => {
    expect(daysUntil(new Date(at(28, 23, 59)).toISOString(), now)).toBe(0);
    expect(daysUntil(new Date(at(29, 0, 1)).toISOString(), now)).toBe(1);
    expect(daysUntil(new Date(2026, 11, 5, 23, 59).toISOString(), now)).toBe(7);
    expect(daysUntil(new Date(at(28, 8)).toISOString(), now)).toBe(0);
    expect(daysUntil(new Date(at(25, 23)).toISOString(), now)).toBe(-3);
  });
});

describe('dates for inputs and deadlines', () => {
  it('adds local days and ends a local day', () => {
    expect(localDatePlusDays(new Date(2026, 10, 28, 23, 30), 7)).toBe('2026-12-05');
    const end = new Date(endOfLocalDayIso('2026-12-05'));
    expect([end.getFullYear(), end.getMonth(), end.getDate(), end.getHours(), end.getMinutes()]).toEqual([
      2026, 11, 5, 23, 59,
    ]);
    expect(formatDate(endOfLocalDayIso('2026-12-05'))).toBe('2026-12-05');
    expect(formatDate(null)).toBe('');
  });
});

describe('relativeTime', () => {
  const now = Date.parse('2026-11-28T10:00:00Z');
  it('picks the largest unit that fits', () => {
    expect(relativeTime('2026-11-28T09:57:00Z', now, 'en')).toBe('3 minutes ago');
    expect(relativeTime('2026-11-28T07:00:00Z', now, 'en')).toBe('3 hours ago');
    expect(relativeTime('2026-11-25T10:00:00Z', now, 'en')).toBe('3 days ago');
    expect(relativeTime('2026-11-28T09:59:50Z', now, 'en')).toBe('now');
    expect(relativeTime('2026-11-28T09:57:00Z', now, 'zh-CN')).toBe('3分钟前');
  });
});
