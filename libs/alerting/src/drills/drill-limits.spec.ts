import { describe, expect, it } from 'vitest';
import { DEFAULT_DRILL_MAX_HOURS, drillMaxHoursFrom, drillOver, drillTooLong } from './drill-limits';

describe('DRILL_MAX_HOURS', () => {
  it('defaults to 24 h and takes whole or decimal hours', () => {
    expect(drillMaxHoursFrom({})).toBe(DEFAULT_DRILL_MAX_HOURS);
    expect(DEFAULT_DRILL_MAX_HOURS).toBe(24);
    expect(drillMaxHoursFrom({ DRILL_MAX_HOURS: '' })).toBe(24);
    expect(drillMaxHoursFrom({ DRILL_MAX_HOURS: ' 4 ' })).toBe(4);
    expect(drillMaxHoursFrom({ DRILL_MAX_HOURS: '0.5' })).toBe(0.5);
    expect(drillMaxHoursFrom({ DRILL_MAX_HOURS: '720' })).toBe(720);
  });

  it('refuses at start what is not a number of hours from 0 to 720, naming the variable', () => {
    for (const bad of ['0', '-1', 'abc', '1e3', '721', '87600', 'Infinity', '24h']) {
      expect(() => drillMaxHoursFrom({ DRILL_MAX_HOURS: bad }), bad).toThrow(
        /^DRILL_MAX_HOURS must be a number of hours greater than 0 and at most 720 \(default 24\), got/,
      );
    }
  });
});

describe('drillTooLong', () => {
  const from = '2026-11-28T00:00:00.000Z';
  it('lets a window up to the maximum through', () => {
    expect(drillTooLong(from, '2026-11-29T00:00:00.000Z', 24)).toBeNull();
    expect(drillTooLong(from, '2026-11-28T00:30:00.000Z', 0.5)).toBeNull();
  });
  it('says how long the drill would be and what to do instead', () => {
    expect(drillTooLong(from, '2026-11-29T00:00:00.001Z', 24)).toBe(
      'a drill may last at most 24 h (DRILL_MAX_HOURS) and this one would last 24 h: give a shorter window, and start another drill when this one ends',
    );
    expect(drillTooLong(from, '2036-11-28T00:00:00.000Z', 24)).toMatch(/would last 87672 h/);
  });
});

describe('drillOver', () => {
  const drill = { from: '2026-11-28T10:00:00.000Z', to: '2026-11-28T11:00:00.000Z' };
  it('is over once its end has passed, or when it was cancelled before it started', () => {
    expect(drillOver(drill, Date.parse('2026-11-28T10:30:00.000Z'))).toBe(false);
    expect(drillOver(drill, Date.parse('2026-11-28T09:00:00.000Z'))).toBe(false);
    expect(drillOver(drill, Date.parse('2026-11-28T11:00:00.000Z'))).toBe(true);
    expect(
      drillOver({ ...drill, to: '2026-11-28T10:00:00.001Z' }, Date.parse('2026-11-28T09:00:00.000Z')),
    ).toBe(true);
  });
});
