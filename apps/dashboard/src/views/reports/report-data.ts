import type { ReportRow } from '../../api/reports';

export type PeriodPreset = 'd7' | 'd30' | 'd90' | 'custom';
export const PERIOD_PRESETS: readonly PeriodPreset[] = ['d7', 'd30', 'd90', 'custom'];
const PRESET_DAYS: Record<Exclude<PeriodPreset, 'custom'>, number> = { d7: 7, d30: 30, d90: 90 };
const DAY_MS = 86_400_000;

export const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low'] as const;
/** Severity colours for the charts (text labels always accompany them). */
export const SEVERITY_COLOURS: Record<string, string> = {
  // The shell's --sev-* colours (layout/theme.css).
  critical: '#c62828',
  high: '#bf360c',
  medium: '#f9a825',
  low: '#546e7a',
};

/**
 * The period as the API takes it. Presets end now (an alert of a second ago counts) and start N
 * days earlier; a custom range runs from the start of its first local day to the end of its last.
 */
export function periodRange(
  preset: PeriodPreset,
  now: number,
  custom: [string, string] | null = null,
): { from: string; to: string } | null {
  if (preset === 'custom') {
    if (!custom) return null;
    const [a, b] = custom;
    const start = localDay(a, 0, 0, 0, 0);
    const end = localDay(b, 23, 59, 59, 999);
    if (!start || !end || start > end) return null;
    return { from: start.toISOString(), to: end.toISOString() };
  }
  const to = now;
  return { from: new Date(to - PRESET_DAYS[preset] * DAY_MS).toISOString(), to: new Date(to).toISOString() };
}

function localDay(date: string, h: number, m: number, s: number, ms: number): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), h, m, s, ms);
}

/** Alert types of the period, most frequent first. */
export function typesByCount(row: ReportRow): [string, number][] {
  return Object.entries(row.alerts.byType)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** Severity counts in the fixed order (missing ones as 0), then any other the server sent. */
export function severityCounts(row: ReportRow): [string, number][] {
  const known = SEVERITY_ORDER.map((s) => [s, row.alerts.bySeverity[s] ?? 0] as [string, number]);
  const other = Object.entries(row.alerts.bySeverity).filter(
    ([s]) => !(SEVERITY_ORDER as readonly string[]).includes(s),
  );
  return [...known, ...other];
}

/** Seconds to minutes with one decimal, for the ack chart; null stays null (no bar). */
export const toMinutes = (seconds: number | null): number | null =>
  seconds === null ? null : Math.round((seconds / 60) * 10) / 10;

/** The devices that count for the online rate (online + offline; never-heard-from ones do not). */
export const knownDevices = (row: ReportRow): number => row.devices.online + row.devices.offline;
