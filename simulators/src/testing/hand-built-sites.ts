import type { Device, School, Sites } from '@campus/device-protocols';

export const TEST_SCHOOL = '2161010001';
const ORG = { province: '610000', city: '610100', county: '610113', school: TEST_SCHOOL };

export type DeviceSpec = Omit<Device, 'org' | 'protocol'> & Partial<Pick<Device, 'protocol'>>;

/** A one-school Sites object built by hand, for tests that need exact control over the fleet. */
export function handBuiltSites(specs: DeviceSpec[]): Sites {
  const devices: Device[] = specs.map((spec) => ({ protocol: 'native', ...spec, org: ORG }));
  const school: School = {
    code: TEST_SCHOOL,
    name: '测试学校',
    county: ORG.county,
    city: ORG.city,
    province: ORG.province,
    hours: { open: '00:00', close: '23:59', days: [1, 2, 3, 4, 5, 6, 7] },
  };
  const bridges = devices.filter((d) => d.baseTopic !== undefined);
  return {
    source: 'hand-built test sites',
    province: { code: ORG.province, name: '陕西省', timezone: 'Asia/Shanghai' },
    cities: [{ code: ORG.city, name: '西安市', province: ORG.province }],
    counties: [{ code: ORG.county, name: '雁塔区', city: ORG.city }],
    schools: [school],
    devices,
    contacts: [],
    users: [],
    escalation: {},
    rules: undefined,
    gateways: [],
    alertServices: [],
    deviceById: new Map(devices.map((d) => [d.id, d])),
    schoolByCode: new Map([[school.code, school]]),
    bridgeByBaseTopic: new Map(bridges.map((b) => [b.baseTopic ?? '', b])),
    resolveVia: (bridgeId, name) => devices.find((d) => d.via?.bridge === bridgeId && d.via.name === name),
  };
}

const SECRET = 'test-secret';

/** A small school with one of everything the scenarios use. */
export const SMALL_SCHOOL: DeviceSpec[] = [
  {
    id: 'smk-lab',
    kind: 'smoke_detector',
    secret: SECRET,
    risk: 'red',
    location: { building: '实验楼', room: '化学实验室', use: 'lab' },
  },
  {
    id: 'smk-hall',
    kind: 'smoke_detector',
    secret: SECRET,
    risk: 'yellow',
    location: { building: '教学楼', use: 'classroom' },
  },
  {
    id: 'temp-lab',
    kind: 'temperature_sensor',
    secret: SECRET,
    location: { building: '实验楼', room: '化学实验室', use: 'lab' },
  },
  { id: 'acl-gate', kind: 'access_control', secret: SECRET, location: { building: '大门', use: 'gate' } },
  { id: 'patrol-1', kind: 'patrol_checkpoint', secret: SECRET },
  { id: 'z2m-a', kind: 'zigbee_bridge', protocol: 'zigbee2mqtt', baseTopic: 'z2m-test', secret: SECRET },
  {
    id: 'zsmk-lab',
    kind: 'smoke_detector',
    protocol: 'zigbee2mqtt',
    via: { bridge: 'z2m-a', name: 'lab/smoke_detector' },
    location: { use: 'lab' },
  },
  {
    id: 'door-gate',
    kind: 'door_contact',
    protocol: 'zigbee2mqtt',
    via: { bridge: 'z2m-a', name: 'gate_door' },
    risk: 'orange',
  },
  { id: 'nvr-a', kind: 'nvr', protocol: 'frigate', baseTopic: 'frigate-test', secret: SECRET },
  {
    id: 'cam-lab',
    kind: 'camera',
    protocol: 'frigate',
    via: { bridge: 'nvr-a', name: 'lab_cam' },
    location: { use: 'lab' },
    restrictedZones: ['chemical_store'],
  },
];

/** Username → password the test broker accepts for `specs` (devices with a plain secret). */
export function brokerCredentials(specs: DeviceSpec[]): Map<string, string> {
  return new Map(specs.flatMap((s) => (s.secret === undefined ? [] : [[s.id, s.secret] as const])));
}
