import type { Device, RiskPoint } from '../../api/devices';
import { RISK_GRADES, type Alert, type RiskGrade } from '@campus/api-contract';

/** A room (or a floor's common area) of the risk map and what is in it. */
export interface RoomCell {
  key: string;
  building: string;
  floor: number | null;
  /** null: the device gives a building/floor but no room (a gate, a corridor). */
  room: string | null;
  use: string | null;
  /** The highest grade of the room's devices and risk points; null when nothing is graded. */
  grade: RiskGrade | null;
  devices: Device[];
  points: RiskPoint[];
  offline: number;
  unknown: number;
  faulty: number;
  /** Unresolved alerts of the room's devices. */
  alerts: number;
}

export interface FloorRow {
  floor: number | null;
  rooms: RoomCell[];
}

export interface BuildingBlock {
  name: string;
  grade: RiskGrade | null;
  /** Top floor first, as a building is drawn. */
  floors: FloorRow[];
}

export interface RiskMap {
  buildings: BuildingBlock[];
  /** Devices without a building, and risk points whose device is not on the map. */
  unplaced: { devices: Device[]; points: RiskPoint[] };
  /** Rooms per grade (the legend's counts). */
  roomsByGrade: Record<RiskGrade, number>;
}

/** The alert fields the map needs (open or acknowledged alerts of the school). */
export type MapAlert = Pick<Alert, 'device' | 'status'>;

const RANK: Record<RiskGrade, number> = { red: 4, orange: 3, yellow: 2, blue: 1 };

/** The more severe of two grades (null is below every grade). */
export function higherGrade(a: RiskGrade | null, b: RiskGrade | null): RiskGrade | null {
  if (a === null) return b;
  if (b === null) return a;
  return RANK[a] >= RANK[b] ? a : b;
}

const collator = new Intl.Collator('zh-CN', { numeric: true });
const NO_BUILDING = '';

/**
 * Lays the school out as building → floor → room cells (安全风险四色分布图): each cell takes the
 * highest grade of its devices and of the risk points linked to them, and carries the live
 * status (offline, unknown, faulty devices; unresolved alerts) for the overlay.
 */
export function buildRiskMap(devices: Device[], points: RiskPoint[], alerts: MapAlert[] = []): RiskMap {
  const cells = new Map<string, RoomCell>();
  const cellOfDevice = new Map<string, RoomCell>();
  const unplacedDevices: Device[] = [];
  const alertsByDevice = new Map<string, number>();
  for (const a of alerts) {
    if (a.device === null || a.status === 'resolved') continue;
    alertsByDevice.set(a.device, (alertsByDevice.get(a.device) ?? 0) + 1);
  }

  for (const d of devices) {
    const loc = d.location;
    if (!loc?.building) {
      unplacedDevices.push(d);
      continue;
    }
    const floor = typeof loc.floor === 'number' ? loc.floor : null;
    const room = loc.room ?? null;
    const key = `${loc.building}\u0000${floor ?? ''}\u0000${room ?? `#${loc.use ?? ''}`}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = {
        key,
        building: loc.building,
        floor,
        room,
        use: loc.use ?? null,
        grade: null,
        devices: [],
        points: [],
        offline: 0,
        unknown: 0,
        faulty: 0,
        alerts: 0,
      };
      cells.set(key, cell);
    }
    cell.devices.push(d);
    cell.grade = higherGrade(cell.grade, d.risk);
    if (d.online === false) cell.offline += 1;
    if (d.online === null) cell.unknown += 1;
    if (d.faulty) cell.faulty += 1;
    cell.alerts += alertsByDevice.get(d.id) ?? 0;
    cellOfDevice.set(d.id, cell);
  }

  const unplacedPoints: RiskPoint[] = [];
  for (const p of points) {
    const cell = p.device === null ? undefined : cellOfDevice.get(p.device);
    if (!cell) {
      unplacedPoints.push(p);
      continue;
    }
    cell.points.push(p);
    cell.grade = higherGrade(cell.grade, p.grade);
  }

  const byBuilding = new Map<string, RoomCell[]>();
  for (const cell of cells.values()) {
    const list = byBuilding.get(cell.building) ?? [];
    list.push(cell);
    byBuilding.set(cell.building, list);
  }

  const buildings: BuildingBlock[] = [...byBuilding.entries()]
    .sort(([a], [b]) => (a === NO_BUILDING ? 1 : b === NO_BUILDING ? -1 : collator.compare(a, b)))
    .map(([name, rooms]) => {
      const floors = new Map<number | null, RoomCell[]>();
      for (const r of rooms) floors.set(r.floor, [...(floors.get(r.floor) ?? []), r]);
      return {
        name,
        grade: rooms.reduce<RiskGrade | null>((g, r) => higherGrade(g, r.grade), null),
        floors: [...floors.entries()]
          .sort(([a], [b]) => (b ?? -Infinity) - (a ?? -Infinity))
          .map(([floor, list]) => ({
            floor,
            rooms: list.sort((x, y) => collator.compare(x.room ?? '', y.room ?? '')),
          })),
      };
    });

  const roomsByGrade = Object.fromEntries(RISK_GRADES.map((g) => [g, 0])) as Record<RiskGrade, number>;
  for (const c of cells.values()) if (c.grade) roomsByGrade[c.grade] += 1;

  return { buildings, unplaced: { devices: unplacedDevices, points: unplacedPoints }, roomsByGrade };
}

