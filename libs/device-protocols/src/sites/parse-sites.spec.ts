import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEVICE_KINDS } from '../model/device';
import { DEMO_SITES_PATH } from './demo-sites';
import { parseSites } from './parse-sites';
import { DEFAULT_SCHOOL_HOURS } from './school-hours';
import { ROLES } from './sites-model';
import { baseWith } from '../testing/sites.fixture';

/** The sites-file example of the interface contract (docs/sites-file.md), verbatim: whatever else changes, it must keep parsing. */
const CONTRACT_EXAMPLE = `province: { code: "610000", name: "陕西省", timezone: "Asia/Shanghai" }   # GB/T 2260 division codes; timezone optional
cities:
  - code: "610100"
    name: "西安市"
    counties:
      - code: "610113"
        name: "雁塔区"
        schools:
          - code: "2161010001"                       # 10-digit school identification code
            name: "雁塔区第一小学"
            devices:
              - id: smk-0001                         # unique in the whole file
                kind: smoke_detector
                secret: "demo-secret"                 # or secretHash (scrypt, as documented)
                location: { building: "实验楼", floor: 2, room: "化学实验室", use: lab }   # use: classroom|lab|dormitory|canteen|gate|office|library|gym|other
                risk: red                             # risk point grade: red|orange|yellow|blue
              - id: z2m-01
                kind: zigbee_bridge
                protocol: zigbee2mqtt                 # baseTopic defaults to zigbee2mqtt
                secret: "demo-secret"
              - id: door-0001
                kind: door_contact
                via: { bridge: z2m-01, name: gate_east_door }   # Zigbee2MQTT friendly_name
                risk: orange
              - id: nvr-01
                kind: nvr
                protocol: frigate                     # baseTopic defaults to frigate
                secret: "demo-secret"
              - id: cam-gate-north
                kind: camera
                via: { bridge: nvr-01, name: gate_north }       # Frigate camera name
              - id: fap-01
                kind: fire_alarm_panel
                protocol: gb26875                     # GB/T 26875.3 transmitter, no secret:
                address: 889                          # its 6-byte source address, as a decimal integer
contacts:                                             # who is paged for an org unit
  - { org: "2161010001", name: "张伟", phone: "+8613800000001" }
  - { org: "610113", name: "县教育局值班", phone: "+8613800000002" }
users:
  - { username: school1, password: "demo-pass", role: school_security, org: "2161010001" }   # or passwordHash (scrypt)
  - { username: yanta, password: "demo-pass", role: county_officer, org: "610113" }
escalation:          # per alert severity, steps from the alert's opening; \`after\` is "90s", "2m" or seconds;
                     # a severity without a policy uses the built-in default (documented in docs/)
  critical:
    - { level: school,   after: 0s,   channels: [sms, voice] }
    - { level: county,   after: 120s, channels: [sms, voice] }
    - { level: city,     after: 300s, channels: [sms] }
    - { level: province, after: 600s, channels: [sms] }
`;

