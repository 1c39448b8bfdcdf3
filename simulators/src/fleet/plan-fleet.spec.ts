import { describe, expect, it } from 'vitest';
import { handBuiltSites, SMALL_SCHOOL, TEST_SCHOOL } from '../testing/hand-built-sites';
import { planFleet, UnknownSchoolError } from './plan-fleet';

describe('fleet plan', () => {
  it('opens one connection per native device and one per bridge, never one per bridged device', () => {
    const plan = planFleet(handBuiltSites(SMALL_SCHOOL));
    expect(plan.natives.map((n) => n.device.id)).toEqual([
      'smk-lab',
      'smk-hall',
      'temp-lab',
      'acl-gate',
      'patrol-1',
    ]);
    expect(plan.zigbeeBridges.map((b) => [b.device.id, b.baseTopic, b.children.map((c) => c.id)])).toEqual([
      ['z2m-a', 'z2m-test', ['zsmk-lab', 'door-gate']],
    ]);
    expect(plan.frigateNvrs.map((b) => [b.device.id, b.baseTopic, b.children.map((c) => c.id)])).toEqual([
      ['nvr-a', 'frigate-test', ['cam-lab']],
    ]);
    expect(plan.natives.every((n) => n.password === 'test-secret')).toBe(true);
  });

  it('skips hashed-secret devices with a warning unless a secret override is given', () => {
    const sites = handBuiltSites([
      { id: 'hashed', kind: 'smoke_detector', secretHash: 'scrypt$…' },
      { id: 'hashed-bridge', kind: 'zigbee_bridge', protocol: 'zigbee2mqtt', secretHash: 'scrypt$…' },
      {
        id: 'child',
        kind: 'door_contact',
        protocol: 'zigbee2mqtt',
        via: { bridge: 'hashed-bridge', name: 'door' },
      },
      { id: 'panel', kind: 'fire_alarm_panel', protocol: 'gb26875', address: 889 },
    ]);
    const skipped = planFleet(sites).skipped;
    expect(skipped.map((s) => [s.id, s.severity])).toEqual([
      ['hashed', 'warn'],
      ['hashed-bridge', 'warn'],
      ['panel', 'info'],
      ['child', 'info'],
    ]);
    expect(skipped[0]?.reason).toMatch(/--secret/);

    const overridden = planFleet(sites, { secretOverride: 'from-cli' });
    expect(overridden.natives.map((n) => [n.device.id, n.password])).toEqual([['hashed', 'from-cli']]);
    expect(overridden.zigbeeBridges[0]?.baseTopic).toBe('zigbee2mqtt');
  });

  it('limits the fleet to the schools asked for and names unknown ones', () => {
    const sites = handBuiltSites(SMALL_SCHOOL);
    expect(planFleet(sites, { schools: [TEST_SCHOOL] }).natives).toHaveLength(5);
    expect(() => planFleet(sites, { schools: ['9999999999'] })).toThrow(UnknownSchoolError);
    expect(() => planFleet(sites, { schools: ['9999999999'] })).toThrow(/9999999999.*known: 2161010001/);
  });

  it('plans gb26875 panels only when the gateway port is known', () => {
    const sites = handBuiltSites([
      { id: 'panel', kind: 'fire_alarm_panel', protocol: 'gb26875', address: 889 },
    ]);
    expect(planFleet(sites).skipped[0]?.reason).toMatch(/--gb26875-port/);
    const plan = planFleet(sites, { gb26875: { host: 'gw', port: 6000 } });
    expect(plan.gb26875Panels.map((d) => d.id)).toEqual(['panel']);
    expect(plan.skipped).toEqual([]);
  });
});
