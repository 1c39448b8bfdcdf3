import { addDays, localDate } from '../rules/local-calendar';

/** The local days (province timezone) an inspection's automatic items look at. Dates are `YYYY-MM-DD`. */
export interface ChecklistWindow {
  today: string;
  /**
   * The 7 whole local days before today (today itself is under way, so judging it at 10:00 would
   * be unfair): patrol check-ins.
   */
  weekFrom: string;
  weekTo: string;
  /** The first day of today's calendar month: one-key alarm tests. */
  monthFrom: string;
  /** Every day whose event counts the checklist reads: the earlier of `weekFrom` and `monthFrom`, to today. */
  fromDay: string;
  toDay: string;
}

/** The checklist's days at `now` in `timeZone`. */
export function checklistWindow(now: number, timeZone: string): ChecklistWindow {
  const today = localDate(now, timeZone);
  const weekFrom = addDays(today, -7);
  const monthFrom = `${today.slice(0, 8)}01`;
  return {
    today,
    weekFrom,
    weekTo: addDays(today, -1),
    monthFrom,
    fromDay: weekFrom < monthFrom ? weekFrom : monthFrom,
    toDay: today,
  };
}

/** The dates from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  return days;
}
