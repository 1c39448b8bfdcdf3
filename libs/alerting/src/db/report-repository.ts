import type { Severity } from '@campus/device-protocols';
import type { Database } from './database';
import { orgContainsSql, SqlParams } from './sql-params';
import { toIso, type Instant } from './sql-values';

/** The level of the rows under the report's org; null for a school (no rows, the total only). */
export type ChildLevel = 'city' | 'county' | 'school';

export interface ReportQuery {
  /** Any org code. */
  orgUnit: string;
  childLevel: ChildLevel | null;
  /** The period [from, to). */
  from: Instant;
  to: Instant;
  /** The clock of "overdue now" (default now). */
  now?: Instant;
}

/** `org`: the child unit's code; null for the report's total (or every row of a school's report). */
export interface AlertCountRow {
  org: string | null;
  type: string;
  severity: Severity;
  drill: boolean;
  count: number;
}
export interface AckStatsRow {
  org: string | null;
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}
export interface DeviceCountRow {
  org: string | null;
  online: number;
  offline: number;
}
export interface HazardCountRow {
  org: string | null;
  total: number;
  closed: number;
  overdue: number;
}

export interface HazardReportMonthCountRow {
  school: string;
  month: string;
  reports: number;
  turnedIntoHazards: number;
  rectified: number;
  medianSecondsToRectification: number | null;
}

/** Trusted column names only: a child level becomes SQL text. */
const CHILD_COLUMN: Readonly<Record<ChildLevel, string>> = {
  city: 'city',
  county: 'county',
  school: 'school',
};

/**
 * The report's aggregates, grouped by child org unit in the database: what comes back is a few
 * rows per child (a province report: one per city), never the alerts, hazards or devices themselves.
 * Per-child rows and the total come from one statement (`GROUPING SETS ((child), ())`: the total
 * row has `org` null).
 */
export class ReportRepository {
  constructor(private readonly db: Database) {}

  /** Alerts opened in the period by child, type, severity and drill. */
  async alertCounts(q: ReportQuery): Promise<AlertCountRow[]> {
    const { p, child, where } = this.base(q);
    const period = `opened_at >= ${p.add(toIso(q.from))} AND opened_at < ${p.add(toIso(q.to))}`;
    const { rows } = await this.db.query<AlertCountRow>(
      `SELECT ${child ?? 'NULL::text'} AS org, type, severity, drill, count(*) AS count
       FROM alerting.alerts WHERE ${where} AND ${period}
       GROUP BY ${child === null ? '' : `${child}, `}type, severity, drill`,
      p.values,
    );
    return rows;
  }

  /**
   * Seconds from opening to acknowledgement of the period's acknowledged non-drill alerts: count,
   * and the nearest-rank median and p90 (rank ⌈p·n/100⌉ in integer arithmetic, as `nearestRank` in
   * report-math.ts: not `percentile_disc`, whose float rank can be one too high). A time below
   * zero (a device clock ahead of the server) counts as 0.
   */
  async ackStats(q: ReportQuery): Promise<AckStatsRow[]> {
    return this.durationStats(q, 'alerting.alerts', 'acknowledged_at');
  }

  /**
   * 应急预案 (docs/alerting.md "Incident report"): seconds from opening to the first 已到场 of a
   * dispatched person, as `ackStats` (nearest rank, drills excluded, at least 0).
   */
  async arriveStats(q: ReportQuery): Promise<AckStatsRow[]> {
    return this.durationStats(
      q,
      `alerting.alerts JOIN (SELECT alert_id, min(on_site_at) AS arrived_at FROM alerting.dispatches
         WHERE on_site_at IS NOT NULL GROUP BY alert_id) d ON d.alert_id = id`,
      'arrived_at',
    );
  }

  /** … and to the first 已处置, else to the resolution (incident-durations.ts computes the same for one alert). */
  async handleStats(q: ReportQuery): Promise<AckStatsRow[]> {
    return this.durationStats(
      q,
      `alerting.alerts LEFT JOIN (SELECT alert_id, min(handled_at) AS handled_at FROM alerting.dispatches
         WHERE handled_at IS NOT NULL GROUP BY alert_id) d ON d.alert_id = id`,
      'COALESCE(handled_at, resolved_at)',
    );
  }

  /**
   * Seconds from opening to `end` (an SQL expression over `from`) of the period's non-drill alerts
   * where it is set: count, and the nearest-rank median and p90 (rank ⌈p·n/100⌉ in integer
   * arithmetic, as `nearestRank` in report-math.ts: not `percentile_disc`, whose float rank can be
   * one too high). A time below zero (a device clock ahead of the server) counts as 0.
   */
  private async durationStats(q: ReportQuery, from: string, end: string): Promise<AckStatsRow[]> {
    const { p, child, where } = this.base(q);
    const period = `opened_at >= ${p.add(toIso(q.from))} AND opened_at < ${p.add(toIso(q.to))}`;
    const perChild =
      child === null
        ? ''
        : `SELECT org, secs, row_number() OVER (PARTITION BY org ORDER BY secs) AS rn,
             count(*) OVER (PARTITION BY org) AS n FROM acked
           UNION ALL `;
    const { rows } = await this.db.query<AckStatsRow>(
      `WITH acked AS (
         SELECT ${child ?? 'NULL::text'} AS org,
           GREATEST(EXTRACT(EPOCH FROM ${end} - opened_at)::float8, 0) AS secs
         FROM ${from}
         WHERE ${where} AND ${period} AND NOT drill AND ${end} IS NOT NULL
       ), ranked AS (
         ${perChild}SELECT NULL::text AS org, secs, row_number() OVER (ORDER BY secs) AS rn, count(*) OVER () AS n
         FROM acked
       )
       SELECT org, max(n) AS count,
         max(secs) FILTER (WHERE rn = (n * 50 + 99) / 100) AS "medianSeconds",
         max(secs) FILTER (WHERE rn = (n * 90 + 99) / 100) AS "p90Seconds"
       FROM ranked GROUP BY org`,
      p.values,
    );
    return rows;
  }

