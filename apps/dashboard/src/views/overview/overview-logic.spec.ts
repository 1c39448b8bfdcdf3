import { describe, expect, it } from 'vitest';
import type { OverviewSchool } from '../../api/overview';
import { RISK_PALETTE } from '../../components/risk-colours';
import {
  DEFAULT_SORT,
  dotColour,
  dotState,
  mapLayout,
  nextSort,
  projectLocations,
  schematicLayout,
  sortSchools,
  trendBars,
} from './overview-logic';

function school(
  code: string,
  over: Partial<OverviewSchool> & { unack?: number; ack?: number; escalated?: number } = {},
): OverviewSchool {
  const { unack = 0, ack = 0, escalated = 0, ...rest } = over;
  return {
    code,
    name: `学校${code}`,
    county: '610113',
    countyName: '雁塔区',
    city: '610100',
    cityName: '西安市',
    location: null,
    alarms: {
      unacknowledged: unack,
      acknowledged: ack,
      highestSeverity: unack + ack > 0 ? 'critical' : null,
      escalated,
      highestLevel: unack + ack > 0 ? 'school' : null,
    },
    devices: { offline: 0, total: 3 },
    hazards: { open: 0, overdue: 0 },
    risk: null,
    inspections: { thisMonth: 0, lastAt: null },
    ackTodayMedianSeconds: null,
    ...rest,
  };
}
const codes = (list: OverviewSchool[]) => list.map((s) => s.code);

describe('the league table order', () => {
  const a = school('A', { unack: 1 });
  const b = school('B', { unack: 2 });
  const c = school('C', { ack: 1, escalated: 1 });
  const d = school('D', { devices: { offline: 2, total: 3 } });
  const e = school('E', { hazards: { open: 4, overdue: 1 } });
  const f = school('F', { escalated: 2, unack: 1 });
  const calm = school('G');

  it('by default: unacknowledged, then escalated, then offline devices, then open hazards, then the name', () => {
    expect(codes(sortSchools([calm, e, d, c, a, b, f], DEFAULT_SORT))).toEqual([
      'B',
      'F',
      'A',
      'C',
      'D',
      'E',
      'G',
    ]);
  });

  it('by a column, most first, ties in the default order; empty values last either way', () => {
    expect(codes(sortSchools([a, b, c, e], { key: 'hazards', dir: 'desc' }))).toEqual(['E', 'B', 'A', 'C']);
    const inspected = school('I', { inspections: { thisMonth: 1, lastAt: '2026-12-01T00:00:00.000Z' } });
    const older = school('J', { inspections: { thisMonth: 0, lastAt: '2026-11-01T00:00:00.000Z' } });
    expect(codes(sortSchools([calm, older, inspected], { key: 'lastInspection', dir: 'desc' }))).toEqual([
      'I',
      'J',
      'G',
    ]);
    expect(codes(sortSchools([calm, older, inspected], { key: 'lastInspection', dir: 'asc' }))).toEqual([
      'J',
      'I',
      'G',
    ]);
    const red = school('R', { risk: 'red' });
    const blue = school('S', { risk: 'blue' });
    expect(codes(sortSchools([calm, blue, red], { key: 'risk', dir: 'desc' }))).toEqual(['R', 'S', 'G']);
  });

  it('a header click starts text ascending and figures descending; a second click flips', () => {
    expect(nextSort(DEFAULT_SORT, 'school')).toEqual({ key: 'school', dir: 'asc' });
    expect(nextSort(DEFAULT_SORT, 'offline')).toEqual({ key: 'offline', dir: 'desc' });
    expect(nextSort({ key: 'offline', dir: 'desc' }, 'offline')).toEqual({ key: 'offline', dir: 'asc' });
  });
});

describe('a dot’s state and colour', () => {
  it('alarm before acknowledged before offline before the risk grade', () => {
    expect(dotState(school('A', { unack: 1, ack: 1, devices: { offline: 1, total: 3 } }))).toBe('alarm');
    expect(dotState(school('A', { ack: 1, devices: { offline: 1, total: 3 } }))).toBe('acknowledged');
    expect(dotState(school('A', { devices: { offline: 1, total: 3 }, risk: 'red' }))).toBe('offline');
    expect(dotState(school('A', { risk: 'yellow' }))).toBe('risk-yellow');
    expect(dotState(school('A'))).toBe('calm');
  });

  it('risk grades take RiskChip’s colours; alarms are larger and ringed', () => {
    expect(dotColour('risk-orange').fill).toBe(RISK_PALETTE.orange.bg);
    expect(dotColour('alarm').radius).toBeGreaterThan(dotColour('risk-red').radius);
    expect(dotColour('alarm').fill).not.toBe(dotColour('acknowledged').fill);
  });
});

