import type { AlertLocation } from '../../api/alerts';
import { dateTimeFormat, relativeTimeFormat } from '../../views/shared/intl';

/** Formatting of times, durations and places for the alert screens. Pure (locale passed in). */

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
];

/** "3 分钟前" / "3 minutes ago"; `justNow` under 10 s (clocks drift: a time slightly ahead too). */
export function relativeTime(then: number, now: number, locale: string, justNow: string): string {
  const ms = now - then;
  if (ms < 10_000) return justNow;
  const format = relativeTimeFormat(locale);
  for (const [unit, size] of UNITS) {
    if (ms >= size) return format.format(-Math.floor(ms / size), unit);
  }
  return justNow;
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** "02:13:05" today, "11-28 02:13:05" / "Nov 28, 02:13:05" another day, with the year when not this one. */
export function absoluteTime(iso: string, now: number, locale: string): string {
  const at = new Date(iso);
  const today = new Date(now);
  const time: Intl.DateTimeFormatOptions = {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  };
  if (sameDay(at, today)) return dateTimeFormat(locale, time).format(at);
  const date: Intl.DateTimeFormatOptions = { month: '2-digit', day: '2-digit' };
  if (at.getFullYear() !== today.getFullYear()) date.year = 'numeric';
  return dateTimeFormat(locale, { ...date, ...time }).format(at);
}

/** The full local date and time, for tooltips and the detail screen. */
export function fullTime(iso: string, locale: string): string {
  return dateTimeFormat(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(new Date(iso));
}

/** "1小时5分" / "1 h 5 min" / "20秒" / "20 s": at most two units, rounded down. */
export function durationText(ms: number, locale: string): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const zh = locale.startsWith('zh');
  const u = zh ? { h: '小时', m: '分', s: '秒' } : { h: ' h', m: ' min', s: ' s' };
  const sep = zh ? '' : ' ';
  if (h > 0) return [`${h}${u.h}`, m > 0 ? `${m}${u.m}` : ''].filter(Boolean).join(sep);
  if (m > 0) return [`${m}${u.m}`, sec > 0 ? `${sec}${u.s}` : ''].filter(Boolean).join(sep);
  return `${sec}${u.s}`;
}

/** Building, floor and room in reading order ("实验楼 · 2层 · 化学实验室"); [] when nothing is known. */
export function whereParts(
  location: AlertLocation | null | undefined,
  floorLabel: (n: number) => string,
): string[] {
  if (!location) return [];
  const parts: string[] = [];
  if (location.building) parts.push(location.building);
  if (typeof location.floor === 'number') parts.push(floorLabel(location.floor));
  if (location.room) parts.push(location.room);
  return parts;
}
