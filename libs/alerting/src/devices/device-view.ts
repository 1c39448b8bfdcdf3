import type { Device as WireDevice } from '@campus/api-contract';
import type { Device } from '@campus/device-protocols';
import type { DeviceState } from '../domain/device-state';
import { effectiveOnline } from './bridged-online';
import { isLowBattery } from './device-state-reducer';
import type { DeviceStatus } from './device.schemas';
import { locationView, type SiteDirectory } from './site-directory';

/**
 * A device of `GET /api/devices` (docs/alerting.md): the sites file joined with its live state,
 * the wire type of libs/api-contract. Behind a bridge, `online` follows effectiveOnline.
 */
export type DeviceView = WireDevice;

/** Joins a sites-file device with its stored state (undefined: none yet). Pure. */
export function deviceView(
  device: Device,
  state: DeviceState | undefined,
  directory: SiteDirectory,
  /** The state of the device's bridge (`via.bridge`), if it has one. */
  bridgeState?: DeviceState,
): DeviceView {
  const faulty = state?.faulty ?? false;
  return {
    id: device.id,
    kind: device.kind,
    school: device.org.school,
    schoolName: directory.nameOf(device.org.school),
    county: device.org.county,
    city: device.org.city,
    location: locationView(device.location),
    risk: device.risk ?? null,
    via: device.via ? { bridge: device.via.bridge, name: device.via.name } : null,
    online: effectiveOnline(state?.online, device.via ? (bridgeState?.online ?? null) : undefined),
    lastSeenAt: state?.lastSeenAt ?? null,
    onlineChangedAt: state?.onlineChangedAt ?? null,
    battery: state?.battery ?? null,
    lowBattery: state === undefined ? false : isLowBattery(state),
    faulty,
    // faultAt is kept after a clearing to order later messages; the API shows it only while faulty
    fault: faulty ? (state?.fault ?? null) : null,
    faultAt: faulty ? (state?.faultAt ?? null) : null,
  };
}

/** Whether a device matches the `status` filter. */
export function hasStatus(device: DeviceView, status: DeviceStatus): boolean {
  switch (status) {
    case 'online':
      return device.online === true;
    case 'offline':
      return device.online === false;
    case 'unknown':
      return device.online === null;
    case 'faulty':
      return device.faulty;
    case 'low_battery':
      return device.lowBattery;
  }
}

/** Sort order of the list: school, building, floor, room, id (devices without a place last in their school). */
export function compareDevices(a: DeviceView, b: DeviceView): number {
  return (
    compareText(a.school, b.school) ||
    compareOptional(a.location?.building ?? null, b.location?.building ?? null, compareText) ||
    compareOptional(a.location?.floor ?? null, b.location?.floor ?? null, (x, y) => x - y) ||
    compareOptional(a.location?.room ?? null, b.location?.room ?? null, compareText) ||
    compareText(a.id, b.id)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareOptional<T>(a: T | null, b: T | null, compare: (x: T, y: T) => number): number {
  if (a === null) return b === null ? 0 : 1;
  if (b === null) return -1;
  return compare(a, b);
}