  /**
   * Devices with a known state now, online and offline, from `alerting.device_state`. `bridged`
   * names the devices behind a bridge (sites file) so that the bridge rule of the devices screen
   * applies here too (`effectiveOnline`): an offline bridge takes its devices with it, and a device
   * that never reported itself (a Frigate camera) is as online as its bridge.
   */
  async deviceCounts(
    q: ReportQuery,
    bridged: readonly { device: string; bridge: string }[] = [],
  ): Promise<DeviceCountRow[]> {
    const { p, child, where } = this.base(q);
    const pairs = p.add(JSON.stringify(bridged));
    const { rows } = await this.db.query<DeviceCountRow>(
      `WITH via AS (SELECT * FROM json_to_recordset(${pairs}::json) AS v(device text, bridge text)),
       effective AS (
         SELECT s.province, s.city, s.county, s.school,
           CASE WHEN b.online = false THEN false ELSE coalesce(s.online, b.online) END AS online
         FROM alerting.device_state s
           LEFT JOIN via ON via.device = s.device
           LEFT JOIN alerting.device_state b ON b.device = via.bridge
         UNION ALL
         SELECT b.province, b.city, b.county, b.school, b.online
         FROM via JOIN alerting.device_state b ON b.device = via.bridge
         WHERE NOT EXISTS (SELECT 1 FROM alerting.device_state s WHERE s.device = via.device)
       )
       SELECT ${child ?? 'NULL::text'} AS org, count(*) FILTER (WHERE online) AS online,
         count(*) FILTER (WHERE online = false) AS offline
       FROM effective WHERE ${where} ${groupingSets(child)}`,
      p.values,
    );
    return rows;
  }

  /**
   * Hazards registered in the period and how many of them are closed now; `overdue`: every
   * unclosed hazard past its deadline now, whenever registered.
   */
  async hazardCounts(q: ReportQuery): Promise<HazardCountRow[]> {
    const { p, child, where } = this.base(q);
    const inPeriod = `(registered_at >= ${p.add(toIso(q.from))} AND registered_at < ${p.add(toIso(q.to))})`;
    const overdue = `(state <> 'closed' AND deadline <= ${p.add(toIso(q.now ?? Date.now()))})`;
    const { rows } = await this.db.query<HazardCountRow>(
      `SELECT ${child ?? 'NULL::text'} AS org,
         count(*) FILTER (WHERE ${inPeriod}) AS total,
         count(*) FILTER (WHERE ${inPeriod} AND state = 'closed') AS closed,
         count(*) FILTER (WHERE ${overdue}) AS overdue
       FROM alerting.hazards WHERE ${where} AND (${inPeriod} OR ${overdue}) ${groupingSets(child)}`,
      p.values,
    );
    return rows;
  }

  /**
   * 人人参与: hazard reports made in the period, per school and month (`YYYY-MM` in `timeZone`):
   * how many, how many became or joined a hazard, how many of those hazards are rectified, and the
   * median time from report to rectification (`percentile_cont`, interpolated). A rectification
   * rejected at acceptance no longer counts (its `rectified_at` is cleared until done again).
   */
  async hazardReportMonths(q: ReportQuery, timeZone: string): Promise<HazardReportMonthCountRow[]> {
    const p = new SqlParams();
    const where = orgContainsSql(p.add(q.orgUnit), 'r');
    const tz = p.add(timeZone);
    const period = `r.created_at >= ${p.add(toIso(q.from))} AND r.created_at < ${p.add(toIso(q.to))}`;
    const { rows } = await this.db.query<HazardReportMonthCountRow>(
      `SELECT r.school, to_char(r.created_at AT TIME ZONE ${tz}, 'YYYY-MM') AS month,
         count(*)::int AS reports,
         count(*) FILTER (WHERE r.status IN ('registered', 'merged'))::int AS "turnedIntoHazards",
         count(h.rectified_at)::int AS rectified,
         percentile_cont(0.5) WITHIN GROUP (
           ORDER BY GREATEST(EXTRACT(EPOCH FROM h.rectified_at - r.created_at)::float8, 0)
         ) FILTER (WHERE h.rectified_at IS NOT NULL) AS "medianSecondsToRectification"
       FROM alerting.hazard_reports r LEFT JOIN alerting.hazards h ON h.id = r.hazard_id
       WHERE ${where} AND ${period}
       GROUP BY r.school, month ORDER BY r.school, month`,
      p.values,
    );
    return rows;
  }

  private base(q: ReportQuery): { p: SqlParams; child: string | null; where: string } {
    const p = new SqlParams();
    const child = q.childLevel === null ? null : CHILD_COLUMN[q.childLevel];
    if (child === undefined) throw new Error(`unknown child level ${JSON.stringify(q.childLevel)}`);
    return { p, child, where: orgContainsSql(p.add(q.orgUnit)) };
  }
}

/** Per child and the total in one pass; a school's report is the total alone. */
function groupingSets(child: string | null): string {
  return child === null ? '' : `GROUP BY GROUPING SETS ((${child}), ())`;
}
