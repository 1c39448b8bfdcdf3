import type { HazardReport, HazardReportPlace } from '../../api/hazard-reports';

/** Waiting for triage: sent by a user (`new`) or through the public link (`unverified`). */
export const isWaiting = (r: Pick<HazardReport, 'status'>): boolean =>
  r.status === 'new' || r.status === 'unverified';

/**
 * The triage list's order (docs/user-guide.md "隐患上报"): reports waiting for triage first, urgent
 * ones first among them, then newest first; triaged ones after, newest first.
 */
export function triageOrder(
  a: Pick<HazardReport, 'status' | 'urgent' | 'createdAt' | 'id'>,
  b: Pick<HazardReport, 'status' | 'urgent' | 'createdAt' | 'id'>,
): number {
  const wait = Number(isWaiting(b)) - Number(isWaiting(a));
  if (wait !== 0) return wait;
  if (isWaiting(a)) {
    const urgent = Number(b.urgent) - Number(a.urgent);
    if (urgent !== 0) return urgent;
  }
  return Date.parse(b.createdAt) - Date.parse(a.createdAt) || a.id.localeCompare(b.id);
}

/** What the reporter is told of their report (the i18n key under `hazardReports.progress`). */
export type ReportProgress = 'received' | 'registered' | 'rectifying' | 'fixed' | 'dismissed';

export function progressOf(r: Pick<HazardReport, 'status' | 'hazardState' | 'fixed'>): ReportProgress {
  if (r.status === 'dismissed') return 'dismissed';
  if (isWaiting(r)) return 'received';
  if (r.fixed) return 'fixed';
  if (r.hazardState === 'rectifying' || r.hazardState === 'awaiting_acceptance') return 'rectifying';
  return 'registered';
}

/** Takes in one version of a report (live or from a reload): replaces it by id, else adds it. */
export function upsertReport(list: readonly HazardReport[], report: HazardReport): HazardReport[] {
  const i = list.findIndex((r) => r.id === report.id);
  if (i < 0) return [report, ...list];
  const next = [...list];
  next[i] = report;
  return next;
}

/** The building → floor → room choices of a school's places, each level in the given order, no duplicates. */
export function placeChoices(places: readonly HazardReportPlace[]) {
  const unique = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => x !== null))];
  return {
    buildings: unique(places.map((p) => p.building)),
    floorsOf: (building: string) => unique(places.filter((p) => p.building === building).map((p) => p.floor)),
    roomsOf: (building: string, floor: string | null) =>
      unique(places.filter((p) => p.building === building && p.floor === floor).map((p) => p.room)),
  };
}
