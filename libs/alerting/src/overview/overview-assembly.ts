import {
  ORG_LEVELS,
  RISK_GRADES,
  SEVERITIES,
  type OrgLevel,
  type RiskGrade,
  type Severity,
} from '@campus/device-protocols';
import type { Overview, OverviewSchool } from '@campus/api-contract';
import {
  GRADE_RANK,
  LEVEL_RANK,
  SEVERITY_RANK,
  type AlarmDayRow,
  type SchoolAlarmRow,
  type SchoolHazardRow,
  type SchoolInspectionRow,
  type SchoolRiskRow,
} from '../db/overview-repository';
import { addDays } from '../rules/local-calendar';

/** A school of the scope as the sites file declares it. */
export interface OverviewSchoolRef {
  code: string;
  name: string;
  county: string;
  countyName: string;
  city: string;
  cityName: string;
  location: { lat: number; lng: number } | null;
  /** Devices declared for the school in the sites file. */
  devices: number;
}

export interface OverviewSchoolFigures {
  alarms: readonly SchoolAlarmRow[];
  /** Offline devices per school (the bridge rule applied). */
  offline: ReadonlyMap<string, number>;
  hazards: readonly SchoolHazardRow[];
  risk: readonly SchoolRiskRow[];
  inspections: readonly SchoolInspectionRow[];
}

/** The word of a rank (`SEVERITY_RANK` and the like), or null. */
function fromRank<T extends string>(
  words: readonly T[],
  ranks: Readonly<Record<T, number>>,
  rank: number | null | undefined,
): T | null {
  if (rank === null || rank === undefined) return null;
  return words.find((w) => ranks[w] === Number(rank)) ?? null;
}
export const severityOfRank = (rank: number | null | undefined): Severity | null =>
  fromRank(SEVERITIES, SEVERITY_RANK, rank);
export const levelOfRank = (rank: number | null | undefined): OrgLevel | null =>
  fromRank(ORG_LEVELS, LEVEL_RANK, rank);
export const gradeOfRank = (rank: number | null | undefined): RiskGrade | null =>
  fromRank(RISK_GRADES, GRADE_RANK, rank);

function bySchool<T extends { school: string }>(rows: readonly T[]): Map<string, T> {
  return new Map(rows.map((r) => [r.school, r]));
}

/** One row per school of the scope, in the sites file's order; a school without rows has zeros. */
export function assembleSchools(
  schools: readonly OverviewSchoolRef[],
  figures: OverviewSchoolFigures,
): OverviewSchool[] {
  const alarms = bySchool(figures.alarms);
  const hazards = bySchool(figures.hazards);
  const risk = bySchool(figures.risk);
  const inspections = bySchool(figures.inspections);
  return schools.map((s) => {
    const a = alarms.get(s.code);
    const h = hazards.get(s.code);
    const i = inspections.get(s.code);
    return {
      code: s.code,
      name: s.name,
      county: s.county,
      countyName: s.countyName,
      city: s.city,
      cityName: s.cityName,
      location: s.location,
      alarms: {
        unacknowledged: a?.unacknowledged ?? 0,
        acknowledged: a?.acknowledged ?? 0,
        highestSeverity: severityOfRank(a?.severityRank),
        escalated: a?.escalated ?? 0,
        highestLevel: levelOfRank(a?.levelRank),
      },
      devices: { offline: Math.min(figures.offline.get(s.code) ?? 0, s.devices), total: s.devices },
      hazards: { open: h?.open ?? 0, overdue: h?.overdue ?? 0 },
      risk: gradeOfRank(risk.get(s.code)?.gradeRank),
      inspections: { thisMonth: i?.thisMonth ?? 0, lastAt: i?.lastAt ?? null },
      ackTodayMedianSeconds: a?.ackTodayMedianSeconds ?? null,
    };
  });
}

/** The `days` days up to `today` (oldest first), each with its alarms; days without alarms count 0. */
export function alarmTrend(today: string, rows: readonly AlarmDayRow[], days = 7): Overview['trend'] {
  const counts = new Map(rows.map((r) => [r.day, r.opened]));
  return Array.from({ length: days }, (_, i) => {
    const date = addDays(today, i - days + 1);
    return { date, alarms: counts.get(date) ?? 0 };
  });
}

/** Today's alarms: opened, of them acknowledged, of them still waiting (unacknowledged). */
export function todayCounts(today: string, rows: readonly AlarmDayRow[]): Overview['today'] {
  const row = rows.find((r) => r.day === today);
  return {
    date: today,
    opened: row?.opened ?? 0,
    acknowledged: row?.acknowledged ?? 0,
    waiting: row?.waiting ?? 0,
  };
}

/** Schools with at least one inspection this month, of all. */
export function inspectionCoverage(
  month: string,
  schools: readonly OverviewSchool[],
): Overview['inspectionCoverage'] {
  return {
    month,
    inspected: schools.filter((s) => s.inspections.thisMonth > 0).length,
    schools: schools.length,
  };
}
