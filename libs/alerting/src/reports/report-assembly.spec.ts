import { describe, expect, it } from 'vitest';
import { assembleReport, type ReportInput } from './report-assembly';

const COUNTY = { code: '610113', name: '雁塔区', level: 'county' as const };
const S1 = { code: '2161010001', name: '一小', level: 'school' as const };
const S2 = { code: '2161010003', name: '二小', level: 'school' as const };

function input(over: Partial<ReportInput> = {}): ReportInput {
  return {
    org: COUNTY,
    children: [S1, S2],
    from: '2026-11-01T00:00:00.000Z',
    to: '2026-11-28T00:00:00.000Z',
    declaredDevices: (code) => ({ '610113': 12, '2161010001': 10, '2161010003': 2 })[code] ?? 0,
    alerts: [],
    ack: [],
    devices: [],
    hazards: [],
    ...over,
  };
}

describe('assembleReport', () => {
  it('splits alerts by child, leaves drills out of total, type and severity, and sums the total', () => {
    const report = assembleReport(
      input({
        alerts: [
          { org: S1.code, type: 'smoke', severity: 'critical', drill: false, count: 2 },
          { org: S1.code, type: 'smoke', severity: 'critical', drill: true, count: 5 },
          { org: S1.code, type: 'gas', severity: 'high', drill: false, count: 1 },
          { org: S2.code, type: 'smoke', severity: 'high', drill: false, count: 3 },
        ],
      }),
    );
    expect(report.rows.map((r) => [r.org, r.alerts])).toEqual([
      [
        S1.code,
        {
          total: 3,
          drills: 5,
          byType: { gas: 1, smoke: 2 },
          bySeverity: { critical: 2, high: 1, medium: 0, low: 0 },
        },
      ],
      [
        S2.code,
        {
          total: 3,
          drills: 0,
          byType: { smoke: 3 },
          bySeverity: { critical: 0, high: 3, medium: 0, low: 0 },
        },
      ],
    ]);
    expect(report.total.alerts).toEqual({
      total: 6,
      drills: 5,
      byType: { gas: 1, smoke: 5 },
      bySeverity: { critical: 2, high: 4, medium: 0, low: 0 },
    });
    expect(Object.keys(report.total.alerts.byType)).toEqual(['gas', 'smoke']);
  });

  it('takes ack, device and hazard numbers from the matching rows, the total from org null', () => {
    const report = assembleReport(
      input({
        ack: [
          { org: S1.code, count: 4, medianSeconds: 30, p90Seconds: 90 },
          { org: null, count: 4, medianSeconds: 30, p90Seconds: 90 },
        ],
        devices: [
          { org: S1.code, online: 8, offline: 1 },
          { org: null, online: 8, offline: 1 },
        ],
        hazards: [
          { org: S2.code, total: 4, closed: 3, overdue: 1 },
          { org: null, total: 4, closed: 3, overdue: 1 },
        ],
        supervision: [
          { org: S1.code, urges: 2, rollCallAnswered: 1, rollCallMissed: 0 },
          { org: null, urges: 2, rollCallAnswered: 1, rollCallMissed: 1 },
        ],
      }),
    );
    const [s1, s2] = report.rows;
    expect(s1).toMatchObject({
      org: S1.code,
      name: '一小',
      level: 'school',
      ack: { count: 4, medianSeconds: 30, p90Seconds: 90 },
      devices: { total: 10, online: 8, offline: 1, unknown: 1, onlineRate: 8 / 9 },
      hazards: { total: 0, closed: 0, closureRate: null, overdue: 0 },
      supervision: { urges: 2, rollCallAnswered: 1, rollCallMissed: 0 },
    });
    expect(s2).toMatchObject({
      supervision: { urges: 0, rollCallAnswered: 0, rollCallMissed: 0 },
      ack: { count: 0, medianSeconds: null, p90Seconds: null },
      devices: { total: 2, online: 0, offline: 0, unknown: 2, onlineRate: null },
      hazards: { total: 4, closed: 3, closureRate: 0.75, overdue: 1 },
    });
    expect(report.total).toMatchObject({
      org: '610113',
      name: '雁塔区',
      level: 'county',
      devices: { total: 12, unknown: 3 },
      hazards: { closureRate: 0.75 },
      supervision: { urges: 2, rollCallAnswered: 1, rollCallMissed: 1 },
    });
    expect(report).toMatchObject({
      org: COUNTY,
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-28T00:00:00.000Z',
    });
  });

  it('never reports fewer than zero unknown devices (state left over from removed devices)', () => {
    const report = assembleReport(input({ devices: [{ org: S2.code, online: 3, offline: 1 }] }));
    expect(report.rows[1]?.devices).toMatchObject({ total: 2, unknown: 0, onlineRate: 0.75 });
  });

  it('a school’s report is its total alone', () => {
    const report = assembleReport(
      input({
        org: S1,
        children: [],
        alerts: [{ org: null, type: 'sos', severity: 'critical', drill: false, count: 1 }],
      }),
    );
    expect(report.rows).toEqual([]);
    expect(report.total.alerts.total).toBe(1);
    expect(report.total.devices.total).toBe(10);
  });
});
