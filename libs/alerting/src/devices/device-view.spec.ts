import { parseSites } from '@campus/device-protocols';
import { describe, expect, it } from 'vitest';
import { sitesYaml } from '@campus/test-kit';
import type { DeviceState } from '../domain/device-state';
import { compareDevices, deviceView, hasStatus } from './device-view';
import { SiteDirectory } from './site-directory';

const SITES = parseSites(
  sitesYaml({
    schools: [
      {
        code: '2161010001',
        name: '雁塔区第一小学',
        devices: [
          { id: 'z2m-01', kind: 'zigbee_bridge', protocol: 'zigbee2mqtt', secret: 's' },
          {
            id: 'door-0001',
            kind: 'door_contact',
            via: { bridge: 'z2m-01', name: 'gate_east_door' },
            risk: 'orange',
            location: { building: 'A', floor: 1 },
          },
          {
            id: 'smk-2',
            kind: 'smoke_detector',
            secret: 's',
            location: { building: 'A', floor: 2, room: '201' },
          },
          {
            id: 'smk-1',
            kind: 'smoke_detector',
            secret: 's',
            location: { building: 'A', floor: 2, room: '201' },
          },
          {
            id: 'smk-0',
            kind: 'smoke_detector',
            secret: 's',
            location: { building: 'A', floor: 2, room: '101' },
          },
        ],
      },
    ],
  }),
  'device-view test sites',
);
const directory = SiteDirectory.of(SITES);
const device = (id: string) => {
  const d = SITES.deviceById.get(id);
  if (!d) throw new Error(`no device ${id}`);
  return d;
};
const T = '2026-11-28T10:00:00.000Z';
const state = (over: Partial<DeviceState>): DeviceState => ({
  device: 'door-0001',
  province: '610000',
  city: '610100',
  county: '610113',
  school: '2161010001',
  kind: 'door_contact',
  online: true,
  onlineChangedAt: T,
  lastSeenAt: T,
  battery: null,
  batteryAt: null,
  lowBatteryAt: null,
  faulty: false,
  fault: null,
  faultAt: null,
  updatedAt: T,
  ...over,
});

describe('deviceView', () => {
  it('is offline behind an offline bridge, and as online as its bridge until it reports itself', () => {
    const bridge = (online: boolean | null) => state({ device: 'z2m-01', kind: 'zigbee_bridge', online });
    expect(deviceView(device('door-0001'), state({ online: true }), directory, bridge(false)).online).toBe(
      false,
    );
    expect(deviceView(device('door-0001'), undefined, directory, bridge(true)).online).toBe(true);
    expect(deviceView(device('door-0001'), state({ online: false }), directory, bridge(true)).online).toBe(
      false,
    );
    expect(deviceView(device('door-0001'), undefined, directory, undefined).online).toBeNull();
    // not behind a bridge: a bridge state passed by mistake changes nothing
    expect(deviceView(device('smk-0'), undefined, directory, bridge(false)).online).toBeNull();
  });

  it('shows a bridged device with its bridge, place and risk', () => {
    expect(deviceView(device('door-0001'), state({}), directory)).toMatchObject({
      id: 'door-0001',
      kind: 'door_contact',
      schoolName: '雁塔区第一小学',
      via: { bridge: 'z2m-01', name: 'gate_east_door' },
      location: { building: 'A', floor: 1, room: null, use: null },
      risk: 'orange',
      online: true,
    });
    expect(deviceView(device('z2m-01'), undefined, directory)).toMatchObject({
      kind: 'zigbee_bridge',
      via: null,
      online: null,
      lowBattery: false,
      faulty: false,
    });
  });

  it('shows the fault only while faulty, and low battery from a reading or an event', () => {
    const cleared = deviceView(
      device('door-0001'),
      state({ faulty: false, fault: null, faultAt: T }),
      directory,
    );
    expect(cleared).toMatchObject({ faulty: false, fault: null, faultAt: null });
    const faulty = deviceView(
      device('door-0001'),
      state({ faulty: true, fault: 'fault', faultAt: T }),
      directory,
    );
    expect(faulty).toMatchObject({ faulty: true, fault: 'fault', faultAt: T });
    expect(deviceView(device('door-0001'), state({ battery: 19 }), directory).lowBattery).toBe(true);
    expect(
      deviceView(device('door-0001'), state({ battery: 90, lowBatteryAt: T }), directory).lowBattery,
    ).toBe(true);
  });

  it('filters by status', () => {
    const view = (over: Partial<DeviceState> | undefined) =>
      deviceView(device('door-0001'), over === undefined ? undefined : state(over), directory);
    expect(hasStatus(view({ online: true }), 'online')).toBe(true);
    expect(hasStatus(view({ online: false }), 'offline')).toBe(true);
    expect(hasStatus(view({ online: false }), 'online')).toBe(false);
    expect(hasStatus(view(undefined), 'unknown')).toBe(true);
    expect(hasStatus(view({ online: null }), 'unknown')).toBe(true);
    expect(hasStatus(view({ faulty: true, fault: 'tamper' }), 'faulty')).toBe(true);
    expect(hasStatus(view({ battery: 5 }), 'low_battery')).toBe(true);
    expect(hasStatus(view({ battery: 50 }), 'low_battery')).toBe(false);
  });

  it('sorts by school, building, floor, room, id; no place last', () => {
    const ids = SITES.devices
      .map((d) => deviceView(d, undefined, directory))
      .sort(compareDevices)
      .map((d) => d.id);
    expect(ids).toEqual(['door-0001', 'smk-0', 'smk-1', 'smk-2', 'z2m-01']);
  });
});
