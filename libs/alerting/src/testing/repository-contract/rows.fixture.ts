import type { EscalationStep, OrgPath } from '@campus/device-protocols';
import type { AlertTrigger, HazardTrigger } from '../../domain';

export const ORG: OrgPath = { province: '610000', city: '610100', county: '610113', school: '2161010001' };
/** Same province and city, another county. */
export const NEIGHBOUR: OrgPath = {
  province: '610000',
  city: '610100',
  county: '610116',
  school: '2161160001',
};
/** Another city. */
export const FAR: OrgPath = { province: '610000', city: '610200', county: '610202', school: '2161020001' };

/** A fixed clock: 2026-11-28T10:00:00.000Z. */
export const T0 = Date.parse('2026-11-28T10:00:00.000Z');
export const iso = (ms: number): string => new Date(ms).toISOString();

export function alertTrigger(overrides: Partial<AlertTrigger> = {}): AlertTrigger {
  return {
    kind: 'alert',
    key: 'default:smoke:smk-0001',
    rule: 'default:smoke',
    type: 'smoke',
    severity: 'critical',
    org: ORG,
    device: 'smk-0001',
    at: T0,
    panic: false,
    autoResolvable: true,
    detail: { value: 1 },
    ...overrides,
  };
}

export function hazardTrigger(overrides: Partial<HazardTrigger> = {}): HazardTrigger {
  return {
    kind: 'hazard',
    key: 'device_offline:tmp-0001',
    source: 'rule:device_offline',
    title: '设备离线 tmp-0001',
    grade: 'general',
    org: ORG,
    device: 'tmp-0001',
    at: T0,
    detail: { lastSeen: T0 - 300_000 },
    ...overrides,
  };
}

export const STEPS: EscalationStep[] = [
  { level: 'school', afterSeconds: 0, channels: ['sms'] },
  { level: 'county', afterSeconds: 300, channels: ['sms', 'voice'] },
  { level: 'city', afterSeconds: 900, channels: ['voice'] },
];