describe('the contract example', () => {
  const sites = parseSites(CONTRACT_EXAMPLE, 'sites-file.md');

  it('parses into the org chain with defaults filled in', () => {
    expect(sites.source).toBe('sites-file.md');
    expect(sites.province).toEqual({ code: '610000', name: '陕西省', timezone: 'Asia/Shanghai' });
    expect(sites.cities).toEqual([{ code: '610100', name: '西安市', province: '610000' }]);
    expect(sites.counties).toEqual([{ code: '610113', name: '雁塔区', city: '610100' }]);
    expect(sites.schools).toEqual([
      {
        code: '2161010001',
        name: '雁塔区第一小学',
        county: '610113',
        city: '610100',
        province: '610000',
        hours: DEFAULT_SCHOOL_HOURS,
      },
    ]);
    expect(sites.rules).toBeUndefined();
  });

  it('resolves devices: org, protocol, base topics, via', () => {
    const org = { province: '610000', city: '610100', county: '610113', school: '2161010001' };
    expect(sites.devices.map((d) => [d.id, d.protocol])).toEqual([
      ['smk-0001', 'native'],
      ['z2m-01', 'zigbee2mqtt'],
      ['door-0001', 'zigbee2mqtt'],
      ['nvr-01', 'frigate'],
      ['cam-gate-north', 'frigate'],
      ['fap-01', 'gb26875'],
    ]);
    for (const d of sites.devices) expect(d.org).toEqual(org);
    expect(sites.deviceById.get('smk-0001')).toMatchObject({
      secret: 'demo-secret',
      location: { building: '实验楼', floor: 2, room: '化学实验室', use: 'lab' },
      risk: 'red',
    });
    expect(sites.bridgeByBaseTopic.get('zigbee2mqtt')?.id).toBe('z2m-01');
    expect(sites.bridgeByBaseTopic.get('frigate')?.id).toBe('nvr-01');
    expect(sites.resolveVia('z2m-01', 'gate_east_door')?.id).toBe('door-0001');
    expect(sites.resolveVia('nvr-01', 'gate_north')?.id).toBe('cam-gate-north');
    expect(sites.resolveVia('nvr-01', 'gate_east_door')).toBeUndefined();
    expect(sites.deviceById.get('fap-01')?.address).toBe(889);
    expect(sites.deviceById.get('door-0001')?.secret).toBeUndefined();
    expect(sites.schoolByCode.get('2161010001')?.name).toBe('雁塔区第一小学');
  });

  it('reads people and escalation', () => {
    expect(sites.contacts).toHaveLength(2);
    expect(sites.users).toEqual([
      { username: 'school1', password: 'demo-pass', role: 'school_security', org: '2161010001' },
      { username: 'yanta', password: 'demo-pass', role: 'county_officer', org: '610113' },
    ]);
    expect(sites.escalation.critical?.map((s) => [s.level, s.afterSeconds, s.channels])).toEqual([
      ['school', 0, ['sms', 'voice']],
      ['county', 120, ['sms', 'voice']],
      ['city', 300, ['sms']],
      ['province', 600, ['sms']],
    ]);
    expect(sites.escalation.high).toBeUndefined();
  });
});

describe('the demo province', () => {
  const sites = parseSites(readFileSync(DEMO_SITES_PATH, 'utf8'), 'built-in demo');

  it('is big enough to show every level and kind', () => {
    expect(sites.province.code).toBe('610000');
    expect(sites.cities.length).toBeGreaterThanOrEqual(2);
    expect(sites.counties.length).toBeGreaterThanOrEqual(3);
    expect(sites.schools.length).toBeGreaterThanOrEqual(6);
    expect(sites.devices.length).toBeGreaterThanOrEqual(150);
    expect(new Set(sites.devices.map((d) => d.kind))).toEqual(new Set(DEVICE_KINDS));
    expect(new Set(sites.devices.map((d) => d.risk))).toEqual(new Set(['red', 'orange', 'yellow', 'blue']));
    expect(new Set(sites.users.map((u) => u.role))).toEqual(new Set(ROLES));
  });

  it('gives every school its own bridges, cameras with zones, a gb26875 panel and contacts', () => {
    const orgs = new Set(sites.contacts.map((c) => c.org));
    for (const code of [
      sites.province.code,
      ...sites.cities.map((c) => c.code),
      ...sites.counties.map((c) => c.code),
    ]) {
      expect(orgs.has(code)).toBe(true);
    }
    for (const school of sites.schools) {
      expect(orgs.has(school.code)).toBe(true);
      const mine = sites.devices.filter((d) => d.org.school === school.code);
      expect(mine.find((d) => d.kind === 'zigbee_bridge')?.baseTopic).toBe(`z2m-${school.code}`);
      expect(mine.find((d) => d.kind === 'nvr')?.baseTopic).toBe(`frigate-${school.code}`);
      expect(mine.some((d) => d.protocol === 'gb26875' && d.address !== undefined)).toBe(true);
      expect(mine.some((d) => d.kind === 'camera' && d.restrictedZones?.includes('rooftop'))).toBe(true);
      expect(mine.some((d) => d.via?.bridge.startsWith('z2m-') && d.protocol === 'zigbee2mqtt')).toBe(true);
    }
    expect(sites.users.find((u) => u.username === 'yanta')).toMatchObject({
      role: 'county_officer',
      org: '610113',
    });
    expect(sites.users.every((u) => u.password === 'demo-pass')).toBe(true);
    expect(sites.devices.filter((d) => d.secret !== undefined).every((d) => d.secret === 'demo-secret')).toBe(
      true,
    );
  });

  it('uses short demo escalation delays', () => {
    expect(sites.escalation.critical?.map((s) => [s.level, s.afterSeconds])).toEqual([
      ['school', 0],
      ['county', 60],
      ['city', 120],
      ['province', 180],
    ]);
    expect(sites.escalation.critical?.[0]?.channels).toEqual(['sms', 'voice']);
  });
});

