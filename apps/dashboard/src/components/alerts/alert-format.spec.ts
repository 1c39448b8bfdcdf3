import { describe, expect, it } from 'vitest';
import { absoluteTime, durationText, relativeTime, whereParts } from './alert-format';

const NOW = new Date(2026, 10, 28, 2, 30, 0).getTime();

describe('alert time formatting', () => {
  it('says how long ago, in the locale', () => {
    expect(relativeTime(NOW - 3_000, NOW, 'zh-CN', '刚刚')).toBe('刚刚');
    expect(relativeTime(NOW + 2_000, NOW, 'zh-CN', '刚刚')).toBe('刚刚');
    expect(relativeTime(NOW - 30_000, NOW, 'zh-CN', '刚刚')).toBe('30秒钟前');
    expect(relativeTime(NOW - 3 * 60_000, NOW, 'zh-CN', '刚刚')).toBe('3分钟前');
    expect(relativeTime(NOW - 2 * 3_600_000, NOW, 'en', 'just now')).toBe('2 hours ago');
    expect(relativeTime(NOW - 86_400_000, NOW, 'zh-CN', '刚刚')).toBe('昨天');
  });

  it('gives the clock time today, the date too on another day, the year in another year', () => {
    const today = new Date(2026, 10, 28, 2, 13, 5).toISOString();
    const earlier = new Date(2026, 10, 27, 23, 59, 1).toISOString();
    const lastYear = new Date(2025, 0, 2, 8, 0, 0).toISOString();
    expect(absoluteTime(today, NOW, 'zh-CN')).toBe('02:13:05');
    expect(absoluteTime(earlier, NOW, 'zh-CN')).toBe('11/27 23:59:01');
    expect(absoluteTime(lastYear, NOW, 'zh-CN')).toContain('2025');
  });

  it('writes durations with at most two units', () => {
    expect(durationText(20_400, 'zh-CN')).toBe('20秒');
    expect(durationText(80_000, 'zh-CN')).toBe('1分20秒');
    expect(durationText(3_900_000, 'zh-CN')).toBe('1小时5分');
    expect(durationText(120_000, 'en')).toBe('2 min');
    expect(durationText(-5, 'en')).toBe('0 s');
  });
});

describe('where an alert is', () => {
  it('lists building, floor and room, skipping what is unknown', () => {
    const floor = (n: number) => `${n}层`;
    expect(whereParts({ building: '实验楼', floor: 2, room: '化学实验室', use: 'lab' }, floor)).toEqual([
      '实验楼',
      '2层',
      '化学实验室',
    ]);
    expect(whereParts({ building: '门卫室', floor: 1, room: null, use: 'gate' }, floor)).toEqual([
      '门卫室',
      '1层',
    ]);
    expect(whereParts({ building: null, floor: 0, room: null, use: null }, floor)).toEqual(['0层']);
    expect(whereParts(null, floor)).toEqual([]);
  });
});
