import type { OrgLevel, Severity } from './common';
import type { SupervisionCounts } from './supervision';

/** Count, nearest-rank median and p90 of durations in seconds. */
export interface DurationStats {
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

/** One org unit's numbers over a period (`GET /api/reports`, docs/alerting.md "Reports"). */
export interface ReportRow {
  org: string;
  name: string;
  level: OrgLevel;
  /** Alerts opened in the period. `total`, `byType` and `bySeverity` leave drills out; `drills` counts them. */
  alerts: {
    total: number;
    drills: number;
    byType: Record<string, number>;
    bySeverity: Record<Severity, number>;
  };
  /** Time from opening to acknowledgement of the period's acknowledged alerts, drills excluded (nearest-rank). */
  ack: { count: number; medianSeconds: number | null; p90Seconds: number | null };
  /**
   * 应急预案: time from opening to the first 已到场 of a dispatched person (`arrive`), and to the
   * first 已处置 or else the resolution (`handle`), drills excluded; always set by the server.
   */
  arrive?: DurationStats;
  handle?: DurationStats;
  /** Devices of the sites file, now; `onlineRate` = online / (online + offline). */
  devices: { total: number; online: number; offline: number; unknown: number; onlineRate: number | null };
  /** Hazards registered in the period and how many are closed; `overdue`: all unclosed past deadline now. */
  hazards: { total: number; closed: number; closureRate: number | null; overdue: number };
  /** 督办 and 在线查岗 in the period (urges by `at`, roll-call lines by the roll-call's start); always set by the server. */
  supervision?: SupervisionCounts;
}

/**
 * 人人参与 for officials: one school's hazard reports in one month (the province's local time) of
 * the period (docs/alerting.md "Reports").
 */
export interface HazardReportMonthRow {
  school: string;
  name: string;
  /** `YYYY-MM`. */
  month: string;
  /** Reports made (by accounts and through the public link). */
  reports: number;
  /** Of those, registered as a hazard or merged into one. */
  turnedIntoHazards: number;
  /** turnedIntoHazards / reports. */
  hazardRate: number | null;
  /** Of those, whose hazard is rectified (reported done, or accepted). */
  rectified: number;
  /** Median time from the report to the rectification of its hazard (interpolated), in hours. */
  medianHoursToRectification: number | null;
}

export interface Report {
  org: { code: string; name: string; level: OrgLevel };
  from: string;
  to: string;
  total: ReportRow;
  /** One per child unit: province → cities, city → counties, county → schools; none for a school. */
  rows: ReportRow[];
  /** Hazard reports per school per month of the period (schools with reports only); always set by the server. */
  hazardReports?: HazardReportMonthRow[];
}
