import type { OrgLevel, RiskGrade, Severity } from './common';

/**
 * The officials' overview (态势, `GET /api/overview`, docs/alerting.md "Overview"). "Alarms" are
 * the alerts that are not drills and not `device_offline` (offline devices are counted on their own).
 */

/** A school's place on the map, from the sites file (`location: { lat, lng }`, WGS 84 degrees). */
export interface GeoPoint {
  lat: number;
  lng: number;
}

/** One school of the scope: one row of the league table (红黑榜) and one dot on the map. */
export interface OverviewSchool {
  code: string;
  name: string;
  county: string;
  countyName: string;
  city: string;
  cityName: string;
  /** Null when the sites file gives none: the map places the school in the schematic layout. */
  location: GeoPoint | null;
  alarms: {
    /** Live alarms not yet acknowledged (status `open`). */
    unacknowledged: number;
    /** Live alarms acknowledged, not yet resolved. */
    acknowledged: number;
    /** The highest severity among the live alarms; null without any. */
    highestSeverity: Severity | null;
    /** Live alarms whose escalation went beyond the school. */
    escalated: number;
    /** The highest level a live alarm reached (`school` when none went beyond); null without any. */
    highestLevel: OrgLevel | null;
  };
  /** Devices of the sites file; `offline`: reported offline now (a bridge's devices with it). */
  devices: { offline: number; total: number };
  /** Unclosed hazards, and those of them past their deadline. */
  hazards: { open: number; overdue: number };
  /** The highest grade of the school's risk points (风险分级); null when none is graded. */
  risk: RiskGrade | null;
  /** Inspections (线上督查) started this month (province time), and the last one's start. */
  inspections: { thisMonth: number; lastAt: string | null };
  /** Median seconds from opening to acknowledgement of the alarms opened today; null without any. */
  ackTodayMedianSeconds: number | null;
}

/** An open alert whose escalation reached the caller's level ("升级到我这里的告警"). */
export interface OverviewEscalatedAlert {
  id: string;
  type: string;
  severity: Severity;
  level: OrgLevel;
  school: string;
  schoolName: string;
  openedAt: string;
}

export interface Overview {
  org: { code: string; name: string; level: OrgLevel };
  generatedAt: string;
  /** Alarms opened today (province time): how many, how many of them acknowledged, how many still open. */
  today: { date: string; opened: number; acknowledged: number; waiting: number };
  /** Alarms opened per day, the last 7 days (today last), `date` as `YYYY-MM-DD`. */
  trend: { date: string; alarms: number }[];
  /** Schools with an inspection started this month (`YYYY-MM`), of all schools in the scope. */
  inspectionCoverage: { month: string; inspected: number; schools: number };
  schools: OverviewSchool[];
  /**
   * Open (unacknowledged, not drill) alerts of the scope whose `level` reached the caller's own
   * level, oldest first; at most 100 (`total` counts them all).
   */
  escalatedToMe: { level: OrgLevel; total: number; items: OverviewEscalatedAlert[] };
}