/** One school on the county/city overview of the risk map. */
export interface SchoolRiskSummary {
  code: string;
  name: string;
  /** Risk points per grade. */
  points: Record<RiskGrade, number>;
  highest: RiskGrade | null;
  offline: number;
  alerts: number;
}

/**
 * For an official above the schools: each school's risk points by grade and its live marks,
 * the schools with the gravest risks (then the most red points) first.
 */
export function schoolRiskSummaries(
  schools: readonly { code: string; name: string }[],
  points: readonly RiskPoint[],
  devices: readonly Pick<Device, 'school' | 'online'>[],
  alerts: readonly (MapAlert & { school: string })[],
): SchoolRiskSummary[] {
  const out = new Map<string, SchoolRiskSummary>(
    schools.map((s) => [
      s.code,
      {
        code: s.code,
        name: s.name,
        points: Object.fromEntries(RISK_GRADES.map((g) => [g, 0])) as Record<RiskGrade, number>,
        highest: null,
        offline: 0,
        alerts: 0,
      },
    ]),
  );
  for (const p of points) {
    const s = out.get(p.org.school);
    if (!s) continue;
    s.points[p.grade] += 1;
    s.highest = higherGrade(s.highest, p.grade);
  }
  for (const d of devices) {
    const s = out.get(d.school);
    if (s && d.online === false) s.offline += 1;
  }
  for (const a of alerts) {
    const s = out.get(a.school);
    if (s && a.status !== 'resolved') s.alerts += 1;
  }
  const rank = (g: RiskGrade | null) => (g === null ? 0 : RANK[g]);
  return [...out.values()].sort(
    (a, b) =>
      rank(b.highest) - rank(a.highest) || b.points.red - a.points.red || collator.compare(a.name, b.name),
  );
}

/** A school of the overview with its open hazards (hazards not yet closed). */
export interface RankedSchool extends SchoolRiskSummary {
  hazards: number;
}

/**
 * The overview's order for an official (issue #11 "Screens that scale"): schools with live
 * alarms first (most first), then with open hazards, then the grade order of
 * {@link schoolRiskSummaries} (the sort is stable), so 40 schools are not 40 cards in file order.
 */
export function rankSchoolsByLiveRisk(
  summaries: readonly SchoolRiskSummary[],
  hazards: readonly { school: string; state: string }[],
): RankedSchool[] {
  const open = new Map<string, number>();
  for (const h of hazards) if (h.state !== 'closed') open.set(h.school, (open.get(h.school) ?? 0) + 1);
  return summaries
    .map((s) => ({ ...s, hazards: open.get(s.code) ?? 0 }))
    .sort((a, b) => b.alerts - a.alerts || b.hazards - a.hazards);
}
