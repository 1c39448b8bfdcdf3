import type { OrgLevel, RiskGrade, Severity } from '@campus/device-protocols';
import type { Database } from './database';
import { orgContainsSql, SqlParams } from './sql-params';
import { toIso, type Instant } from './sql-values';

/** What every overview figure is computed for: an org unit's schools, at `now`, in the province's time zone. */
export interface OverviewQuery {
  orgUnit: string;
  now: Instant;
  timeZone: string;
}

/** Live alarms and today's acknowledgement time of one school. */
export interface SchoolAlarmRow {
  school: string;
  unacknowledged: number;
  acknowledged: number;
  /** 4 critical … 1 low; null without live alarms. */
  severityRank: number | null;
  escalated: number;
  /** 1 school … 4 province; null without live alarms. */
  levelRank: number | null;
  ackTodayMedianSeconds: number | null;
}
export interface SchoolHazardRow {
  school: string;
  open: number;
  overdue: number;
}
export interface SchoolRiskRow {
  school: string;
  /** 4 red … 1 blue. */
  gradeRank: number;
}
export interface SchoolInspectionRow {
  school: string;
  thisMonth: number;
  lastAt: string | null;
}
export interface AlarmDayRow {
  /** `YYYY-MM-DD` in the province's time zone. */
  day: string;
  opened: number;
  acknowledged: number;
  waiting: number;
}
export interface EscalatedAlertRow {
  id: string;
  type: string;
  severity: Severity;
  level: OrgLevel;
  school: string;
  openedAt: string;
  total: number;
}

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { critical: 4, high: 3, medium: 2, low: 1 };
export const LEVEL_RANK: Readonly<Record<OrgLevel, number>> = { school: 1, county: 2, city: 3, province: 4 };
export const GRADE_RANK: Readonly<Record<RiskGrade, number>> = { red: 4, orange: 3, yellow: 2, blue: 1 };

/** `CASE column WHEN 'a' THEN 4 …`: trusted words only (the rank tables above). */
function rankSql(column: string, ranks: Readonly<Record<string, number>>): string {
  const whens = Object.entries(ranks).map(([word, rank]) => `WHEN '${word}' THEN ${rank}`);
  return `(CASE ${column} ${whens.join(' ')} END)`;
}

/**
 * Alarms for the overview: neither drills nor `device_offline` (offline devices are their own
 * column). Shared by every alarm figure so that the map, the table and the totals agree.
 */
const ALARM = `NOT drill AND type <> 'device_offline'`;

/** Local midnight of `now`'s day (or month) in the time zone, as a timestamptz expression. */
const localStart = (unit: 'day' | 'month', now: string, tz: string) =>
  `(date_trunc('${unit}', ${now}::timestamptz AT TIME ZONE ${tz}) AT TIME ZONE ${tz})`;

/**
 * The overview's aggregates (`GET /api/overview`, docs/alerting.md "Overview"): one statement
 * per table, grouped by school in the database, so a province of 10,000 schools costs five
 * statements, never one per school. Schools without rows have nothing to count (zeros).
 */
export class OverviewRepository {
  constructor(private readonly db: Database) {}

  /** Live (unresolved) alarms per school, and the median time to acknowledge of today's. */
  async schoolAlarms(q: OverviewQuery): Promise<SchoolAlarmRow[]> {
    const p = new SqlParams();
    const where = orgContainsSql(p.add(q.orgUnit));
    const today = localStart('day', p.add(toIso(q.now)), p.add(q.timeZone));
    const live = `status <> 'resolved'`;
    const ackedToday = `opened_at >= ${today} AND acknowledged_at IS NOT NULL`;
    const { rows } = await this.db.query<SchoolAlarmRow>(
      `SELECT school,
         count(*) FILTER (WHERE status = 'open')::int AS unacknowledged,
         count(*) FILTER (WHERE status = 'acknowledged')::int AS acknowledged,
         max(${rankSql('severity', SEVERITY_RANK)}) FILTER (WHERE ${live}) AS "severityRank",
         count(*) FILTER (WHERE ${live} AND level <> 'school')::int AS escalated,
         max(${rankSql('level', LEVEL_RANK)}) FILTER (WHERE ${live}) AS "levelRank",
         percentile_cont(0.5) WITHIN GROUP (
           ORDER BY GREATEST(EXTRACT(EPOCH FROM acknowledged_at - opened_at)::float8, 0)
         ) FILTER (WHERE ${ackedToday}) AS "ackTodayMedianSeconds"
       FROM alerting.alerts
       WHERE ${where} AND ${ALARM} AND (${live} OR opened_at >= ${today})
       GROUP BY school`,
      p.values,
    );
    return rows;
  }

