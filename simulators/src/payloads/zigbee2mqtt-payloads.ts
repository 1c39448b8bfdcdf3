import type { DeviceKind } from '@campus/device-protocols';
import { stableStringify, type JsonValue } from './stable-json';

/**
 * Zigbee2MQTT 2.x payload shapes (fixtures: shared/fixtures/devices/zigbee2mqtt). A state message is
 * the device's whole cached state, keys sorted; IAS zone bits become booleans, and `contact` is
 * inverted (true = closed).
 */
export type ZigbeeState = Record<string, JsonValue>;

interface ZigbeeProfile {
  /** Boolean exposes and their idle values. */
  flags: Record<string, boolean>;
  /** Whether the converter reports `battery_low` (IAS zone bit 3). */
  batteryLow: boolean;
  /** Whether the device reports its battery voltage in mV. */
  voltage: boolean;
}

const IAS_SMOKE_IDLE = {
  ac_status: false,
  battery_defect: false,
  restore_reports: false,
  smoke: false,
  supervision_reports: false,
  tamper: false,
  test: false,
  trouble: false,
};

const PROFILES: Partial<Record<DeviceKind, ZigbeeProfile>> = {
  smoke_detector: { flags: IAS_SMOKE_IDLE, batteryLow: true, voltage: false },
  door_contact: { flags: { contact: true, tamper: false }, batteryLow: true, voltage: false },
  water_leak: { flags: { tamper: false, water_leak: false }, batteryLow: true, voltage: false },
  gas_detector: { flags: { gas: false, tamper: false }, batteryLow: true, voltage: false },
  one_key_alarm: { flags: {}, batteryLow: false, voltage: true },
  temperature_sensor: { flags: {}, batteryLow: false, voltage: true },
  heat_detector: { flags: {}, batteryLow: false, voltage: true },
};
const DEFAULT_PROFILE: ZigbeeProfile = { flags: {}, batteryLow: true, voltage: false };

export function idleZigbeeFlags(kind: DeviceKind): Record<string, boolean> {
  return { ...(PROFILES[kind] ?? DEFAULT_PROFILE).flags };
}

/** The whole state Z2M would cache for a device of `kind`, from its numeric readings and boolean flags. */
export function composeZigbeeState(
  kind: DeviceKind,
  readings: Record<string, number>,
  flags: Record<string, boolean>,
): ZigbeeState {
  const profile = PROFILES[kind] ?? DEFAULT_PROFILE;
  const state: ZigbeeState = { ...readings, ...flags };
  const battery = readings['battery'];
  if (profile.batteryLow) state['battery_low'] = battery !== undefined && battery < 10;
  if (profile.voltage && battery !== undefined) state['voltage'] = Math.round(2500 + battery * 5.5);
  return state;
}

/**
 * A state message: the cached state plus transient keys (`action` is published but never cached,
 * so it appears once and is gone from the next message).
 */
export function zigbeeStatePayload(cached: ZigbeeState, transient: ZigbeeState = {}): string {
  return stableStringify({ ...cached, ...transient });
}

/** `{base}/{friendly_name}/availability`, retained. */
export function zigbeeAvailabilityPayload(online: boolean): string {
  return stableStringify({ state: online ? 'online' : 'offline' });
}

/** `{base}/bridge/state`, retained; `offline` is the bridge's MQTT will. */
export function zigbeeBridgeStatePayload(online: boolean): string {
  return stableStringify({ state: online ? 'online' : 'offline' });
}

export const zigbeeStateTopic = (base: string, friendlyName: string): string => `${base}/${friendlyName}`;
export const zigbeeAvailabilityTopic = (base: string, friendlyName: string): string =>
  `${base}/${friendlyName}/availability`;
export const zigbeeBridgeStateTopic = (base: string): string => `${base}/bridge/state`;
