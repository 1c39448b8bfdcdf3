import { SEVERITIES, type OrgLevel } from '@campus/device-protocols';
import { ALERT_TYPE_ZH, SEVERITY_ZH } from '../notifications/alert-labels';
import { toCsv, type CsvValue } from './csv';
import type { Report, ReportRow } from '../domain/report';

const LEVEL_ZH: Readonly<Record<OrgLevel, string>> = {
  province: '省',
  city: '市',
  county: '县（区）',
  school: '学校',
};

/** A rate 0…1 as a percentage with one decimal ("83.3"); empty when there is none. */
function percent(rate: number | null): CsvValue {
  return rate === null ? null : Math.round(rate * 1000) / 10;
}

/** Seconds to the millisecond. */
function seconds(value: number | null): CsvValue {
  return value === null ? null : Math.round(value * 1000) / 1000;
}

/**
 * `GET /api/reports.csv`: a Chinese header, one row per child unit, then 合计 (the report's org
 * as a whole). Alert types get a column each (those that occur, in code order).
 */
export function reportCsv(report: Report): string {
  const types = Object.keys(report.total.alerts.byType).sort();
  const header: CsvValue[] = [
    '机构代码',
    '机构名称',
    '级别',
    '报警总数（不含演练）',
    '演练报警',
    ...SEVERITIES.map((s) => `${SEVERITY_ZH[s]}级报警`),
    ...types.map((t) => `${ALERT_TYPE_ZH[t] ?? t}（${t}）`),
    '已确认报警',
    '确认用时中位数（秒）',
    '确认用时P90（秒）',
    '到场次数',
    '到场用时中位数（秒）',
    '到场用时P90（秒）',
    '已处置报警',
    '处置用时中位数（秒）',
    '处置用时P90（秒）',
    '设备总数',
    '在线',
    '离线',
    '状态未知',
    '在线率（%）',
    '登记隐患',
    '已关闭隐患',
    '隐患闭环率（%）',
    '逾期隐患',
    '督办次数',
    '查岗应答',
    '查岗未应答',
  ];
  const line = (r: ReportRow, name: string): CsvValue[] => [
    r.org,
    name,
    LEVEL_ZH[r.level],
    r.alerts.total,
    r.alerts.drills,
    ...SEVERITIES.map((s) => r.alerts.bySeverity[s]),
    ...types.map((t) => r.alerts.byType[t] ?? 0),
    r.ack.count,
    seconds(r.ack.medianSeconds),
    seconds(r.ack.p90Seconds),
    r.arrive?.count ?? 0,
    seconds(r.arrive?.medianSeconds ?? null),
    seconds(r.arrive?.p90Seconds ?? null),
    r.handle?.count ?? 0,
    seconds(r.handle?.medianSeconds ?? null),
    seconds(r.handle?.p90Seconds ?? null),
    r.devices.total,
    r.devices.online,
    r.devices.offline,
    r.devices.unknown,
    percent(r.devices.onlineRate),
    r.hazards.total,
    r.hazards.closed,
    percent(r.hazards.closureRate),
    r.hazards.overdue,
    r.supervision?.urges ?? 0,
    r.supervision?.rollCallAnswered ?? 0,
    r.supervision?.rollCallMissed ?? 0,
  ];
  const months = report.hazardReports ?? [];
  // 人人参与: a second table after an empty line, only when the period has hazard reports
  const reportsTable: CsvValue[][] =
    months.length === 0
      ? []
      : [
          [],
          [
            '学校代码',
            '学校名称',
            '月份',
            '隐患报告',
            '转为隐患',
            '转化率（%）',
            '已整改',
            '报告至整改用时中位数（小时）',
          ],
          ...months.map((m) => [
            m.school,
            m.name,
            m.month,
            m.reports,
            m.turnedIntoHazards,
            percent(m.hazardRate),
            m.rectified,
            m.medianHoursToRectification === null ? null : Math.round(m.medianHoursToRectification * 10) / 10,
          ]),
        ];
  return toCsv([
    header,
    ...report.rows.map((r) => line(r, r.name)),
    line(report.total, `合计（${report.total.name}）`),
    ...reportsTable,
  ]);
}

/** `report-{org}-{from}-{to}.csv`, the dates as local dates `YYYY-MM-DD` (no characters a file system refuses). */
export function reportFileName(org: string, fromDate: string, toDate: string): string {
  return `report-${org}-${fromDate}-${toDate}.csv`.replace(/[^A-Za-z0-9._-]/g, '_');
}
