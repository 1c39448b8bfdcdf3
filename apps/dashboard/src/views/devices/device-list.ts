import type { Device, DeviceStatus } from '../../api/devices';

/** The screen's filters: every `status` of the API but `online` (the list shows the healthy ones under 'all'). */
export type DeviceFilter = 'all' | Exclude<DeviceStatus, 'online'>;
export const DEVICE_FILTERS: readonly DeviceFilter[] = ['all', 'offline', 'faulty', 'low_battery', 'unknown'];

/** Kinds that carry other devices (a Zigbee bridge, an NVR): their loss takes others offline. */
export const GATEWAY_KINDS: readonly string[] = ['zigbee_bridge', 'nvr'];

/** Whether `d` shows under `filter` (the same meaning as the API's `status`, docs/alerting.md "Organisations and devices"). */
export function matchesFilter(d: Device, filter: DeviceFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'offline':
      return d.online === false;
    case 'unknown':
      return d.online === null;
    case 'faulty':
      return d.faulty;
    case 'low_battery':
      return d.lowBattery;
  }
}

/** Whether the free-text search matches the device id, kind label, school or location. */
export function matchesSearch(d: Device, text: string, kindLabel: string): boolean {
  const q = text.trim().toLowerCase();
  if (!q) return true;
  const hay = [d.id, d.kind, kindLabel, d.schoolName, d.location?.building, d.location?.room, d.via?.name]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
  return hay.includes(q);
}

export interface DeviceCounts {
  total: number;
  online: number;
  offline: number;
  unknown: number;
  faulty: number;
  lowBattery: number;
  /** online / (online + offline): devices never heard from are not counted; null when none. */
  onlineRate: number | null;
}

export function countDevices(devices: readonly Device[]): DeviceCounts {
  const c = { total: devices.length, online: 0, offline: 0, unknown: 0, faulty: 0, lowBattery: 0 };
  for (const d of devices) {
    if (d.online === true) c.online += 1;
    else if (d.online === false) c.offline += 1;
    else c.unknown += 1;
    if (d.faulty) c.faulty += 1;
    if (d.lowBattery) c.lowBattery += 1;
  }
  const known = c.online + c.offline;
  return { ...c, onlineRate: known === 0 ? null : c.online / known };
}

/** How many devices each filter shows (the filter's badges). */
export function filterCounts(devices: readonly Device[]): Record<DeviceFilter, number> {
  const out = Object.fromEntries(DEVICE_FILTERS.map((f) => [f, 0])) as Record<DeviceFilter, number>;
  for (const d of devices) for (const f of DEVICE_FILTERS) if (matchesFilter(d, f)) out[f] += 1;
  return out;
}

/** Battery shown as a level: `low` below 20 % or when the device said so. */
export function batteryLevel(d: Pick<Device, 'battery' | 'lowBattery'>): 'none' | 'low' | 'mid' | 'ok' {
  if (d.battery === null) return d.lowBattery ? 'low' : 'none';
  if (d.lowBattery || d.battery < 20) return 'low';
  return d.battery < 50 ? 'mid' : 'ok';
}
