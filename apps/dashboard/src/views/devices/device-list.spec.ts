import { describe, expect, it } from 'vitest';
import {
  batteryLevel,
  countDevices,
  filterCounts,
  groupBySchool,
  matchesFilter,
  matchesSearch,
} from './device-list';
import { device } from './device-fixtures';

const fleet = [
  device('a'),
  device('b', { online: false }),
  device('c', { online: null }),
  device('d', { faulty: true, fault: 'tamper' }),
  device('e', { battery: 12, lowBattery: true }),
];

describe('the device filter', () => {
  it('means what the API status means', () => {
    const ids = (f: Parameters<typeof matchesFilter>[1]) =>
      fleet.filter((d) => matchesFilter(d, f)).map((d) => d.id);
    expect(ids('all')).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(ids('offline')).toEqual(['b']);
    expect(ids('unknown')).toEqual(['c']);
    expect(ids('faulty')).toEqual(['d']);
    expect(ids('low_battery')).toEqual(['e']);
    expect(filterCounts(fleet)).toEqual({ all: 5, offline: 1, unknown: 1, faulty: 1, low_battery: 1 });
  });

  it('searches id, kind label, school and place', () => {
    expect(matchesSearch(fleet[0]!, '化学', '感烟探测器')).toBe(true);
    expect(matchesSearch(fleet[0]!, '感烟', '感烟探测器')).toBe(true);
    expect(matchesSearch(fleet[0]!, 'gate', '感烟探测器')).toBe(false);
    expect(matchesSearch(fleet[0]!, '  ', '感烟探测器')).toBe(true);
  });
});

describe('countDevices', () => {
  it('leaves never-heard-from devices out of the online rate', () => {
    const c = countDevices(fleet);
    expect(c).toMatchObject({ total: 5, online: 3, offline: 1, unknown: 1, faulty: 1, lowBattery: 1 });
    expect(c.onlineRate).toBeCloseTo(3 / 4);
    expect(countDevices([device('x', { online: null })]).onlineRate).toBeNull();
  });
});

describe('batteryLevel', () => {
  it('marks low below 20 % or when the device reported it', () => {
    expect(batteryLevel({ battery: null, lowBattery: false })).toBe('none');
    expect(batteryLevel({ battery: null, lowBattery: true })).toBe('low');
    expect(batteryLevel({ battery: 19, lowBattery: false })).toBe('low');
    expect(batteryLevel({ battery: 60, lowBattery: true })).toBe('low');
    expect(batteryLevel({ battery: 35, lowBattery: false })).toBe('mid');
    expect(batteryLevel({ battery: 87, lowBattery: false })).toBe('ok');
  });
});

describe('groupBySchool', () => {
  const at = (school: string, name: string) => ({ school, schoolName: name });
  it('puts schools with an offline device first, then faults, then low battery, then the rest', () => {
    const groups = groupBySchool([
      device('h1', at('h', '甲小学')),
      device('l1', { ...at('l', '乙小学'), battery: 10, lowBattery: true }),
      device('f1', { ...at('f', '丙小学'), faulty: true, fault: 'fault' }),
      device('o1', at('o', '丁小学')),
      device('o2', { ...at('o', '丁小学'), online: false }),
      device('f2', { ...at('f', '丙小学'), battery: 5, lowBattery: true }),
    ]);
    expect(groups.map((g) => [g.code, g.offline, g.faulty, g.lowBattery])).toEqual([
      ['o', 1, 0, 0],
      ['f', 0, 1, 1],
      ['l', 0, 0, 1],
      ['h', 0, 0, 0],
    ]);
    // inside a school the offline device comes before the healthy one
    expect(groups[0]!.devices.map((d) => d.id)).toEqual(['o2', 'o1']);
    expect(groups[0]!.name).toBe('丁小学');
  });

  it('ranks more of the same problem first, then by name', () => {
    const groups = groupBySchool([
      device('a1', { ...at('a', '学校2'), online: false }),
      device('b1', { ...at('b', '学校10'), online: false }),
      device('b2', { ...at('b', '学校10'), online: false }),
      device('c1', at('c', '学校3')),
      device('d1', at('d', '学校1')),
    ]);
    expect(groups.map((g) => g.code)).toEqual(['b', 'a', 'd', 'c']);
  });
});
