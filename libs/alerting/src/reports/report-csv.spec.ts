import { describe, expect, it } from 'vitest';
import { BOM } from './csv';
import type { Report, ReportRow } from '../domain/report';
import { reportCsv, reportFileName } from './report-csv';

function row(over: Partial<ReportRow> & Pick<ReportRow, 'org' | 'name' | 'level'>): ReportRow {
  return {
    alerts: { total: 0, drills: 0, byType: {}, bySeverity: { critical: 0, high: 0, medium: 0, low: 0 } },
    ack: { count: 0, medianSeconds: null, p90Seconds: null },
    devices: { total: 0, online: 0, offline: 0, unknown: 0, onlineRate: null },
    hazards: { total: 0, closed: 0, closureRate: null, overdue: 0 },
    ...over,
  };
}

const REPORT: Report = {
  org: { code: '610100', name: '西安市', level: 'city' },
  from: '2026-10-29T00:00:00.000Z',
  to: '2026-11-28T00:00:00.000Z',
  rows: [
    row({
      org: '610113',
      name: '雁塔区, "高新"',
      level: 'county',
      alerts: {
        total: 3,
        drills: 1,
        byType: { smoke: 2, gas: 1 },
        bySeverity: { critical: 2, high: 1, medium: 0, low: 0 },
      },
      ack: { count: 3, medianSeconds: 12.3456, p90Seconds: 60 },
      arrive: { count: 2, medianSeconds: 300, p90Seconds: 420.5 },
      handle: { count: 3, medianSeconds: 900, p90Seconds: 1200 },
      devices: { total: 10, online: 5, offline: 1, unknown: 4, onlineRate: 5 / 6 },
      hazards: { total: 3, closed: 1, closureRate: 1 / 3, overdue: 2 },
      supervision: { urges: 2, rollCallAnswered: 3, rollCallMissed: 1 },
    }),
    row({ org: '610112', name: '未央区', level: 'county' }),
  ],
  total: row({
    org: '610100',
    name: '西安市',
    level: 'city',
    alerts: {
      total: 3,
      drills: 1,
      byType: { gas: 1, smoke: 2 },
      bySeverity: { critical: 2, high: 1, medium: 0, low: 0 },
    },
    ack: { count: 3, medianSeconds: 12.3456, p90Seconds: 60 },
    arrive: { count: 2, medianSeconds: 300, p90Seconds: 420.5 },
    handle: { count: 3, medianSeconds: 900, p90Seconds: 1200 },
    devices: { total: 10, online: 5, offline: 1, unknown: 4, onlineRate: 5 / 6 },
    hazards: { total: 3, closed: 1, closureRate: 1 / 3, overdue: 2 },
    supervision: { urges: 2, rollCallAnswered: 3, rollCallMissed: 1 },
  }),
};

describe('reportCsv', () => {
  const text = reportCsv(REPORT);
  const lines = text.slice(BOM.length).split('\r\n');

  it('is BOM-prefixed CSV with a Chinese header, one row per child, then 合计', () => {
    expect(text.startsWith(BOM)).toBe(true);
    expect(lines).toHaveLength(5); // header, 2 rows, total, and the empty string after the last CRLF
    expect(lines[4]).toBe('');
    expect(lines[0]).toBe(
      '机构代码,机构名称,级别,报警总数（不含演练）,演练报警,紧急级报警,高级报警,中级报警,低级报警,' +
        '燃气泄漏（gas）,烟感报警（smoke）,已确认报警,确认用时中位数（秒）,确认用时P90（秒）,' +
        '到场次数,到场用时中位数（秒）,到场用时P90（秒）,已处置报警,处置用时中位数（秒）,处置用时P90（秒）,' +
        '设备总数,在线,离线,状态未知,在线率（%）,登记隐患,已关闭隐患,隐患闭环率（%）,逾期隐患,' +
        '督办次数,查岗应答,查岗未应答',
    );
  });

  it('quotes names with commas and quotes, and writes rates as percentages', () => {
    expect(lines[1]).toBe(
      '610113,"雁塔区, ""高新""",县（区）,3,1,2,1,0,0,1,2,3,12.346,60,2,300,420.5,3,900,1200,10,5,1,4,83.3,3,1,33.3,2,2,3,1',
    );
    expect(lines[2]).toBe('610112,未央区,县（区）,0,0,0,0,0,0,0,0,0,,,0,,,0,,,0,0,0,0,,0,0,,0,0,0,0');
    expect(lines[3]).toBe(
      '610100,合计（西安市）,市,3,1,2,1,0,0,1,2,3,12.346,60,2,300,420.5,3,900,1200,10,5,1,4,83.3,3,1,33.3,2,2,3,1',
    );
  });
});

describe('reportFileName', () => {
  it('names the org and the dates, and nothing a file system refuses', () => {
    expect(reportFileName('610113', '2026-10-29', '2026-11-28')).toBe(
      'report-610113-2026-10-29-2026-11-28.csv',
    );
    expect(reportFileName('a/b"c', '2026-10-29', '2026-11-28')).toBe(
      'report-a_b_c-2026-10-29-2026-11-28.csv',
    );
  });
});
