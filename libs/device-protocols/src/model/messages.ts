/**
 * The canonical messages every decoder produces, whatever protocol the device speaks.
 * `device` is always a device id from the sites file (bridged devices are resolved through `via`).
 */

export const EVENT_TYPES = [
  'smoke',
  'fire',
  'heat',
  'gas',
  'water_leak',
  'sos',
  'intrusion',
  'door_forced',
  'door_held_open',
  'fight',
  'crowd',
  'fall',
  'climbing',
  'loitering',
  'tamper',
  'fault',
  'low_battery',
  'patrol_checkin',
] as const;
export type KnownEventType = (typeof EVENT_TYPES)[number];

/** Event types are snake_case words; devices may send types beyond the known list and they are kept. */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;
/** Metric names: letters, digits and underscores, starting with a letter. */
export const METRIC_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

export interface Reading {
  kind: 'reading';
  device: string;
  /** Epoch milliseconds. */
  ts: number;
  /** Finite numbers only; booleans are carried as 1/0 (documented per metric). */
  metrics: Record<string, number>;
}

export interface DeviceEvent {
  kind: 'event';
  device: string;
  ts: number;
  type: string;
  data: Record<string, unknown>;
}

export interface Availability {
  kind: 'availability';
  device: string;
  ts: number;
  online: boolean;
}

export type CanonicalMessage = Reading | DeviceEvent | Availability;