describe('where the dots go', () => {
  const box = { x: 10, y: 10, width: 200, height: 100 };

  it('projects north up and east right, fitting the box with the aspect kept', () => {
    const [sw, ne] = projectLocations(
      [
        { lat: 34.0, lng: 108.0 },
        { lat: 34.5, lng: 108.5 },
      ],
      box,
    );
    expect(ne!.x).toBeGreaterThan(sw!.x);
    expect(ne!.y).toBeLessThan(sw!.y);
    // the taller extent (latitude: 0.5° against 0.5°·cos 34° of longitude) fills the height
    expect(sw!.y - ne!.y).toBeCloseTo(100);
    expect(ne!.x - sw!.x).toBeCloseTo(100 * Math.cos((34.25 * Math.PI) / 180));
    for (const p of [sw!, ne!]) {
      expect(p.x).toBeGreaterThanOrEqual(10);
      expect(p.x).toBeLessThanOrEqual(210);
    }
  });

  it('puts a single place in the middle', () => {
    expect(projectLocations([{ lat: 34, lng: 108 }], box)).toEqual([{ x: 110, y: 60 }]);
  });

  it('groups schools without coordinates by county in a grid', () => {
    const schools = [
      ...Array.from({ length: 10 }, (_, i) => ({ code: `a${i}`, county: '1', countyName: '甲区' })),
      { code: 'b0', county: '2', countyName: '乙区' },
    ];
    const { points, groups, height } = schematicLayout(schools, { x: 0, y: 0 }, 400, {
      columns: 8,
      spacing: 20,
      label: 10,
      gap: 10,
    });
    expect(groups.map((g) => g.name)).toEqual(['甲区', '乙区']);
    expect(points.get('a0')).toEqual({ x: 10, y: 20 });
    expect(points.get('a8')).toEqual({ x: 10, y: 40 }); // second row
    expect(points.get('b0')!.x).toBeGreaterThan(160); // beside the first block
    expect(height).toBe(50);
    // distinct places
    expect(new Set([...points.values()].map((p) => `${p.x},${p.y}`)).size).toBe(11);
  });

  it('lays out the map: located schools above, the rest in the schematic below', () => {
    const located = school('L', { location: { lat: 34.2, lng: 108.9 } });
    const other = school('M', { location: { lat: 34.3, lng: 109.0 } });
    const loose = school('N');
    const layout = mapLayout([located, loose, other], { width: 400, geoHeight: 200 });
    expect(layout.dots.map((d) => d.school.code)).toEqual(['L', 'N', 'M']);
    expect(layout.geo).not.toBeNull();
    expect(layout.schematic?.groups.map((g) => g.name)).toEqual(['雁塔区']);
    const n = layout.dots[1]!;
    expect(n.y).toBeGreaterThan(200);
    expect(layout.height).toBeGreaterThan(n.y);
    for (const d of layout.dots) expect(d.x).toBeLessThanOrEqual(400);

    const elsewhere = school('P', {
      county: '610302',
      countyName: '渭滨区',
      city: '610300',
      cityName: '宝鸡市',
    });
    expect(mapLayout([loose, elsewhere]).schematic?.groups.map((g) => g.name)).toEqual([
      '西安市 雁塔区',
      '宝鸡市 渭滨区',
    ]);

    const schematicOnly = mapLayout([loose]);
    expect(schematicOnly.geo).toBeNull();
    expect(schematicOnly.dots[0]!.y).toBeLessThan(schematicOnly.height);
  });

  it('scales the trend bars to the busiest day', () => {
    expect(trendBars([{ alarms: 0 }, { alarms: 2 }, { alarms: 4 }])).toEqual([0, 0.5, 1]);
    expect(trendBars([{ alarms: 0 }])).toEqual([0]);
  });
});
