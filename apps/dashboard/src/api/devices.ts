import { api } from '../api';
import { queryString } from './query';
import type { RiskGrade } from './risk-grade';

export { RISK_GRADES, type RiskGrade } from './risk-grade';

export interface DeviceLocation {
  building?: string;
  floor?: number;
  room?: string;
  use?: string;
}

/** A device and its live state (api-plan §C). */
export interface Device {
  id: string;
  kind: string;
  school: string;
  schoolName: string;
  county: string;
  city: string;
  location: DeviceLocation | null;
  risk: RiskGrade | null;
  via: { bridge: string; name: string } | null;
  /** null: never heard from since the service started keeping state. */
  online: boolean | null;
  lastSeenAt: string | null;
  onlineChangedAt: string | null;
  battery: number | null;
  lowBattery: boolean;
  faulty: boolean;
  fault: string | null;
  faultAt: string | null;
}

export const DEVICE_STATUSES = ['offline', 'faulty', 'low_battery', 'unknown'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

/** A risk point of the register (GET /api/risk-points). */
export interface RiskPoint {
  id: string;
  org: { province: string; city: string; county: string; school: string };
  device: string | null;
  name: string;
  grade: RiskGrade;
  lecL: number | null;
  lecE: number | null;
  lecC: number | null;
  lecScore: number | null;
  measures: string | null;
  owner: string | null;
  updatedBy: string;
  updatedAt: string;
}

/** Devices of `org` (default: the user's org), optionally only those with `status`. */
export const listDevices = (org: string | null, status?: DeviceStatus) =>
  api<{ items: Device[] }>('GET', `/api/devices${queryString({ org, status })}`).then((r) => r.items);

/** The risk register of one school (or of the user's whole org when `school` is null). */
export const listRiskPoints = (school: string | null) =>
  api<{ items: RiskPoint[] }>('GET', `/api/risk-points${queryString({ school })}`).then((r) => r.items);