  /** Alarms opened per local day from `days - 1` days before today up to now, and of them acknowledged / still open. */
  async alarmDays(q: OverviewQuery, days = 7): Promise<AlarmDayRow[]> {
    const p = new SqlParams();
    const where = orgContainsSql(p.add(q.orgUnit));
    const now = p.add(toIso(q.now));
    const tz = p.add(q.timeZone);
    const since = `(${localStart('day', now, tz)} - make_interval(days => ${p.add(days - 1)}::int))`;
    // grouped by the local date (a cast), formatted once per group: to_char per row costs more than the rest
    const { rows } = await this.db.query<AlarmDayRow>(
      `SELECT to_char(d, 'YYYY-MM-DD') AS day, count(*)::int AS opened,
         count(acknowledged_at)::int AS acknowledged,
         count(*) FILTER (WHERE status = 'open')::int AS waiting
       FROM (
         SELECT (opened_at AT TIME ZONE ${tz})::date AS d, acknowledged_at, status
         FROM alerting.alerts
         WHERE ${where} AND ${ALARM} AND opened_at >= ${since} AND opened_at <= ${now}::timestamptz
       ) alarms
       GROUP BY d ORDER BY d`,
      p.values,
    );
    return rows;
  }

  /** Unclosed hazards per school, and those past their deadline at `now`. */
  async schoolHazards(q: OverviewQuery): Promise<SchoolHazardRow[]> {
    const p = new SqlParams();
    const where = orgContainsSql(p.add(q.orgUnit));
    const { rows } = await this.db.query<SchoolHazardRow>(
      `SELECT school, count(*)::int AS open,
         count(*) FILTER (WHERE deadline <= ${p.add(toIso(q.now))})::int AS overdue
       FROM alerting.hazards WHERE ${where} AND state <> 'closed' GROUP BY school`,
      p.values,
    );
    return rows;
  }

  /** The highest risk-point grade per school (schools without risk points: no row). */
  async schoolRisk(q: OverviewQuery): Promise<SchoolRiskRow[]> {
    const p = new SqlParams();
    const where = orgContainsSql(p.add(q.orgUnit));
    const { rows } = await this.db.query<SchoolRiskRow>(
      `SELECT school, max(${rankSql('grade', GRADE_RANK)}) AS "gradeRank"
       FROM alerting.risk_points WHERE ${where} GROUP BY school`,
      p.values,
    );
    return rows;
  }

  /** Inspections started this month (local time) per school, and the last one ever started. */
  async schoolInspections(q: OverviewQuery): Promise<SchoolInspectionRow[]> {
    const p = new SqlParams();
    const where = orgContainsSql(p.add(q.orgUnit));
    const month = localStart('month', p.add(toIso(q.now)), p.add(q.timeZone));
    const { rows } = await this.db.query<{ school: string; thisMonth: number; lastAt: Date | string | null }>(
      `SELECT school, count(*) FILTER (WHERE started_at >= ${month})::int AS "thisMonth",
         max(started_at) AS "lastAt"
       FROM alerting.inspections WHERE ${where} GROUP BY school`,
      p.values,
    );
    return rows.map((r) => ({ ...r, lastAt: r.lastAt === null ? null : new Date(r.lastAt).toISOString() }));
  }

  /**
   * Open, non-drill alerts of the scope whose level reached `level` or above, oldest first, at
   * most `limit`; every row carries the count of them all (`total`).
   */
  async escalatedTo(q: OverviewQuery, level: OrgLevel, limit = 100): Promise<EscalatedAlertRow[]> {
    const p = new SqlParams();
    const where = orgContainsSql(p.add(q.orgUnit));
    const { rows } = await this.db.query<Omit<EscalatedAlertRow, 'openedAt'> & { openedAt: Date | string }>(
      `SELECT id, type, severity, level, school, opened_at AS "openedAt", count(*) OVER ()::int AS total
       FROM alerting.alerts
       WHERE ${where} AND status = 'open' AND NOT drill
         AND ${rankSql('level', LEVEL_RANK)} >= ${p.add(LEVEL_RANK[level])}::int
       ORDER BY opened_at, id LIMIT ${p.add(limit)}::int`,
      p.values,
    );
    return rows.map((r) => ({ ...r, openedAt: new Date(r.openedAt).toISOString() }));
  }
}
