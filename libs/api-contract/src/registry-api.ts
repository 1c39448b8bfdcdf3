import type { RiskGrade } from './common';
import type { DeviceKind, LocationUse } from './vocabulary';

/**
 * Managing the registry through the API (docs/registry.md, "Managing through the API and the
 * dashboard"): devices and their provisioning. Secrets appear in an answer once and are never
 * stored in plain text.
 */

/** The protocols a device may speak (docs/protocol.md). */
export const DEVICE_PROTOCOLS = ['native', 'zigbee2mqtt', 'frigate', 'gb26875'] as const;
export type DeviceProtocol = (typeof DEVICE_PROTOCOLS)[number];

export interface RegistryDeviceLocation {
  building?: string;
  floor?: number;
  room?: string;
  use?: LocationUse;
}

/** A device as the registry holds it (its sites-file entry without credentials) and its school. */
export interface RegistryDevice {
  id: string;
  school: string;
  kind: DeviceKind;
  protocol: DeviceProtocol;
  location: RegistryDeviceLocation | null;
  risk: RiskGrade | null;
  /** A device behind a bridge: the bridge's id and its name on the bridge. */
  via: { bridge: string; name: string } | null;
  baseTopic: string | null;
  /** GB/T 26875 panels: the transmitter's source address. */
  address: number | null;
  restrictedZones: string[] | null;
  /** Whether the device logs in to MQTT with a secret (false: behind a bridge, or a GB/T 26875 panel). */
  hasSecret: boolean;
}

/** `POST /api/devices`. */
export interface DeviceCreateBody {
  school: string;
  id: string;
  kind: DeviceKind;
  protocol?: DeviceProtocol;
  location?: RegistryDeviceLocation;
  risk?: RiskGrade;
  via?: { bridge: string; name: string };
  baseTopic?: string;
  address?: number;
  restrictedZones?: string[];
}

/** `PATCH /api/devices/{id}`: the fields given replace the device's; null removes one. */
export interface DevicePatchBody {
  kind?: DeviceKind;
  location?: RegistryDeviceLocation | null;
  risk?: RiskGrade | null;
  via?: { bridge: string; name: string } | null;
  restrictedZones?: string[] | null;
  address?: number | null;
}

/** How the installer connects a device: shown once with its secret. */
export interface DeviceConnection {
  host: string;
  port: number;
  username: string;
  password: string;
  /** The topic of the test message (the native event topic, or the bridge's base topic). */
  topic: string;
  /** A test line for the installer: `mosquitto_pub` with these settings, one test message to `topic`. */
  mosquittoPub: string;
  /** The connection settings as a QR code (SVG document). */
  qrSvg: string;
}

/** `POST /api/devices` (201), `POST /api/devices/{id}/secret`, `POST /api/enrol`. */
export interface ProvisionedDevice {
  device: RegistryDevice;
  /** The device's secret, in this answer only; the registry keeps its scrypt hash. Null: the device needs none. */
  secret: string | null;
  connection: DeviceConnection | null;
}

/** `POST /api/devices/{id}/enrolment`: a one-time code exchanged at `POST /api/enrol`. */
export interface DeviceEnrolment {
  device: string;
  code: string;
  expiresAt: string;
}

/** One row of `POST /api/schools/{code}/devices/import`. */
export interface DeviceImportRow {
  /** The CSV line (1 = the header). */
  row: number;
  id: string | null;
  ok: boolean;
  /** Why the row was refused. */
  reason?: string;
}

export interface DeviceImportReport {
  /** False for a dry run (the default) or when nothing was accepted. */
  applied: boolean;
  accepted: number;
  refused: number;
  rows: DeviceImportRow[];
  /** After `?apply=1`: `id,secret` lines of the added devices, shown once. */
  secretsCsv: string | null;
}

/** `GET /api/devices/registry?school=`: the school's devices as the registry holds them. */
export interface RegistryDeviceList {
  items: RegistryDevice[];
}

/** A contact's duty hours (local time); `to` before `from` runs past midnight; `days` 1 = Monday. */
export interface ContactHours {
  from: string;
  to: string;
  days?: number[];
}

/** Who is paged for an org unit (docs/sites-file.md `contacts:`), with the registry's stable id. */
export interface RegistryContact {
  id: string;
  org: string;
  name: string;
  phone: string;
  /** Absent: on duty at every hour. */
  hours: ContactHours[] | null;
}

/** `POST /api/contacts`. */
export interface ContactCreateBody {
  org: string;
  name: string;
  phone: string;
  hours?: ContactHours[];
}

/** `PATCH /api/contacts/{id}`: the fields given replace the contact's; `hours: null` removes the roster. */
export interface ContactPatchBody {
  name?: string;
  phone?: string;
  hours?: ContactHours[] | null;
}

/** One step of an escalation policy (docs/sites-file.md `escalation:`); `after` as "90s", "2m" or seconds. */
export interface EscalationStepBody {
  level: 'school' | 'county' | 'city' | 'province';
  after: string | number;
  channels: ('sms' | 'voice')[];
}

/** `GET /api/escalation-policies/{severity}`: the registry's steps, or null for the built-in default. */
export interface EscalationPolicyView {
  severity: 'critical' | 'high' | 'medium' | 'low';
  steps: EscalationStepBody[] | null;
}

/** One version of one rule or policy (its `/history`): who changed it, when, why, and its before/after. */
export interface EntryHistoryItem {
  version: number;
  at: string;
  actor: string;
  reason: string;
  op: 'added' | 'changed' | 'removed';
  before: unknown;
  after: unknown;
}

/**
 * `POST /api/rules/preview` (docs/alerting.md, "Previewing a rule"): how many alerts the rule would
 * have opened over the last 7 days, replayed from the stored readings and events.
 */
export interface RulePreview {
  rule: string;
  wouldHaveOpened: number;
  perSchool: { school: string; name: string; count: number }[];
  from: string;
  to: string;
  /** What was replayed, said plainly (what is stored, its resolution, what the replay leaves out). */
  basis: string;
  /** The same, as facts a screen says in its own language. */
  replayed: {
    source: 'readings' | 'events';
    metric: string | null;
    /** Devices read, and devices the rule matches (more when only the first were read). */
    devices: number;
    devicesInScope: number;
    /** False when the store keeps no events (an event rule then previews 0). */
    eventsStored: boolean;
  };
}

/** A user as the registry holds them (never a password or hash). */
export interface RegistryUser {
  username: string;
  name: string | null;
  role: string;
  org: string;
}

/** `POST /api/users`: without `password`, one is generated and returned once. */
export interface UserCreateBody {
  username: string;
  name?: string;
  role: string;
  org: string;
  password?: string;
}

/** `POST /api/users` answer: the user and, when generated, the initial password (this answer only). */
export interface CreatedUser {
  user: RegistryUser;
  initialPassword: string | null;
}

/** `PATCH /api/users/{username}`. */
export interface UserPatchBody {
  name?: string | null;
  role?: string;
  org?: string;
}
