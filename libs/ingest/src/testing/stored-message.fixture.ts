import type { DeviceKind, OrgPath } from '@campus/device-protocols';
import type { StoredMessage } from '../sinks/series-point';

/** 2025-11-28T03:20:00Z: in the past, so no server treats it as "future", and a whole second. */
export const BASE_TS = 1_764_300_000_000;
const DAY_MS = 86_400_000;

/** Each test writes in its own day, so range queries of one test never see another's points. */
export function dayOf(n: number): number {
  return BASE_TS + n * DAY_MS;
}

export const SCHOOL_A: OrgPath = {
  province: '610000',
  city: '610100',
  county: '610113',
  school: '2161010001',
};
export const SCHOOL_B: OrgPath = {
  province: '610000',
  city: '610100',
  county: '610116',
  school: '2161010002',
};

export function reading(
  device: string,
  ts: number,
  metrics: Record<string, number>,
  org: OrgPath = SCHOOL_A,
  deviceKind: DeviceKind = 'temperature_sensor',
): StoredMessage {
  return { message: { kind: 'reading', device, ts, metrics }, org, deviceKind };
}

export function event(
  device: string,
  ts: number,
  type: string,
  data: Record<string, unknown>,
  org: OrgPath = SCHOOL_A,
  deviceKind: DeviceKind = 'smoke_detector',
): StoredMessage {
  return { message: { kind: 'event', device, ts, type, data }, org, deviceKind };
}

export function status(
  device: string,
  ts: number,
  online: boolean,
  org: OrgPath = SCHOOL_A,
  deviceKind: DeviceKind = 'smoke_detector',
): StoredMessage {
  return { message: { kind: 'availability', device, ts, online }, org, deviceKind };
}
