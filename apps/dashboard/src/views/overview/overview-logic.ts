import type { RiskGrade, Severity } from '@campus/api-contract';
import type { OverviewSchool } from '../../api/overview';
import { RISK_PALETTE } from '../../components/risk-colours';

/**
 * The overview's pure parts (docs/user-guide.md "态势"): the league table's order, each school's
 * state and colour on the map, and where each dot goes (by coordinates, or in the schematic of the
 * org tree for schools without them).
 */

// ---------------------------------------------------------------- the league table (红黑榜)

export const SORT_KEYS = [
  'school',
  'county',
  'unacknowledged',
  'acknowledged',
  'severity',
  'escalated',
  'offline',
  'hazards',
  'overdue',
  'risk',
  'inspections',
  'lastInspection',
  'ackToday',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';
/** `key: null` is the default order (the 红黑榜's: who needs attention first). */
export interface SortState {
  key: SortKey | null;
  dir: SortDir;
}
export const DEFAULT_SORT: SortState = { key: null, dir: 'desc' };

const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1 };
const RISK_RANK: Record<RiskGrade, number> = { red: 4, orange: 3, yellow: 2, blue: 1 };

const collator = new Intl.Collator('zh-CN');

/** A column's value: a number (null sorts last either way) or text. */
function valueOf(s: OverviewSchool, key: SortKey): number | string | null {
  switch (key) {
    case 'school':
      return s.name;
    case 'county':
      return s.countyName;
    case 'unacknowledged':
      return s.alarms.unacknowledged;
    case 'acknowledged':
      return s.alarms.acknowledged;
    case 'severity':
      return s.alarms.highestSeverity === null ? null : SEVERITY_RANK[s.alarms.highestSeverity];
    case 'escalated':
      return s.alarms.escalated;
    case 'offline':
      return s.devices.offline;
    case 'hazards':
      return s.hazards.open;
    case 'overdue':
      return s.hazards.overdue;
    case 'risk':
      return s.risk === null ? null : RISK_RANK[s.risk];
    case 'inspections':
      return s.inspections.thisMonth;
    case 'lastInspection':
      return s.inspections.lastAt === null ? null : Date.parse(s.inspections.lastAt);
    case 'ackToday':
      return s.ackTodayMedianSeconds;
  }
}

/**
 * The default order: unacknowledged alarms, then escalated ones, then offline devices, then open
 * hazards (each most first), then the school's name.
 */
export function compareDefault(a: OverviewSchool, b: OverviewSchool): number {
  return (
    b.alarms.unacknowledged - a.alarms.unacknowledged ||
    b.alarms.escalated - a.alarms.escalated ||
    b.devices.offline - a.devices.offline ||
    b.hazards.open - a.hazards.open ||
    collator.compare(a.name, b.name) ||
    a.code.localeCompare(b.code)
  );
}

/** The schools in `sort`'s order; ties (and empty values, always last) keep the default order. */
export function sortSchools(schools: readonly OverviewSchool[], sort: SortState): OverviewSchool[] {
  const { key, dir } = sort;
  if (key === null) return [...schools].sort(compareDefault);
  const sign = dir === 'asc' ? 1 : -1;
  return [...schools].sort((a, b) => {
    const va = valueOf(a, key);
    const vb = valueOf(b, key);
    if (va === null || vb === null) {
      if (va !== vb) return va === null ? 1 : -1;
      return compareDefault(a, b);
    }
    const c =
      typeof va === 'string' || typeof vb === 'string' ? collator.compare(String(va), String(vb)) : va - vb;
    return sign * c || compareDefault(a, b);
  });
}

/** Text columns start ascending (A→Z), figures descending (most first). */
export const firstDir = (key: SortKey): SortDir => (key === 'school' || key === 'county' ? 'asc' : 'desc');

/** A header click: the same column flips its direction, another column starts in its first one. */
export function nextSort(current: SortState, key: SortKey): SortState {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: firstDir(key) };
}

// ---------------------------------------------------------------- state and colour of a dot

/** A school's state on the map, most urgent first; else its risk grade; else 'calm'. */
export type DotState = 'alarm' | 'acknowledged' | 'offline' | `risk-${RiskGrade}` | 'calm';

export function dotState(s: OverviewSchool): DotState {
  if (s.alarms.unacknowledged > 0) return 'alarm';
  if (s.alarms.acknowledged > 0) return 'acknowledged';
  if (s.devices.offline > 0) return 'offline';
  return s.risk === null ? 'calm' : `risk-${s.risk}`;
}

/**
 * The colours: a live unacknowledged alarm red and an acknowledged one orange (drawn larger, with
 * a dark ring, so they are not read as a risk grade), grey for offline devices, else the risk
 * grade's colour of the 四色图 (RiskChip's), white with a grey ring without a grade.
 */
export function dotColour(state: DotState): { fill: string; stroke: string; radius: number } {
  switch (state) {
    case 'alarm':
      return { fill: '#e53935', stroke: '#1f2329', radius: 8 };
    case 'acknowledged':
      return { fill: '#fb8c00', stroke: '#1f2329', radius: 7 };
    case 'offline':
      return { fill: '#757575', stroke: '#ffffff', radius: 5 };
    case 'calm':
      return { fill: '#ffffff', stroke: '#78909c', radius: 5 };
    default:
      return { fill: RISK_PALETTE[state.slice(5) as RiskGrade].bg, stroke: '#ffffff', radius: 5 };
  }
}

export const DOT_STATES: readonly DotState[] = [
  'alarm',
  'acknowledged',
  'offline',
  'risk-red',
  'risk-orange',
  'risk-yellow',
  'risk-blue',
  'calm',
];

// ---------------------------------------------------------------- where the dots go

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface Point {
  x: number;
  y: number;
}

