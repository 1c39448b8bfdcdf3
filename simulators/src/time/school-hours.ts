import type { SchoolHours } from '@campus/device-protocols';

const ISO_WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** Whether the school is open at `epochMs`, read in the province's timezone. */
export function isSchoolOpenAt(hours: SchoolHours, timezone: string, epochMs: number): boolean {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(epochMs));
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  const weekday = ISO_WEEKDAY[part('weekday')];
  if (weekday === undefined || !hours.days.includes(weekday)) return false;
  const clock = `${part('hour')}:${part('minute')}`;
  return clock >= normalise(hours.open) && clock < normalise(hours.close);
}

/** "7:30" → "07:30", so string comparison orders times. */
function normalise(time: string): string {
  const [hour = '0', minute = '0'] = time.split(':');
  return `${hour.padStart(2, '0')}:${minute.padStart(2, '0')}`;
}
