import type { Device, RiskGrade } from '@campus/device-protocols';
import type { RiskPoint } from '../domain';

export interface RiskPointRow {
  id: string;
  province: string;
  city: string;
  county: string;
  school: string;
  device: string | null;
  name: string;
  grade: RiskGrade;
  lec_l: number | null;
  lec_e: number | null;
  lec_c: number | null;
  lec_score: number | null;
  measures: string | null;
  owner: string | null;
  updated_by: string;
  updated_at: string;
}

export const RISK_POINT_COLUMNS =
  'id, province, city, county, school, device, name, grade, lec_l, lec_e, lec_c, lec_score, measures, owner, updated_by, updated_at';

export function toRiskPoint(r: RiskPointRow): RiskPoint {
  return {
    id: r.id,
    org: { province: r.province, city: r.city, county: r.county, school: r.school },
    device: r.device,
    name: r.name,
    grade: r.grade,
    lecL: r.lec_l,
    lecE: r.lec_e,
    lecC: r.lec_c,
    lecScore: r.lec_score,
    measures: r.measures,
    owner: r.owner,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  };
}

/** The id a sites-file device's risk point is seeded under (stable, so a restart seeds nothing new). */
export function seededRiskPointId(deviceId: string): string {
  return `device:${deviceId}`;
}

/** A readable place name from the device's location (`A栋 3F 301 lab`), else the device id. */
export function riskPointName(device: Device): string {
  const l = device.location;
  if (!l) return device.id;
  const parts = [l.building, l.floor === undefined ? undefined : `${l.floor}F`, l.room, l.use];
  const name = parts.filter((p) => p !== undefined && p !== '').join(' ');
  return name === '' ? device.id : name;
}