/**
 * Places coordinates in `box`: an equirectangular projection (longitude shrunk by the cosine of
 * the middle latitude, north up), scaled to fit with the aspect kept and centred. One place, or
 * all at one place, lands in the middle.
 */
export function projectLocations(points: readonly { lat: number; lng: number }[], box: Box): Point[] {
  if (points.length === 0) return [];
  const lats = points.map((p) => p.lat);
  const lngs = points.map((p) => p.lng);
  const [minLat, maxLat] = [Math.min(...lats), Math.max(...lats)];
  const [minLng, maxLng] = [Math.min(...lngs), Math.max(...lngs)];
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = (maxLng - minLng) * k;
  const spanY = maxLat - minLat;
  const scale = Math.min(spanX > 0 ? box.width / spanX : Infinity, spanY > 0 ? box.height / spanY : Infinity);
  const s = Number.isFinite(scale) ? scale : 0;
  const offsetX = box.x + (box.width - spanX * s) / 2;
  const offsetY = box.y + (box.height - spanY * s) / 2;
  return points.map((p) => ({
    x: offsetX + (p.lng - minLng) * k * s,
    y: offsetY + (maxLat - p.lat) * s,
  }));
}

export interface SchematicGroup {
  /** The county's code and name (the group's label). */
  code: string;
  name: string;
  box: Box;
}

/**
 * The schematic of the org tree for schools without coordinates: one block per county (in the
 * order met), its schools in a grid of `columns`; blocks side by side, wrapping at `width`.
 */
export function schematicLayout(
  schools: readonly Pick<OverviewSchool, 'code' | 'county' | 'countyName'>[],
  origin: Point,
  width: number,
  options: { columns?: number; spacing?: number; label?: number; gap?: number } = {},
): { points: Map<string, Point>; groups: SchematicGroup[]; height: number } {
  const columns = options.columns ?? 8;
  const spacing = options.spacing ?? 22;
  const label = options.label ?? 18;
  const gap = options.gap ?? 16;
  const byCounty = new Map<string, { name: string; codes: string[] }>();
  for (const s of schools) {
    const g = byCounty.get(s.county) ?? { name: s.countyName, codes: [] };
    g.codes.push(s.code);
    byCounty.set(s.county, g);
  }
  const points = new Map<string, Point>();
  const groups: SchematicGroup[] = [];
  let x = origin.x;
  let y = origin.y;
  let rowHeight = 0;
  for (const [code, g] of byCounty) {
    const cols = Math.min(columns, g.codes.length);
    const w = cols * spacing;
    const h = label + Math.ceil(g.codes.length / columns) * spacing;
    if (x > origin.x && x + w > origin.x + width) {
      x = origin.x;
      y += rowHeight + gap;
      rowHeight = 0;
    }
    g.codes.forEach((school, i) => {
      points.set(school, {
        x: x + (i % columns) * spacing + spacing / 2,
        y: y + label + Math.floor(i / columns) * spacing + spacing / 2,
      });
    });
    groups.push({ code, name: g.name, box: { x, y, width: w, height: h } });
    x += w + gap;
    rowHeight = Math.max(rowHeight, h);
  }
  return { points, groups, height: byCounty.size === 0 ? 0 : y + rowHeight - origin.y };
}

export interface MapLayout {
  width: number;
  height: number;
  /** Every school's dot, in the order given. */
  dots: { school: OverviewSchool; x: number; y: number }[];
  /** The area of the schools placed by coordinates, null without any. */
  geo: Box | null;
  /** The schematic below it, null when every school has coordinates. */
  schematic: { y: number; groups: SchematicGroup[] } | null;
}

/** The whole map: schools with coordinates in the upper area, the others in the schematic below. */
export function mapLayout(
  schools: readonly OverviewSchool[],
  options: { width?: number; geoHeight?: number; padding?: number } = {},
): MapLayout {
  const width = options.width ?? 720;
  const padding = options.padding ?? 16;
  const placed = schools.filter((s) => s.location !== null);
  const unplaced = schools.filter((s) => s.location === null);
  const geo: Box | null =
    placed.length === 0
      ? null
      : {
          x: padding,
          y: padding,
          width: width - 2 * padding,
          height: (options.geoHeight ?? 360) - 2 * padding,
        };
  const at = new Map<string, Point>();
  if (geo) {
    const points = projectLocations(
      placed.map((s) => s.location!),
      geo,
    );
    placed.forEach((s, i) => at.set(s.code, points[i]!));
  }
  let height = geo ? geo.y + geo.height + padding : 0;
  let schematic: MapLayout['schematic'] = null;
  if (unplaced.length > 0) {
    const top = height + (geo ? 8 : padding);
    // across cities a county's name alone is ambiguous: "西安市 雁塔区"
    const manyCities = new Set(unplaced.map((s) => s.city)).size > 1;
    const named = manyCities
      ? unplaced.map((s) => ({ ...s, countyName: `${s.cityName} ${s.countyName}` }))
      : unplaced;
    const layout = schematicLayout(named, { x: padding, y: top + 20 }, width - 2 * padding);
    for (const [code, p] of layout.points) at.set(code, p);
    schematic = { y: top, groups: layout.groups };
    height = top + 20 + layout.height + padding;
  }
  return {
    width,
    height,
    dots: schools.map((school) => ({ school, ...(at.get(school.code) ?? { x: 0, y: 0 }) })),
    geo,
    schematic,
  };
}

// ---------------------------------------------------------------- the 7-day trend

/** Bar heights (0…1) of the trend, relative to its highest day (all 0 without alarms). */
export function trendBars(trend: readonly { alarms: number }[]): number[] {
  const max = Math.max(0, ...trend.map((d) => d.alarms));
  return trend.map((d) => (max === 0 ? 0 : d.alarms / max));
}
