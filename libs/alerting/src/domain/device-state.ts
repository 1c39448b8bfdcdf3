/**
 * The live state of one device (docs/alerting.md, "Organisations and devices"), as the alert service keeps it from the uplink.
 * Timestamps are ISO 8601 strings in UTC; null means "not known yet".
 */
export interface DeviceState {
  device: string;
  province: string;
  city: string;
  county: string;
  school: string;
  /** The device kind from the uplink (the sites file's). */
  kind: string;
  /** Null until the device has been heard from (see the reducer for what changes it). */
  online: boolean | null;
  onlineChangedAt: string | null;
  lastSeenAt: string | null;
  /** The last `battery` reading (percent). */
  battery: number | null;
  batteryAt: string | null;
  /** The last `low_battery` event not yet followed by a battery reading above 20. */
  lowBatteryAt: string | null;
  faulty: boolean;
  /** `fault` or `tamper` while faulty (the event type that made it so). */
  fault: string | null;
  faultAt: string | null;
  updatedAt: string;
}
