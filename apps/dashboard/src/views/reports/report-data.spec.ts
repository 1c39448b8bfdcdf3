import { describe, expect, it } from 'vitest';
import type { ReportRow } from '../../api/reports';
import { knownDevices, periodRange, severityCounts, toMinutes, typesByCount } from './report-data';

const row: ReportRow = {
  org: '610113',
  name: '雁塔区',
  level: 'county',
  alerts: {
    total: 7,
    drills: 1,
    byType: { smoke: 3, gas: 0, sos: 4 },
    // a server with severities missing and one unknown to this dashboard
    bySeverity: { critical: 5, low: 2, odd: 1 } as unknown as ReportRow['alerts']['bySeverity'],
  },
  ack: { count: 6, medianSeconds: 95, p90Seconds: null },
  devices: { total: 10, online: 8, offline: 1, unknown: 1, onlineRate: 8 / 9 },
  hazards: { total: 4, closed: 3, closureRate: 0.75, overdue: 1 },
};

describe('periodRange', () => {
  const now = Date.parse('2026-11-28T10:00:42.123Z');
  it('ends a preset now and starts it N days earlier', () => {
    expect(periodRange('d7', now)).toEqual({
      from: '2026-11-21T10:00:42.123Z',
      to: '2026-11-28T10:00:42.123Z',
    });
    expect(periodRange('d90', now)!.from).toBe('2026-08-30T10:00:42.123Z');
  });
  it('runs a custom range over whole local days, and refuses a backwards or missing one', () => {
    const r = periodRange('custom', now, ['2026-11-01', '2026-11-03'])!;
    const from = new Date(r.from);
    const to = new Date(r.to);
    expect([from.getDate(), from.getHours(), from.getMinutes()]).toEqual([1, 0, 0]);
    expect([to.getDate(), to.getHours(), to.getMinutes()]).toEqual([3, 23, 59]);
    expect(periodRange('custom', now, ['2026-11-03', '2026-11-01'])).toBeNull();
    expect(periodRange('custom', now, null)).toBeNull();
  });
});

describe('chart data', () => {
  it('orders alert types by count and drops zeros', () => {
    expect(typesByCount(row)).toEqual([
      ['sos', 4],
      ['smoke', 3],
    ]);
  });
  it('keeps the four severities in order with zeros, then any other', () => {
    expect(severityCounts(row)).toEqual([
      ['critical', 5],
      ['high', 0],
      ['medium', 0],
      ['low', 2],
      ['odd', 1],
    ]);
  });
  it('converts seconds to minutes and counts the devices the rate is over', () => {
    expect(toMinutes(95)).toBe(1.6);
    expect(toMinutes(null)).toBeNull();
    expect(knownDevices(row)).toBe(9);
  });
});
