import type { AlertServiceEntry, GatewayEntry } from './check-gateways';
import type { Device } from '../model/device';
import type { OrgLevel } from '../model/org';

export const ROLES = [
  'school_staff',
  'school_security',
  'school_admin',
  'county_officer',
  'city_officer',
  'province_officer',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

/** The level of org unit each role is attached to: a user's `org` must be a unit of that level. */
export const ROLE_LEVEL: Readonly<Record<Role, OrgLevel>> = {
  school_staff: 'school',
  school_security: 'school',
  school_admin: 'school',
  county_officer: 'county',
  city_officer: 'city',
  province_officer: 'province',
  admin: 'province',
};

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CHANNELS = ['sms', 'voice'] as const;
export type NotificationChannel = (typeof CHANNELS)[number];

/** School hours in the province's local time; outside them any person on camera is an intrusion. */
export interface SchoolHours {
  /** "HH:MM" local time. */
  open: string;
  close: string;
  /** ISO weekdays (1 = Monday … 7 = Sunday) the school is open. */
  days: number[];
}

export interface Province {
  code: string;
  name: string;
  /** The education bureau's name, when the sites file gives it (see `bureauName`). */
  bureau?: string;
  timezone: string;
}
export interface City {
  code: string;
  name: string;
  bureau?: string;
  province: string;
}
export interface County {
  code: string;
  name: string;
  bureau?: string;
  city: string;
}
export interface School {
  code: string;
  name: string;
  county: string;
  city: string;
  province: string;
  hours: SchoolHours;
  /** Where the school is (WGS 84 degrees), for the overview map; absent when the file gives none. */
  location?: { lat: number; lng: number };
}

/** A contact's duty hours (local time): from `from` to `to`, past midnight when `to` ≤ `from`. */
export interface DutyHours {
  /** "HH:MM". */
  from: string;
  /** "HH:MM" (or "24:00"). */
  to: string;
  /** ISO weekdays (1 = Monday … 7 = Sunday) the shift starts on; every day when absent. */
  days?: number[];
}

export interface Contact {
  /** Stable id; the registry gives one to every contact (absent only in a sites file). */
  id?: string;
  org: string;
  name: string;
  phone: string;
  /** The duty roster: paged only within these hours; always when absent. */
  hours?: DutyHours[];
}

export interface SiteUser {
  username: string;
  /** The person's name; screens fall back to the login without one. */
  name?: string;
  /** Exactly one of password (demo) and passwordHash (scrypt, see secret-hash.ts). */
  password?: string;
  passwordHash?: string;
  role: Role;
  org: string;
}

export interface EscalationStep {
  level: OrgLevel;
  /** Seconds from the alert's opening. */
  afterSeconds: number;
  channels: NotificationChannel[];
}
export type EscalationPolicy = Partial<Record<Severity, EscalationStep[]>>;

/** A parsed, validated sites file with the lookups every part needs. */
export interface Sites {
  /** Where it came from (a path, or `built-in demo`), for messages. */
  source: string;
  province: Province;
  cities: City[];
  counties: County[];
  schools: School[];
  devices: Device[];
  contacts: Contact[];
  users: SiteUser[];
  escalation: EscalationPolicy;
  /** The raw `rules` section, validated later by the alert service (kept opaque here). */
  rules: unknown;
  /** `gateways:`, the province topology's edge gateways (empty when absent). */
  gateways: GatewayEntry[];
  /** `alertServices:`, the replicas' accounts on the central broker (empty when absent). */
  alertServices: AlertServiceEntry[];
  deviceById: ReadonlyMap<string, Device>;
  schoolByCode: ReadonlyMap<string, School>;
  /** Bridges by their full base topic (e.g. `zigbee2mqtt`); no base topic is a level-prefix of another. */
  bridgeByBaseTopic: ReadonlyMap<string, Device>;
  /** Bridged devices by `${bridgeId}\u0000${name}`; use `resolveVia`. */
  resolveVia(bridgeId: string, name: string): Device | undefined;
}

/**
 * Thrown by the parser: carries the file, the line and the reason, ready to print. `path` and
 * `problem` say the same without the line (`cities[0].counties[1].name`, and the reason alone),
 * for a sites document; both empty for problems of the whole file (YAML syntax).
 */
export class SitesFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly reason: string,
    readonly path = '',
    readonly problem = reason,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${reason}`);
    this.name = 'SitesFileError';
  }
}
