import type { DeviceState } from '../domain/device-state';

/** Events of one type from one device on one local day, to add to `device_event_days`. */
export interface EventDayIncrement {
  device: string;
  province: string;
  city: string;
  county: string;
  school: string;
  type: string;
  /** Local date in the province's time zone, `YYYY-MM-DD`. */
  day: string;
  count: number;
  /** The latest event's time (ISO 8601). */
  lastAt: string;
}

/** Row of `eventCounts`: events summed over the requested days. */
export interface DeviceEventCount {
  school: string;
  device: string;
  type: string;
  count: number;
}

/** A row of `alerting.device_state` as both backends return it (timestamps as ISO strings). */
export interface DeviceStateRow {
  device: string;
  province: string;
  city: string;
  county: string;
  school: string;
  kind: string;
  online: boolean | null;
  online_changed_at: string | null;
  last_seen_at: string | null;
  battery: number | null;
  battery_at: string | null;
  low_battery_at: string | null;
  faulty: boolean;
  fault: string | null;
  fault_at: string | null;
  updated_at: string;
}

export const DEVICE_STATE_COLUMNS =
  'device, province, city, county, school, kind, online, online_changed_at, last_seen_at, battery, ' +
  'battery_at, low_battery_at, faulty, fault, fault_at, updated_at';

/**
 * The record type of `jsonb_to_recordset` for a batch of states: the batch travels as one jsonb
 * parameter (any size, one statement, the same on PGlite and `pg`).
 */
export const DEVICE_STATE_RECORD =
  'device text, province text, city text, county text, school text, kind text, online boolean, ' +
  'online_changed_at timestamptz, last_seen_at timestamptz, battery double precision, ' +
  'battery_at timestamptz, low_battery_at timestamptz, faulty boolean, fault text, ' +
  'fault_at timestamptz, updated_at timestamptz';

export function toDeviceState(r: DeviceStateRow): DeviceState {
  return {
    device: r.device,
    province: r.province,
    city: r.city,
    county: r.county,
    school: r.school,
    kind: r.kind,
    online: r.online,
    onlineChangedAt: r.online_changed_at,
    lastSeenAt: r.last_seen_at,
    battery: r.battery,
    batteryAt: r.battery_at,
    lowBatteryAt: r.low_battery_at,
    faulty: r.faulty,
    fault: r.fault,
    faultAt: r.fault_at,
    updatedAt: r.updated_at,
  };
}

export function toDeviceStateRow(s: DeviceState): DeviceStateRow {
  return {
    device: s.device,
    province: s.province,
    city: s.city,
    county: s.county,
    school: s.school,
    kind: s.kind,
    online: s.online,
    online_changed_at: s.onlineChangedAt,
    last_seen_at: s.lastSeenAt,
    battery: s.battery,
    battery_at: s.batteryAt,
    low_battery_at: s.lowBatteryAt,
    faulty: s.faulty,
    fault: s.fault,
    fault_at: s.faultAt,
    updated_at: s.updatedAt,
  };
}
