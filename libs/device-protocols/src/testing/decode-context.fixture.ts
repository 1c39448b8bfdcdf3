import type { DecodeContext } from '../decoders/decode-context';
import type { Device, DeviceKind } from '../model/device';
import type { OrgPath } from '../model/org';

/** 2026-11-28T10:00:00Z: a Saturday, 18:00 in Asia/Shanghai. */
export const TEST_NOW = Date.UTC(2026, 10, 28, 10, 0, 0);

export const TEST_ORG: OrgPath = {
  province: '610000',
  city: '610100',
  county: '610113',
  school: '2161010001',
};

/** A device in the test school; `overrides` set protocol, via, restrictedZones … */
export function testDevice(id: string, kind: DeviceKind, overrides: Partial<Device> = {}): Device {
  return { id, kind, protocol: 'native', org: TEST_ORG, ...overrides };
}

export interface TestContextOptions {
  now?: number;
  /** Whether the school is open: a constant, or a function of (school, ts). Default: open. */
  schoolOpen?: boolean | ((school: string, ts: number) => boolean);
}

/** A DecodeContext over `devices`: `resolveVia` finds the device whose `via` names the bridge and name. */
export function testDecodeContext(
  devices: readonly Device[],
  options: TestContextOptions = {},
): DecodeContext {
  const schoolOpen = options.schoolOpen ?? true;
  return {
    now: options.now ?? TEST_NOW,
    resolveVia: (bridgeId, name) => devices.find((d) => d.via?.bridge === bridgeId && d.via.name === name),
    isSchoolOpen: (school, ts) => (typeof schoolOpen === 'boolean' ? schoolOpen : schoolOpen(school, ts)),
  };
}