describe('parseSites additions and defaults', () => {
  it('reads school hours, with defaults for what is left out', () => {
    const sites = parseSites(
      baseWith({
        10: '            name: "一小"\n            hours: { open: "07:00", days: [5, 1, 2, 3, 4] }',
      }),
      'x',
    );
    expect(sites.schools[0]?.hours).toEqual({ open: '07:00', close: '22:00', days: [1, 2, 3, 4, 5] });
    expect(sites.schools[1]?.hours).toEqual(DEFAULT_SCHOOL_HOURS);
    const allDay = parseSites(
      baseWith({ 10: '            name: "一小"\n            hours: { open: "00:00", close: "24:00" }' }),
      'x',
    );
    expect(allDay.schools[0]?.hours).toMatchObject({ open: '00:00', close: '24:00' });
  });

  it('reads a school location for the overview map; a school without one has none', () => {
    const sites = parseSites(
      baseWith({ 10: '            name: "一小"\n            location: { lat: 34.2132, lng: 108.9581 }' }),
      'x',
    );
    expect(sites.schools[0]?.location).toEqual({ lat: 34.2132, lng: 108.9581 });
    expect(sites.schools[1]).not.toHaveProperty('location');
  });

  it('keeps the rules section as it is written', () => {
    const sites = parseSites(
      `${baseWith()}rules:\n  - { when: { event: smoke }, alert: smoke, severity: critical }\n`,
      'x',
    );
    expect(sites.rules).toEqual([{ when: { event: 'smoke' }, alert: 'smoke', severity: 'critical' }]);
  });

  it('defaults the time zone and canonicalises its spelling', () => {
    expect(parseSites(baseWith(), 'x').province.timezone).toBe('Asia/Shanghai');
    const utc = parseSites(
      baseWith({ 1: 'province: { code: "610000", name: "陕西省", timezone: "asia/urumqi" }' }),
      'x',
    );
    expect(utc.province.timezone).toBe('Asia/Urumqi');
  });

  it('accepts restricted zones on cameras, delays as numbers, and a bridge declared after its devices', () => {
    const sites = parseSites(
      baseWith({
        14: [
          '              - { id: cam-1, kind: camera, via: { bridge: nvr-1, name: roof }, restrictedZones: [rooftop, pool] }',
          '              - { id: nvr-1, kind: nvr, protocol: frigate, baseTopic: frigate-1, secret: s }',
        ].join('\n'),
        23: '  - { username: u, password: p, role: school_admin, org: "2161010001" }\nescalation:\n  high:\n    - { level: school, after: 90, channels: [sms] }\n    - { level: county, after: 1h, channels: [voice] }',
      }),
      'x',
    );
    expect(sites.resolveVia('nvr-1', 'roof')).toMatchObject({
      id: 'cam-1',
      protocol: 'frigate',
      restrictedZones: ['rooftop', 'pool'],
    });
    expect(sites.escalation.high?.map((s) => s.afterSeconds)).toEqual([90, 3600]);
  });

  it('accepts a valid secretHash and passwordHash', () => {
    const hash = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
    const sites = parseSites(
      baseWith({
        12: `              - { id: smk-1, kind: smoke_detector, secretHash: "${hash}" }`,
        23: `  - { username: school1, passwordHash: "${hash}", role: school_security, org: "2161010001" }`,
      }),
      'x',
    );
    expect(sites.deviceById.get('smk-1')?.secretHash).toBe(hash);
    expect(sites.users[0]?.passwordHash).toBe(hash);
  });
});
