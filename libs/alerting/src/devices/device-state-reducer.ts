import type { UplinkMessage } from '@campus/device-protocols';
import type { DeviceState } from '../domain/device-state';
import { localDate } from '../rules/local-calendar';

/** Below this battery percentage a device is low on battery. */
export const LOW_BATTERY_PERCENT = 20;
/** Events that mark a device faulty (the type is kept as `fault`). */
export const FAULT_EVENTS: readonly string[] = ['fault', 'tamper'];
/** Events that clear a fault. */
export const FAULT_CLEARED_EVENTS: readonly string[] = ['fault_cleared', 'restored'];

/**
 * The new state of a device after one uplink message (docs/alerting.md, "Organisations and devices"). Pure.
 *
 * - `online`: only availability messages change it, except that a device never heard from
 *   (`online` null) becomes online with its first message of any kind.
 * - `lastSeenAt`: every message except `{"online": false}` (a will message or a bridge saying
 *   the device is gone is not the device speaking) — as the offline rule counts silence.
 * - reading metric `battery` → `battery`; above 20 it also clears a `low_battery` event.
 * - events `fault` / `tamper` → faulty; `fault_cleared` / `restored` clear it;
 *   `low_battery` → `lowBatteryAt`.
 *
 * The message time is its `ts`, clamped to `now` (a device clock ahead of ours must not put state
 * in the future). A message older than the change it would undo (a redelivery, a late bridge) is
 * ignored for that part of the state, so order of arrival does not matter.
 */
export function reduceDeviceState(
  current: DeviceState | undefined,
  msg: UplinkMessage,
  now: number,
): DeviceState {
  const at = messageTime(msg, now);
  const next: DeviceState = {
    ...(current ?? unknownDeviceState(msg)),
    province: msg.org.province,
    city: msg.org.city,
    county: msg.org.county,
    school: msg.org.school,
    kind: msg.deviceKind,
    updatedAt: new Date(now).toISOString(),
  };
  const speaking = msg.kind !== 'availability' || msg.online;
  if (speaking && notBefore(at, next.lastSeenAt)) next.lastSeenAt = at;

  if (msg.kind === 'availability') {
    if (notBefore(at, next.onlineChangedAt) && next.online !== msg.online) {
      next.online = msg.online;
      next.onlineChangedAt = at;
    }
  } else if (next.online === null) {
    next.online = true;
    next.onlineChangedAt = at;
  }

  if (msg.kind === 'reading') applyReading(next, msg.metrics, at);
  if (msg.kind === 'event') applyEvent(next, msg.type, at);
  return next;
}

/** Whether the device counts as low on battery now (docs/alerting.md, "Organisations and devices": `lowBattery`). */
export function isLowBattery(state: Pick<DeviceState, 'battery' | 'lowBatteryAt'>): boolean {
  return (state.battery !== null && state.battery < LOW_BATTERY_PERCENT) || state.lowBatteryAt !== null;
}

/**
 * The local day (`YYYY-MM-DD`, province time zone) an event at `ts` (epoch ms) is counted on in
 * `device_event_days`.
 */
export function eventDayKey(ts: number, timeZone: string): string {
  return localDate(ts, timeZone);
}

/** The message's time as stored: its `ts`, but never after `now`; ISO 8601. */
export function messageTime(msg: Pick<UplinkMessage, 'ts'>, now: number): string {
  return new Date(Math.min(msg.ts, now)).toISOString();
}

/** A device the service has not heard from: where it is and what it is, nothing else known. */
function unknownDeviceState(msg: UplinkMessage): DeviceState {
  return {
    device: msg.device,
    province: msg.org.province,
    city: msg.org.city,
    county: msg.org.county,
    school: msg.org.school,
    kind: msg.deviceKind,
    online: null,
    onlineChangedAt: null,
    lastSeenAt: null,
    battery: null,
    batteryAt: null,
    lowBatteryAt: null,
    faulty: false,
    fault: null,
    faultAt: null,
    updatedAt: '',
  };
}

function applyReading(state: DeviceState, metrics: Record<string, number>, at: string): void {
  const battery = metrics['battery'];
  if (battery === undefined || !notBefore(at, state.batteryAt)) return;
  state.battery = battery;
  state.batteryAt = at;
  if (battery > LOW_BATTERY_PERCENT && notBefore(at, state.lowBatteryAt)) state.lowBatteryAt = null;
}

function applyEvent(state: DeviceState, type: string, at: string): void {
  if (type === 'low_battery') {
    if (notBefore(at, state.batteryAt) && notBefore(at, state.lowBatteryAt)) state.lowBatteryAt = at;
    return;
  }
  const faulty = FAULT_EVENTS.includes(type);
  if (!faulty && !FAULT_CLEARED_EVENTS.includes(type)) return;
  if (!notBefore(at, state.faultAt)) return;
  // faultAt stays the time of the last change (set or cleared): it orders later messages
  state.faulty = faulty;
  state.fault = faulty ? type : null;
  state.faultAt = at;
}

/** `at` is not earlier than `than` (ISO strings from toISOString compare in time order). */
function notBefore(at: string, than: string | null): boolean {
  return than === null || at >= than;
}

type ReadingMessage = Extract<UplinkMessage, { kind: 'reading' }>;

const msOf = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));
const isoOf = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/**
 * `reduceDeviceState` over a run of one device's readings, in order, with the times kept as
 * numbers and written out once: what a burst of readings costs is a loop, not an object and two
 * dates per reading. Gives exactly the state the one-by-one reduction gives (a property test holds
 * it to that).
 */
export function reduceReadings(
  current: DeviceState | undefined,
  readings: readonly ReadingMessage[],
  now: number,
): DeviceState | undefined {
  const last = readings[readings.length - 1];
  if (last === undefined) return current;
  const start = current ?? unknownDeviceState(last);
  let online = start.online;
  let onlineChangedAt = msOf(start.onlineChangedAt);
  let lastSeenAt = msOf(start.lastSeenAt);
  let battery = start.battery;
  let batteryAt = msOf(start.batteryAt);
  let lowBatteryAt = msOf(start.lowBatteryAt);
  for (const r of readings) {
    const at = Math.min(r.ts, now);
    if (lastSeenAt === null || at >= lastSeenAt) lastSeenAt = at;
    if (online === null) {
      online = true;
      onlineChangedAt = at;
    }
    const level = r.metrics['battery'];
    if (level === undefined || (batteryAt !== null && at < batteryAt)) continue;
    battery = level;
    batteryAt = at;
    if (level > LOW_BATTERY_PERCENT && (lowBatteryAt === null || at >= lowBatteryAt)) lowBatteryAt = null;
  }
  return {
    ...start,
    province: last.org.province,
    city: last.org.city,
    county: last.org.county,
    school: last.org.school,
    kind: last.deviceKind,
    online,
    onlineChangedAt: isoOf(onlineChangedAt),
    lastSeenAt: isoOf(lastSeenAt),
    battery,
    batteryAt: isoOf(batteryAt),
    lowBatteryAt: isoOf(lowBatteryAt),
    updatedAt: new Date(now).toISOString(),
  };
}
