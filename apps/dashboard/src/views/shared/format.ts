/** Dates, durations and rates as the screens show them. Pure; the locale is passed in. */
import { relativeTimeFormat } from './intl';

const DAY_MS = 86_400_000;

const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-11-28 18:05` in the browser's time zone ('' for null). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${formatDate(iso)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** `2026-11-28` in the browser's time zone ('' for null). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** "3 minutes ago" / "3分钟前", in the largest unit that fits. */
export function relativeTime(iso: string, now: number, locale: string): string {
  const diffSeconds = Math.round((Date.parse(iso) - now) / 1000);
  const fmt = relativeTimeFormat(locale);
  const abs = Math.abs(diffSeconds);
  if (abs < 45) return fmt.format(0, 'second');
  if (abs < 3_600) return fmt.format(Math.round(diffSeconds / 60), 'minute');
  if (abs < 86_400) return fmt.format(Math.round(diffSeconds / 3_600), 'hour');
  return fmt.format(Math.round(diffSeconds / 86_400), 'day');
}

const UNITS: Record<'zh' | 'en', { h: string; m: string; s: string; sep: string }> = {
  zh: { h: '小时', m: '分', s: '秒', sep: '' },
  en: { h: ' h', m: ' min', s: ' s', sep: ' ' },
};

/** 83 → "1分23秒" / "1 min 23 s"; two units at most; null → "—". */
export function formatDuration(seconds: number | null | undefined, locale: string): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const u = UNITS[locale.startsWith('zh') ? 'zh' : 'en'];
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3_600);
  const m = Math.floor((total % 3_600) / 60);
  const s = total % 60;
  if (h > 0) return m > 0 ? `${h}${u.h}${u.sep}${m}${u.m}` : `${h}${u.h}`;
  if (m > 0) return s > 0 ? `${m}${u.m}${u.sep}${s}${u.s}` : `${m}${u.m}`;
  return `${s}${u.s}`;
}

/** 0.8333 → "83.3%", 1 → "100%"; null → "—". */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  const pct = Math.round(rate * 1000) / 10;
  return `${Number.isInteger(pct) ? pct.toFixed(0) : pct.toFixed(1)}%`;
}

/**
 * Calendar days (local dates) from `now` to `deadline`: 7 for a deadline a week from today
 * whatever the hour, 0 when it falls today, negative once its day has passed.
 */
export function daysUntil(deadline: string, now: number): number {
  const day = (t: number) => {
    const d = new Date(t);
    return Math.round(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / DAY_MS);
  };
  return day(Date.parse(deadline)) - day(now);
}

/** `YYYY-MM-DD` of the local day `days` after `from`. */
export function localDatePlusDays(from: Date, days: number): string {
  const d = new Date(from.getFullYear(), from.getMonth(), from.getDate() + days);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The end (23:59:59.999 local) of the `YYYY-MM-DD` day, as ISO 8601: a deadline "by that day". */
export function endOfLocalDayIso(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1, 23, 59, 59, 999).toISOString();
}
