import type { OrgPath } from './org';

export const DEVICE_KINDS = [
  'smoke_detector',
  'heat_detector',
  'gas_detector',
  'water_leak',
  'temperature_sensor',
  'door_contact',
  'access_control',
  'one_key_alarm',
  'camera',
  'nvr',
  'zigbee_bridge',
  'fire_alarm_panel',
  'patrol_checkpoint',
  // Actuators: they take commands (docs/protocol.md, "Commands to devices").
  'siren',
  'strobe',
  'door_lock',
  'broadcast_speaker',
  'relay',
] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** Kinds that publish on behalf of other devices under a vendor base topic. */
export const BRIDGE_KINDS = ['zigbee_bridge', 'nvr'] as const satisfies readonly DeviceKind[];

export const PROTOCOLS = ['native', 'zigbee2mqtt', 'frigate', 'gb26875'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

/** Default MQTT base topic of each vendor bridge protocol. */
export const DEFAULT_BASE_TOPIC: Partial<Record<Protocol, string>> = {
  zigbee2mqtt: 'zigbee2mqtt',
  frigate: 'frigate',
};

export const LOCATION_USES = [
  'classroom',
  'lab',
  'dormitory',
  'canteen',
  'gate',
  'office',
  'library',
  'gym',
  'other',
] as const;
export type LocationUse = (typeof LOCATION_USES)[number];

/** Risk point grades of 风险分级管控, most severe first. */
export const RISK_GRADES = ['red', 'orange', 'yellow', 'blue'] as const;
export type RiskGrade = (typeof RISK_GRADES)[number];

export interface DeviceLocation {
  building?: string;
  floor?: number;
  room?: string;
  use?: LocationUse;
}

/** A device as declared in the sites file, resolved to its place in the org chain. */
export interface Device {
  id: string;
  kind: DeviceKind;
  /** How it talks: `native` (campus/v1 topics), a vendor bridge protocol, or gb26875 (TCP). */
  protocol: Protocol;
  org: OrgPath;
  /** Plain secret (demo) or scrypt hash (see `secret-hash.ts`); bridges and native devices have one. */
  secret?: string;
  secretHash?: string;
  location?: DeviceLocation;
  risk?: RiskGrade;
  /** A device reached through a bridge: the bridge's id and the name the bridge uses for it. */
  via?: { bridge: string; name: string };
  /** Bridges only: the MQTT base topic they publish under. */
  baseTopic?: string;
  /** gb26875 panels: the 6-byte source address as a decimal integer. */
  address?: number;
  /** gb26875 panels: networks (CIDR or single addresses) the transmitter may connect from; absent = the gateway default. */
  allowFrom?: string[];
  /** Cameras: Frigate zones where a person is an intrusion at any hour. */
  restrictedZones?: string[];
  /** Cameras: the places they see (video verification); absent = the room of `location`. */
  covers?: CameraCoverage[];
  /** NVRs: the Frigate HTTP API base URL (no trailing slash). */
  http?: { url: string };
  /** Cameras speaking Hikvision ISAPI: base URL, user, and the environment variable holding the password. */
  isapi?: { url: string; username: string; passwordEnv?: string };
}

/** A place a camera sees: every key given must match (docs/sites-file.md "Cameras"). */
export interface CameraCoverage {
  building?: string;
  floor?: number;
  room?: string;
  /** A Frigate zone of the camera (matched against a Frigate event's zones). */
  zone?: string;
}
