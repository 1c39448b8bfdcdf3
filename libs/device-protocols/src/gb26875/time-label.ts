import { wallClockAt } from '../time/wall-clock';
/**
 * The 6-byte 时间标签: second, minute, hour, day, month, year (0–99 ⇒ 2000–2099), one byte each,
 * binary (not BCD), in the local time of the place the device stands (docs/operations.md: the
 * province's `timezone`).
 */
export interface TimeLabel {
  second: number;
  minute: number;
  hour: number;
  day: number;
  month: number;
  /** Two digits as sent: 12 means 2012. */
  year: number;
}

export const TIME_LABEL_BYTES = 6;

export function readTimeLabel(bytes: Uint8Array, offset: number): TimeLabel {
  return {
    second: bytes[offset] ?? 0,
    minute: bytes[offset + 1] ?? 0,
    hour: bytes[offset + 2] ?? 0,
    day: bytes[offset + 3] ?? 0,
    month: bytes[offset + 4] ?? 0,
    year: bytes[offset + 5] ?? 0,
  };
}

export function writeTimeLabel(target: Uint8Array, offset: number, label: TimeLabel): void {
  target.set([label.second, label.minute, label.hour, label.day, label.month, label.year], offset);
}

/** Whether the fields name a real calendar time (2000-01-01 00:00:00 … 2099-12-31 23:59:59). */
export function isValidTimeLabel(label: TimeLabel): boolean {
  const { second, minute, hour, day, month, year } = label;
  if (second > 59 || minute > 59 || hour > 23 || year > 99) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(2000 + year, month);
}

/** `2012-09-26 09:58:02`: the label as the device sent it (also for invalid labels). */
export function formatTimeLabel(label: TimeLabel): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${2000 + label.year}-${two(label.month)}-${two(label.day)} ` +
    `${two(label.hour)}:${two(label.minute)}:${two(label.second)}`
  );
}

/**
 * Epoch ms of a local time label in `timeZone` (IANA), or undefined for an invalid label or zone.
 * In a daylight-saving gap the offset before the change is used; in the repeated hour, the first.
 */
export function timeLabelToEpoch(label: TimeLabel, timeZone: string): number | undefined {
  if (!isValidTimeLabel(label)) return undefined;
  const wall = Date.UTC(
    2000 + label.year,
    label.month - 1,
    label.day,
    label.hour,
    label.minute,
    label.second,
  );
  const first = zoneOffsetMs(timeZone, wall);
  if (first === undefined) return undefined;
  const guess = wall - first;
  const second = zoneOffsetMs(timeZone, guess);
  if (second === undefined || second === first) return guess;
  // Across a change of offset: take the reading that maps back onto the wall time, if any.
  const other = wall - second;
  return zoneOffsetMs(timeZone, other) === second ? Math.min(guess, other) : guess;
}

/** The label of epoch ms `ts` in local time of `timeZone` (years past 2099 wrap, as two digits must). */
export function epochToTimeLabel(ts: number, timeZone: string): TimeLabel | undefined {
  const parts = wallClockAt(timeZone, ts);
  if (!parts) return undefined;
  return {
    second: parts.second,
    minute: parts.minute,
    hour: parts.hour,
    day: parts.day,
    month: parts.month,
    year: ((parts.year % 100) + 100) % 100,
  };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** How far `timeZone`'s wall clock is ahead of UTC at `ts`, in ms (whole seconds). */
function zoneOffsetMs(timeZone: string, ts: number): number | undefined {
  const w = wallClockAt(timeZone, ts);
  if (!w) return undefined;
  const wall = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return wall - Math.floor(ts / 1000) * 1000;
}
