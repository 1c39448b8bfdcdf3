import {
  DEFAULT_SCHOOL_HOURS,
  isWithinSchoolHours,
  orgContains,
  type OrgPath,
  type Sites,
  type UplinkMessage,
} from '@campus/device-protocols';
import type { RuleMatch, Schedule } from './rule-types';

/** What a rule knows of a device when it decides whether it applies. */
export interface DeviceRef {
  device: string;
  deviceKind: string;
  org: OrgPath;
}

/** `deviceKinds`, `devices`, `schools` (a division code covers all its schools). */
export function matchesDevice(match: RuleMatch, ref: DeviceRef): boolean {
  if (match.deviceKinds && !(match.deviceKinds as readonly string[]).includes(ref.deviceKind)) return false;
  if (match.devices && !match.devices.includes(ref.device)) return false;
  if (match.schools && !match.schools.some((code) => orgContains(code, ref.org))) return false;
  return true;
}

/** Whether `school` is in `schedule` at `ts`, by its hours in the province's timezone. */
export function inSchedule(schedule: Schedule, sites: Sites, school: string, ts: number): boolean {
  if (schedule === 'always') return true;
  const hours = sites.schoolByCode.get(school)?.hours ?? DEFAULT_SCHOOL_HOURS;
  const open = isWithinSchoolHours(hours, sites.province.timezone, ts);
  return schedule === 'school_hours' ? open : !open;
}

/** The Frigate zones an event names (`data.zones`), if any. */
export function eventZones(data: Record<string, unknown>): string[] {
  const zones = data['zones'];
  return Array.isArray(zones) ? zones.filter((z): z is string => typeof z === 'string') : [];
}

/**
 * An event the rule looks at: its device, one of `eventTypes` (when given), a zone in `zones`
 * (when given), and the schedule at the event's own time.
 */
export function matchesEvent(match: RuleMatch, msg: UplinkMessage, sites: Sites): boolean {
  if (msg.kind !== 'event' || !matchesDevice(match, msg)) return false;
  if (match.eventTypes && !match.eventTypes.includes(msg.type)) return false;
  if (match.zones) {
    const zones = eventZones(msg.data);
    if (!match.zones.some((z) => zones.includes(z))) return false;
  }
  return inSchedule(match.schedule, sites, msg.org.school, msg.ts);
}

/** The value of `match.metric` in a reading the rule looks at, or undefined. */
export function matchedReading(match: RuleMatch, msg: UplinkMessage, sites: Sites): number | undefined {
  if (msg.kind !== 'reading' || match.metric === undefined || !matchesDevice(match, msg)) return undefined;
  const value = msg.metrics[match.metric];
  if (value === undefined || !inSchedule(match.schedule, sites, msg.org.school, msg.ts)) return undefined;
  return value;
}
