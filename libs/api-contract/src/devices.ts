import type { PlaceView, RiskGrade } from './common';
import type { DeviceKind } from './vocabulary';

/** The `status` filter of `GET /api/devices` (docs/alerting.md). */
export const DEVICE_STATUSES = ['online', 'offline', 'faulty', 'low_battery', 'unknown'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

/** A device of `GET /api/devices`: the sites file joined with its live state (docs/alerting.md). */
export interface Device {
  id: string;
  kind: DeviceKind;
  school: string;
  schoolName: string | null;
  county: string;
  city: string;
  location: PlaceView | null;
  risk: RiskGrade | null;
  /** A device behind a bridge: the bridge's id and the device's name on it. */
  via: { bridge: string; name: string } | null;
  /** Null: not heard from since the service started keeping state. Behind a bridge: as online as the bridge allows. */
  online: boolean | null;
  lastSeenAt: string | null;
  onlineChangedAt: string | null;
  battery: number | null;
  lowBattery: boolean;
  faulty: boolean;
  /** Shown only while faulty. */
  fault: string | null;
  faultAt: string | null;
}
