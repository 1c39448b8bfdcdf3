/** The wall clock of a time zone at an instant (what a clock on the wall there shows). */
export interface WallClock {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  /** 0–23. */
  hour: number;
  minute: number;
  second: number;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
}

const ISO_WEEKDAY: Readonly<Record<string, number>> = {
  Mon: 1,
  Tue: 2,
  Wed: 3,
  Thu: 4,
  Fri: 5,
  Sat: 6,
  Sun: 7,
};

/** One formatter per known zone (unknown zones are not remembered, so garbage cannot grow it). */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat | undefined {
  const cached = formatters.get(timeZone);
  if (cached) return cached;
  try {
    const formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
    return formatter;
  } catch {
    return undefined; // RangeError: not a zone this runtime knows
  }
}

/**
 * The wall clock of `timeZone` (IANA name) at `ts` (epoch ms); undefined for a zone this runtime
 * does not know or an instant outside the range of a Date. The one place the platform turns
 * instants into local time (school hours, GB/T 26875 time labels, the duty rules' school days).
 */
export function wallClockAt(timeZone: string, ts: number): WallClock | undefined {
  const formatter = formatterFor(timeZone);
  if (!formatter || !Number.isFinite(ts)) return undefined;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = formatter.formatToParts(ts);
  } catch {
    return undefined; // outside the range of a Date
  }
  const part = (type: Intl.DateTimeFormatPartTypes): string | undefined =>
    parts.find((p) => p.type === type)?.value;
  const num = (type: Intl.DateTimeFormatPartTypes): number => Number(part(type));
  const weekday = ISO_WEEKDAY[part('weekday') ?? ''];
  const clock = {
    year: num('year'),
    month: num('month'),
    day: num('day'),
    hour: num('hour') % 24,
    minute: num('minute'),
    second: num('second'),
  };
  if (weekday === undefined || !Object.values(clock).every(Number.isInteger)) return undefined;
  return { ...clock, weekday };
}
