import type { OrgLevel, Severity } from '@campus/device-protocols';

/** One org unit's numbers over a period (`GET /api/reports`). */
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
  /** Devices of the sites file, now; `onlineRate` = online / (online + offline). */
  devices: { total: number; online: number; offline: number; unknown: number; onlineRate: number | null };
  /** Hazards registered in the period and how many are closed; `overdue`: all unclosed past deadline now. */
  hazards: { total: number; closed: number; closureRate: number | null; overdue: number };
}

export interface Report {
  org: { code: string; name: string; level: OrgLevel };
  from: string;
  to: string;
  total: ReportRow;
  /** One per child unit: province → cities, city → counties, county → schools; none for a school. */
  rows: ReportRow[];
}
