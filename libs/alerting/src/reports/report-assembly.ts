import { SEVERITIES, type OrgLevel, type Severity } from '@campus/device-protocols';
import type { Report, ReportRow } from '../domain/report';
import { closureRate, onlineRate } from './report-math';
import type {
  AckStatsRow,
  AlertCountRow,
  DeviceCountRow,
  HazardCountRow,
  HazardReportMonthCountRow,
} from '../db/report-repository';
import type { HazardReportMonthRow } from '@campus/api-contract';
import type { SupervisionCountRow } from '../db/supervision-repository';

export interface OrgRef {
  code: string;
  name: string;
  level: OrgLevel;
}

/** The grouped query results and what the sites file says, for one report. */
export interface ReportInput {
  org: OrgRef;
  /** The rows' units, in the order to show them. */
  children: readonly OrgRef[];
  from: string;
  to: string;
  /** Devices the sites file declares in a unit. */
  declaredDevices: (code: string) => number;
  alerts: readonly AlertCountRow[];
  ack: readonly AckStatsRow[];
  /** 应急预案: time to the first 已到场 and to handling (none: zeros). */
  arrive?: readonly AckStatsRow[];
  handle?: readonly AckStatsRow[];
  devices: readonly DeviceCountRow[];
  hazards: readonly HazardCountRow[];
  /** 督办 and 在线查岗 counts (none: zeros). */
  supervision?: readonly SupervisionCountRow[];
}

/**
 * Puts the grouped rows together: one row per child, and the total (from the rows with `org`
 * null; the alert counts are summed). A unit without any row of a kind gets zeros.
 */
export function assembleReport(input: ReportInput): Report {
  const build = (ref: OrgRef, key: string | null, alerts: readonly AlertCountRow[]): ReportRow =>
    reportRow(ref, {
      alerts,
      ack: input.ack.find((r) => r.org === key),
      arrive: input.arrive?.find((r) => r.org === key),
      handle: input.handle?.find((r) => r.org === key),
      devices: input.devices.find((r) => r.org === key),
      hazards: input.hazards.find((r) => r.org === key),
      supervision: input.supervision?.find((r) => r.org === key),
      declared: input.declaredDevices(ref.code),
    });
  return {
    org: input.org,
    from: input.from,
    to: input.to,
    total: build(input.org, null, input.alerts),
    rows: input.children.map((c) =>
      build(
        c,
        c.code,
        input.alerts.filter((a) => a.org === c.code),
      ),
    ),
  };
}

function reportRow(
  ref: OrgRef,
  parts: {
    alerts: readonly AlertCountRow[];
    ack: AckStatsRow | undefined;
    arrive?: AckStatsRow | undefined;
    handle?: AckStatsRow | undefined;
    devices: DeviceCountRow | undefined;
    hazards: HazardCountRow | undefined;
    supervision?: SupervisionCountRow | undefined;
    declared: number;
  },
): ReportRow {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byType: Record<string, number> = {};
  let total = 0;
  let drills = 0;
  for (const a of parts.alerts) {
    if (a.drill) {
      drills += a.count;
      continue;
    }
    total += a.count;
    bySeverity[a.severity] += a.count;
    byType[a.type] = (byType[a.type] ?? 0) + a.count;
  }
  const online = parts.devices?.online ?? 0;
  const offline = parts.devices?.offline ?? 0;
  const hazards = parts.hazards ?? { total: 0, closed: 0, overdue: 0 };
  return {
    org: ref.code,
    name: ref.name,
    level: ref.level,
    alerts: { total, drills, byType: sortedByKey(byType), bySeverity },
    ack: durationStats(parts.ack),
    arrive: durationStats(parts.arrive),
    handle: durationStats(parts.handle),
    devices: {
      total: parts.declared,
      online,
      offline,
      // State rows of devices since removed from the sites file must not make this negative.
      unknown: Math.max(0, parts.declared - online - offline),
      onlineRate: onlineRate(online, offline),
    },
    hazards: {
      total: hazards.total,
      closed: hazards.closed,
      closureRate: closureRate(hazards.closed, hazards.total),
      overdue: hazards.overdue,
    },
    supervision: {
      urges: parts.supervision?.urges ?? 0,
      rollCallAnswered: parts.supervision?.rollCallAnswered ?? 0,
      rollCallMissed: parts.supervision?.rollCallMissed ?? 0,
    },
  };
}

function durationStats(row: AckStatsRow | undefined): ReportRow['ack'] {
  return {
    count: row?.count ?? 0,
    medianSeconds: row?.medianSeconds ?? null,
    p90Seconds: row?.p90Seconds ?? null,
  };
}

function sortedByKey(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The hazard-report months with the school's name, the share turned into hazards and hours. */
export function hazardReportMonths(
  rows: readonly HazardReportMonthCountRow[],
  nameOf: (code: string) => string,
): HazardReportMonthRow[] {
  return rows.map((r) => ({
    school: r.school,
    name: nameOf(r.school),
    month: r.month,
    reports: r.reports,
    turnedIntoHazards: r.turnedIntoHazards,
    hazardRate: closureRate(r.turnedIntoHazards, r.reports),
    rectified: r.rectified,
    medianHoursToRectification:
      r.medianSecondsToRectification === null ? null : r.medianSecondsToRectification / 3600,
  }));
}
