import type { ContactHours, RegistryContact } from '../../api/contacts';

/**
 * Who is on duty now, for the 联系人与值班 screen. The same rule as the alert service's paging
 * (docs/alerting.md, "Duty hours"): a contact without hours always is; with hours, within one of
 * its shifts — a shift whose `to` is not after its `from` runs past midnight and belongs to the
 * day it starts on; `days` 1 = Monday, absent = every day. The dashboard cannot import the alert
 * service's copy (libs/alerting), so this is a small pure twin with its own tests. Times are the
 * browser's wall clock, which for the province's operators is the province's.
 */

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

/** A local instant as the roster reads it: ISO weekday (1 = Monday) and minutes after midnight. */
export interface WallClock {
  weekday: number;
  minutes: number;
}

export const wallClockOf = (d: Date): WallClock => ({
  weekday: d.getDay() === 0 ? 7 : d.getDay(),
  minutes: d.getHours() * 60 + d.getMinutes(),
});

/** "HH:MM" → minutes after midnight (24:00 allowed), or undefined when it is not a time. */
export function clockMinutes(text: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59 || (h === 24 && min > 0)) return undefined;
  return h * 60 + min;
}

export function withinShift(shift: ContactHours, at: WallClock): boolean {
  const from = clockMinutes(shift.from);
  const to = clockMinutes(shift.to);
  if (from === undefined || to === undefined) return false;
  const days = shift.days ?? EVERY_DAY;
  if (from === to) return days.includes(at.weekday);
  if (from < to) return days.includes(at.weekday) && at.minutes >= from && at.minutes < to;
  const previousDay = at.weekday === 1 ? 7 : at.weekday - 1;
  return (days.includes(at.weekday) && at.minutes >= from) || (days.includes(previousDay) && at.minutes < to);
}

export function isOnDuty(contact: Pick<RegistryContact, 'hours'>, at: WallClock): boolean {
  if (contact.hours === null || contact.hours.length === 0) return true;
  return contact.hours.some((s) => withinShift(s, at));
}

/** One unit's duty line: who is on duty now; `gap` when the unit has contacts but nobody is (then all are paged). */
export interface DutyLine {
  onDuty: RegistryContact[];
  gap: boolean;
}

export function dutyLine(contacts: readonly RegistryContact[], at: WallClock): DutyLine {
  const onDuty = contacts.filter((c) => isOnDuty(c, at));
  return { onDuty, gap: contacts.length > 0 && onDuty.length === 0 };
}

/** A shift as the form edits it. */
export interface ShiftForm {
  from: string;
  to: string;
  days: number[];
}

export type ShiftProblem = 'time' | 'days';

/** What is wrong with the shifts, by index; [] when none. */
export function shiftProblems(shifts: readonly ShiftForm[]): { index: number; problem: ShiftProblem }[] {
  return shifts.flatMap((s, index) => {
    const out: { index: number; problem: ShiftProblem }[] = [];
    if (clockMinutes(s.from) === undefined || clockMinutes(s.to) === undefined)
      out.push({ index, problem: 'time' });
    if (s.days.length === 0) out.push({ index, problem: 'days' });
    return out;
  });
}

/** The form's shifts as the API takes them: none = every hour (null); all seven days = no `days`. */
export function hoursOf(shifts: readonly ShiftForm[]): ContactHours[] | null {
  if (shifts.length === 0) return null;
  return shifts.map((s) => {
    const days = [...new Set(s.days)].sort((a, b) => a - b);
    const from = s.from.trim().padStart(5, '0');
    const to = s.to.trim().padStart(5, '0');
    return days.length === 7 ? { from, to } : { from, to, days };
  });
}

export const shiftsOf = (hours: ContactHours[] | null): ShiftForm[] =>
  (hours ?? []).map((h) => ({ from: h.from, to: h.to, days: [...(h.days ?? EVERY_DAY)] }));

/** Whether a shift runs past midnight (the screen says "次日"). */
export function overnight(shift: ContactHours): boolean {
  const from = clockMinutes(shift.from);
  const to = clockMinutes(shift.to);
  return from !== undefined && to !== undefined && to <= from && from !== to;
}
