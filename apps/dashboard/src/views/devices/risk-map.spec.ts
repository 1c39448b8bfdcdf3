import { describe, expect, it } from 'vitest';
import type { RiskPoint } from '../../api/devices';
import { device } from './device-fixtures';
import {
  buildRiskMap,
  higherGrade,
  rankSchoolsByLiveRisk,
  schoolRiskSummaries,
  type MapAlert,
} from './risk-map';

function point(id: string, over: Partial<RiskPoint>): RiskPoint {
  return {
    id,
    org: { province: '610000', city: '610100', county: '610113', school: '2161010001' },
    device: null,
    name: id,
    grade: 'blue',
    lecL: null,
    lecE: null,
    lecC: null,
    lecScore: null,
    measures: null,
    owner: null,
    updatedBy: 'seed',
    updatedAt: '2026-11-28T00:00:00.000Z',
    ...over,
  };
}

describe('higherGrade', () => {
  it('orders red > orange > yellow > blue > nothing', () => {
    expect(higherGrade('blue', 'red')).toBe('red');
    expect(higherGrade('orange', 'yellow')).toBe('orange');
    expect(higherGrade(null, 'blue')).toBe('blue');
    expect(higherGrade(null, null)).toBeNull();
  });
});

describe('buildRiskMap', () => {
  const devices = [
    device('smk-1', { risk: 'yellow' }),
    device('gas-1', { kind: 'gas_detector', online: false }),
    device('tmp-1', {
      location: { building: '教学楼', floor: 1, room: '101', use: 'classroom' },
      risk: 'blue',
    }),
    device('tmp-3', { location: { building: '教学楼', floor: 3, room: '301', use: null }, online: null }),
    device('tmp-2', { location: { building: '教学楼', floor: 1, room: '12', use: null }, faulty: true }),
    device('sos-1', {
      kind: 'one_key_alarm',
      location: { building: '门卫室', floor: 1, room: null, use: 'gate' },
    }),
    device('z2m-01', { kind: 'zigbee_bridge', location: null }),
  ];
  const points = [
    point('p-lab', { device: 'gas-1', grade: 'red', name: '化学实验室危化品' }),
    point('p-none', { grade: 'orange', name: '配电房' }),
    point('p-gone', { device: 'no-such-device', grade: 'yellow' }),
  ];
  const alerts: MapAlert[] = [
    { device: 'smk-1', status: 'open' },
    { device: 'smk-1', status: 'acknowledged' },
    { device: 'tmp-1', status: 'resolved' },
    { device: null, status: 'open' },
  ];
  const map = buildRiskMap(devices, points, alerts);

  it('lays buildings out by name, floors top first, rooms in natural order', () => {
    expect(map.buildings.map((b) => b.name)).toEqual(
      ['实验楼', '教学楼', '门卫室'].sort(new Intl.Collator('zh-CN', { numeric: true }).compare),
    );
    const teaching = map.buildings.find((b) => b.name === '教学楼')!;
    expect(teaching.floors.map((f) => f.floor)).toEqual([3, 1]);
    expect(teaching.floors[1]!.rooms.map((r) => r.room)).toEqual(['12', '101']);
  });

  it('colours a room by the highest grade of its devices and their risk points', () => {
    const lab = map.buildings.find((b) => b.name === '实验楼')!.floors[0]!.rooms[0]!;
    expect(lab.room).toBe('化学实验室');
    expect(lab.devices.map((d) => d.id)).toEqual(['smk-1', 'gas-1']);
    expect(lab.points.map((p) => p.id)).toEqual(['p-lab']);
    expect(lab.grade).toBe('red');
    expect(map.buildings.find((b) => b.name === '实验楼')!.grade).toBe('red');
    const gate = map.buildings.find((b) => b.name === '门卫室')!.floors[0]!.rooms[0]!;
    expect(gate.room).toBeNull();
    expect(gate.use).toBe('gate');
    expect(gate.grade).toBeNull();
  });

  it('carries the live status: offline, never heard from, faulty, unresolved alerts', () => {
    const lab = map.buildings.find((b) => b.name === '实验楼')!.floors[0]!.rooms[0]!;
    expect([lab.offline, lab.alerts]).toEqual([1, 2]);
    const teaching = map.buildings.find((b) => b.name === '教学楼')!;
    const r101 = teaching.floors[1]!.rooms[1]!;
    expect(r101.alerts).toBe(0);
    expect(teaching.floors[0]!.rooms[0]!.unknown).toBe(1);
    expect(teaching.floors[1]!.rooms[0]!.faulty).toBe(1);
  });

  it('lists what has no place on the map, and counts rooms per grade for the legend', () => {
    expect(map.unplaced.devices.map((d) => d.id)).toEqual(['z2m-01']);
    expect(map.unplaced.points.map((p) => p.id)).toEqual(['p-none', 'p-gone']);
    expect(map.roomsByGrade).toEqual({ red: 1, orange: 0, yellow: 0, blue: 1 });
  });
});

describe('schoolRiskSummaries', () => {
  it('counts each school’s points by grade and live marks, gravest school first', () => {
    const schools = [
      { code: 'a', name: '甲校' },
      { code: 'b', name: '乙校' },
      { code: 'c', name: '丙校' },
    ];
    const at = (school: string) => ({ province: 'p', city: 'c', county: 'x', school });
    const s = schoolRiskSummaries(
      schools,
      [
        point('1', { org: at('a'), grade: 'yellow' }),
        point('2', { org: at('b'), grade: 'red' }),
        point('3', { org: at('b'), grade: 'blue' }),
        point('4', { org: at('elsewhere'), grade: 'red' }),
      ],
      [device('d1', { school: 'a', online: false }), device('d2', { school: 'b', online: null })],
      [
        { school: 'a', device: 'd1', status: 'open' },
        { school: 'a', device: 'd1', status: 'resolved' },
      ],
    );
    expect(s.map((x) => [x.code, x.highest, x.offline, x.alerts])).toEqual([
      ['b', 'red', 0, 0],
      ['a', 'yellow', 1, 1],
      ['c', null, 0, 0],
    ]);
    expect(s[0]!.points).toEqual({ red: 1, orange: 0, yellow: 0, blue: 1 });
  });
});

describe('rankSchoolsByLiveRisk', () => {
  it('orders by live alarms, then open hazards, then grade', () => {
    const at = (school: string) => ({ province: 'p', city: 'c', county: 'x', school });
    const summaries = schoolRiskSummaries(
      [
        { code: 'red', name: '红校' },
        { code: 'haz', name: '隐患校' },
        { code: 'alarm', name: '告警校' },
        { code: 'calm', name: '平安校' },
      ],
      [point('1', { org: at('red'), grade: 'red' }), point('2', { org: at('alarm'), grade: 'blue' })],
      [],
      [
        { school: 'alarm', device: 'd1', status: 'open' },
        { school: 'alarm', device: 'd2', status: 'acknowledged' },
        { school: 'calm', device: 'd3', status: 'resolved' },
      ],
    );
    const ranked = rankSchoolsByLiveRisk(summaries, [
      { school: 'haz', state: 'rectifying' },
      { school: 'haz', state: 'registered' },
      { school: 'calm', state: 'closed' },
    ]);
    expect(ranked.map((s) => [s.code, s.alerts, s.hazards])).toEqual([
      ['alarm', 2, 0],
      ['haz', 0, 2],
      ['red', 0, 0],
      ['calm', 0, 0],
    ]);
  });
});
