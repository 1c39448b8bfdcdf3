import { parseSites, type Sites, type UplinkMessage } from '@campus/device-protocols';
import { sitesYaml, WEIYANG, type SitesSpec } from '@campus/test-kit';
import type { AlertTrigger, ClearTrigger, HazardTrigger, Trigger } from '../domain/trigger';
import { DEFAULT_RULES } from '../rules/default-rules';
import type { RuleDefinition } from '../rules/rule-types';

/**
 * Test support for the rule specs (not exported from the package): a small province in
 * Asia/Shanghai (UTC+8, no DST), message builders and trigger filters.
 */

/** School 1: day school, 07:00–18:00 Monday to Friday. School 2: boarding, default hours (every day). School 3: no checkpoints. */
export const SCHOOL_1 = '2161010001';
export const SCHOOL_2 = '2161010002';
export const SCHOOL_3 = '2161010003';

const dorm = (building: string, room: string) => ({ building, floor: 1, room, use: 'dormitory' });

/** The fixture province as a builder spec (a spec edits a copy of it), and as YAML text. */
export const SITES_SPEC = {
  schools: [
    {
      code: SCHOOL_1,
      name: '雁塔区第一小学',
      hours: { open: '07:00', close: '18:00', days: [1, 2, 3, 4, 5] },
      devices: [
        {
          id: 'smk-red',
          kind: 'smoke_detector',
          secret: 's',
          risk: 'red',
          location: { building: '实验楼', room: '化学实验室', use: 'lab' },
        },
        { id: 'smk-blue', kind: 'smoke_detector', secret: 's', risk: 'blue' },
        { id: 'smk-orange', kind: 'smoke_detector', secret: 's', risk: 'orange' },
        { id: 'temp-1', kind: 'temperature_sensor', secret: 's', risk: 'yellow' },
        { id: 'temp-red', kind: 'temperature_sensor', secret: 's', risk: 'red' },
        { id: 'sos-1', kind: 'one_key_alarm', secret: 's' },
        { id: 'gas-1', kind: 'gas_detector', secret: 's' },
        { id: 'acc-1', kind: 'access_control', secret: 's' },
        { id: 'pat-1', kind: 'patrol_checkpoint', secret: 's' },
        { id: 'z2m-1', kind: 'zigbee_bridge', protocol: 'zigbee2mqtt', secret: 's' },
        { id: 'zdoor-1', kind: 'door_contact', via: { bridge: 'z2m-1', name: 'gate' }, risk: 'red' },
        { id: 'zsos-1', kind: 'one_key_alarm', via: { bridge: 'z2m-1', name: 'panic_button' } },
        { id: 'nvr-1', kind: 'nvr', protocol: 'frigate', secret: 's' },
        { id: 'cam-1', kind: 'camera', via: { bridge: 'nvr-1', name: 'gate_north' } },
        { id: 'fap-1', kind: 'fire_alarm_panel', protocol: 'gb26875', address: 889 },
      ],
    },
    {
      code: SCHOOL_2,
      name: '雁塔区寄宿制中学',
      devices: [
        { id: 'dsmk-1', kind: 'smoke_detector', secret: 's', location: dorm('1号宿舍楼', '101') },
        { id: 'dacc-1', kind: 'access_control', secret: 's', location: dorm('1号宿舍楼', '大门') },
        { id: 'dacc-2', kind: 'access_control', secret: 's', location: dorm('2号宿舍楼', '大门') },
        {
          id: 'dsmk-2',
          kind: 'smoke_detector',
          secret: 's',
          location: { building: '2号宿舍楼', floor: 1, room: '值班室', use: 'office' },
        },
        { id: 'z2m-2', kind: 'zigbee_bridge', protocol: 'zigbee2mqtt', baseTopic: 'z2m-2', secret: 's' },
        {
          id: 'zsmk-3',
          kind: 'smoke_detector',
          via: { bridge: 'z2m-2', name: 'dorm3' },
          location: { building: '3号宿舍楼', use: 'dormitory' },
        },
        { id: 'dsos-4', kind: 'one_key_alarm', secret: 's', location: { room: '宿管室', use: 'dormitory' } },
        { id: 'pat-2', kind: 'patrol_checkpoint', secret: 's' },
      ],
    },
    {
      code: SCHOOL_3,
      name: '未央区第三小学',
      county: WEIYANG,
      devices: [{ id: 'smk-3', kind: 'smoke_detector', secret: 's' }],
    },
  ],
  contacts: [{ org: SCHOOL_1, name: '张伟', phone: '+8613800000001' }],
  users: [{ username: 'school1', password: 'p', role: 'school_security', org: SCHOOL_1 }],
} satisfies SitesSpec;

export const SITES_YAML = sitesYaml(SITES_SPEC);

/** The fixture province, optionally with a `rules:` section appended (YAML text, from column 0). */
export function testSites(rulesYaml = ''): Sites {
  return parseSites(`${SITES_YAML}${rulesYaml}`, 'rules-fixture.yaml');
}

export const SITES = testSites();

/** Monday 2026-11-30 10:00 in Asia/Shanghai (02:00Z): school 1 is open. */
export const T0 = Date.UTC(2026, 10, 30, 2, 0, 0);
/** Local midnight at the start of Monday 2026-11-30 (Asia/Shanghai). */
export const MONDAY_MIDNIGHT = Date.UTC(2026, 10, 29, 16, 0, 0);
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

function refOf(device: string, sites: Sites) {
  const d = sites.deviceById.get(device);
  if (!d) throw new Error(`fixture: no device ${device}`);
  return { v: 1 as const, org: d.org, deviceKind: d.kind, device };
}

export function reading(
  device: string,
  metrics: Record<string, number>,
  ts = T0,
  sites = SITES,
): UplinkMessage {
  return { ...refOf(device, sites), kind: 'reading', ts, metrics };
}

export function event(
  device: string,
  type: string,
  data: Record<string, unknown> = {},
  ts = T0,
  sites = SITES,
): UplinkMessage {
  return { ...refOf(device, sites), kind: 'event', ts, type, data };
}

export function availability(device: string, online: boolean, ts = T0, sites = SITES): UplinkMessage {
  return { ...refOf(device, sites), kind: 'availability', ts, online };
}

/** Default rules with these ids only (so a spec sees one rule at work). */
export function defaults(...ids: string[]): RuleDefinition[] {
  return DEFAULT_RULES.filter((r) => ids.includes(r.id));
}

export function defaultRule<K extends RuleDefinition['kind']>(
  id: string,
  kind: K,
): Extract<RuleDefinition, { kind: K }> {
  const rule = DEFAULT_RULES.find((r) => r.id === id);
  if (!rule || rule.kind !== kind) throw new Error(`fixture: no ${kind} rule ${id}`);
  return rule as Extract<RuleDefinition, { kind: K }>;
}

export const alerts = (ts: Trigger[]): AlertTrigger[] =>
  ts.filter((t): t is AlertTrigger => t.kind === 'alert');
export const hazards = (ts: Trigger[]): HazardTrigger[] =>
  ts.filter((t): t is HazardTrigger => t.kind === 'hazard');
export const clears = (ts: Trigger[]): ClearTrigger[] =>
  ts.filter((t): t is ClearTrigger => t.kind === 'clear');
/** `kind key` per trigger, for compact expectations. */
export const summary = (ts: Trigger[]): string[] => ts.map((t) => `${t.kind} ${t.key}`);
