import { describe, expect, it } from 'vitest';
import type { ChecklistItem } from '../../api/inspections';
import {
  checklistProgress,
  coverage,
  groupItems,
  isOverridden,
  mayChangeInspection,
  measuredText,
} from './inspection-summary';

function item(key: string, over: Partial<ChecklistItem> = {}): ChecklistItem {
  return {
    key,
    source: 'manual',
    label: key,
    value: null,
    measured: null,
    autoResult: null,
    result: null,
    note: null,
    ...over,
  };
}

const items = [
  item('camera_online_rate', {
    source: 'auto',
    value: '5/6 在线 (83%)',
    measured: { online: 5, total: 6 },
    autoResult: 'fail',
    result: 'fail',
  }),
  item('open_hazards', { source: 'auto', autoResult: 'pass', result: 'fail' }),
  item('overdue_hazards', { source: 'auto', autoResult: 'pass', result: 'pass' }),
  item('fire_exits_clear', { result: 'pass' }),
  item('guards_on_duty', { result: 'na' }),
  item('video_retained_30d'),
];

describe('checklistProgress', () => {
  it('counts verdicts, manual items left, and overrides of the platform', () => {
    expect(checklistProgress(items)).toEqual({
      total: 6,
      decided: 5,
      pass: 2,
      fail: 2,
      na: 1,
      undecidedManual: 1,
      overridden: 1,
    });
    expect(isOverridden(items[1]!)).toBe(true);
    expect(isOverridden(items[0]!)).toBe(false);
  });
  it('groups auto items before manual ones', () => {
    const g = groupItems(items);
    expect(g.auto.map((i) => i.key)).toEqual(['camera_online_rate', 'open_hazards', 'overdue_hazards']);
    expect(g.manual).toHaveLength(3);
  });
  it('words a measurement for non-Chinese readers', () => {
    expect(measuredText(items[0]!)).toBe('online 5, total 6');
    expect(measuredText(items[0]!, (k) => (k === 'online' ? 'up' : k))).toBe('up 5, total 6');
    expect(measuredText(item('x', { value: '3 条' }))).toBe('3 条');
  });
});

describe('coverage', () => {
  const now = Date.parse('2026-12-31T00:00:00Z');
  const schools = [
    { code: 'a', name: 'A' },
    { code: 'b', name: 'B' },
    { code: 'c', name: 'C' },
  ];
  it('shows never-inspected schools first, then the longest ago, and who is covered', () => {
    const c = coverage(
      schools,
      [
        { school: 'a', startedAt: '2026-12-20T00:00:00Z' },
        { school: 'a', startedAt: '2026-10-01T00:00:00Z' },
        { school: 'b', startedAt: '2026-11-01T00:00:00Z' },
      ],
      now,
    );
    expect(c.map((s) => [s.code, s.covered])).toEqual([
      ['c', false],
      ['b', false],
      ['a', true],
    ]);
    expect(c[2]!.lastAt).toBe('2026-12-20T00:00:00Z');
  });
});

describe('mayChangeInspection', () => {
  it('is the inspector or an admin', () => {
    const inspection = { inspector: 'yanta' };
    expect(mayChangeInspection({ username: 'yanta', role: 'county_officer' }, inspection)).toBe(true);
    expect(mayChangeInspection({ username: 'root', role: 'admin' }, inspection)).toBe(true);
    expect(mayChangeInspection({ username: 'xian', role: 'city_officer' }, inspection)).toBe(false);
    expect(mayChangeInspection(null, inspection)).toBe(false);
    expect(mayChangeInspection({ username: 'yanta', role: 'county_officer' }, null)).toBe(false);
  });
});
