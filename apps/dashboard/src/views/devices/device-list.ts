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

/** One school's devices on the devices screen of an official (docs/user-guide.md "区县视图"). */
export interface SchoolGroup {
  code: string;
  name: string;
  devices: Device[];
  offline: number;
  faulty: number;
  lowBattery: number;
}

const collator = new Intl.Collator('zh-CN', { numeric: true });

/**
 * How urgent a device (or a school) is for the official: offline first (nobody is watching
 * there), then faulty, then low battery, then the healthy rest (issue #11 "Screens that scale").
 */
function problemRank(c: { offline: number; faulty: number; lowBattery: number }): number {
  return c.offline > 0 ? 0 : c.faulty > 0 ? 1 : c.lowBattery > 0 ? 2 : 3;
}

const deviceProblems = (d: Device) => ({
  offline: d.online === false ? 1 : 0,
  faulty: d.faulty ? 1 : 0,
  lowBattery: d.lowBattery ? 1 : 0,
});

/**
 * The devices grouped by school, schools with problems first: any offline device, then any
 * fault, then any low battery, then the rest; within a rank the school with more of that problem
 * first, then by name. Inside a school the devices with problems come first in the same order,
 * then by id, so the first screen of a county of 40 schools shows what needs someone.
 */
export function groupBySchool(devices: readonly Device[]): SchoolGroup[] {
  const groups = new Map<string, SchoolGroup>();
  for (const d of devices) {
    let g = groups.get(d.school);
    if (!g) {
      g = {
        code: d.school,
        name: d.schoolName ?? d.school,
        devices: [],
        offline: 0,
        faulty: 0,
        lowBattery: 0,
      };
      groups.set(d.school, g);
    }
    g.devices.push(d);
    const p = deviceProblems(d);
    g.offline += p.offline;
    g.faulty += p.faulty;
    g.lowBattery += p.lowBattery;
  }
  for (const g of groups.values())
    g.devices.sort(
      (a, b) =>
        problemRank(deviceProblems(a)) - problemRank(deviceProblems(b)) || collator.compare(a.id, b.id),
    );
  return [...groups.values()].sort(
    (a, b) =>
      problemRank(a) - problemRank(b) ||
      b.offline - a.offline ||
      b.faulty - a.faulty ||
      b.lowBattery - a.lowBattery ||
      collator.compare(a.name, b.name),
  );
}
