import { isWithinSchoolHours, type Contact, type DutyHours } from '@campus/device-protocols';

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

/**
 * Whether `contact` is on duty at `ts` (epoch ms) in the province's `timeZone`. A contact without
 * `hours` always is; with hours, within one of its shifts (a shift whose `to` is not after its
 * `from` runs past midnight and belongs to the day it starts on). Pure.
 */
export function isOnDuty(contact: Pick<Contact, 'hours'>, timeZone: string, ts: number): boolean {
  if (contact.hours === undefined) return true;
  return contact.hours.some((shift) => withinShift(shift, timeZone, ts));
}

/**
 * Who of one level's contacts a step pages at `ts`: those on duty — and all of them when nobody
 * is (an alarm at a level whose roster has a gap pages everyone there rather than no one;
 * docs/alerting.md, "Duty hours"). Pure.
 */
export function contactsOnDuty<C extends Pick<Contact, 'hours'>>(
  contacts: readonly C[],
  timeZone: string,
  ts: number,
): { contacts: C[]; nobodyOnDuty: boolean } {
  const onDuty = contacts.filter((c) => isOnDuty(c, timeZone, ts));
  if (onDuty.length > 0 || contacts.length === 0) return { contacts: onDuty, nobodyOnDuty: false };
  return { contacts: [...contacts], nobodyOnDuty: true };
}

function withinShift(shift: DutyHours, timeZone: string, ts: number): boolean {
  return isWithinSchoolHours(
    { open: shift.from, close: shift.to, days: shift.days ?? EVERY_DAY },
    timeZone,
    ts,
  );
}
