import { soundSirens } from '../linkage/rule-actions';
import type { RuleDefinition, RuleMatch } from './rule-types';

/**
 * The default rule pack (docs/alerting.md plus the duty rules of the issue). Stable ids: a sites-file
 * rule with one of these ids overrides that rule (see rule-config.ts).
 *
 * | id                      | kind            | input                                                        | output                                                     |
 * |-------------------------|-----------------|--------------------------------------------------------------|------------------------------------------------------------|
 * | default:smoke           | event           | event `smoke`                                                | alert `smoke`, critical                                    |
 * | default:fire            | event           | event `fire`                                                 | alert `fire`, critical                                     |
 * | default:sos             | event           | event `sos`                                                  | alert `sos`, critical; from a `one_key_alarm`: panic, never auto-resolved |
 * | default:gas             | event           | event `gas`                                                  | alert `gas`, high                                          |
 * | default:intrusion       | event           | event `intrusion`                                            | alert `intrusion`, high                                    |
 * | default:door_forced     | event           | event `door_forced`                                          | alert `door_forced`, high                                  |
 * | default:fight           | event           | event `fight`                                                | alert `fight`, high                                        |
 * | default:heat            | threshold       | telemetry `temperature` ≥ 57 held 10 s                       | alert `heat`, high; cleared when a reading is back below   |
 * | default:device_offline  | device_offline  | status `{"online": false}`, or a native device silent 300 s  | alert `device_offline`, low + hazard 一般 "设备离线" (3 days); cleared when back; > 4 changes in 600 s → one `device_flapping` alert (low) instead |
 * | default:fault           | event           | event `fault`                                                | hazard 一般 "设备故障" (7 days), no alert                   |
 * | duty:patrol             | duty_patrol     | < 5 `patrol_checkin` events at a school by local midnight of a school day | hazard 一般 "巡查打卡不足" (7 days)            |
 * | audit:dormitory_smoke   | dormitory_audit | a dormitory building with no smoke detector (`audit()`)      | hazard 重大 "宿舍未安装联网烟感" (30 days)                   |
 *
 * Every alert is raised one step at a red risk point (severity.ts).
 *
 * Linkage (docs/alerting.md, "Linkage"): `default:smoke` and `default:fire` sound every siren of the
 * alert's building in mode `fire`, `default:sos` in mode `emergency`, once, when the alert opens.
 */

const always = (extra: Omit<RuleMatch, 'schedule'> = {}): RuleMatch => ({ ...extra, schedule: 'always' });

function eventAlert(
  type: string,
  severity: 'critical' | 'high',
  actions?: RuleDefinition['actions'],
): RuleDefinition {
  return {
    id: `default:${type}`,
    kind: 'event',
    enabled: true,
    match: always({ eventTypes: [type] }),
    alert: { type, severity },
    ...(actions ? { actions } : {}),
  };
}

export const DEFAULT_RULES: readonly RuleDefinition[] = [
  eventAlert('smoke', 'critical', [soundSirens('fire')]),
  eventAlert('fire', 'critical', [soundSirens('fire')]),
  eventAlert('sos', 'critical', [soundSirens('emergency')]),
  eventAlert('gas', 'high'),
  eventAlert('intrusion', 'high'),
  eventAlert('door_forced', 'high'),
  eventAlert('fight', 'high'),
  {
    id: 'default:heat',
    kind: 'threshold',
    enabled: true,
    match: always({ metric: 'temperature' }),
    op: '>=',
    value: 57,
    forSeconds: 10,
    alert: { type: 'heat', severity: 'high' },
  },
  {
    id: 'default:device_offline',
    kind: 'device_offline',
    enabled: true,
    match: always(),
    silentSeconds: 300,
    flap: { toggles: 4, windowSeconds: 600 },
    alert: { type: 'device_offline', severity: 'low' },
    hazard: { grade: 'general', title: '设备离线', deadlineDays: 3 },
  },
  {
    id: 'default:fault',
    kind: 'event',
    enabled: true,
    match: always({ eventTypes: ['fault'] }),
    hazard: { grade: 'general', title: '设备故障', deadlineDays: 7 },
  },
  {
    id: 'duty:patrol',
    kind: 'duty_patrol',
    enabled: true,
    match: always(),
    minCheckins: 5,
    hazard: { grade: 'general', title: '巡查打卡不足', deadlineDays: 7 },
  },
  {
    id: 'audit:dormitory_smoke',
    kind: 'dormitory_audit',
    enabled: true,
    match: always(),
    hazard: { grade: 'major', title: '宿舍未安装联网烟感', deadlineDays: 30 },
  },
];

/** Ids reserved for built-in rules: a sites-file rule with one of these prefixes must name one of them. */
export const RESERVED_ID_PREFIXES = ['default:', 'duty:', 'audit:'] as const;

export const DEFAULT_RULE_BY_ID: ReadonlyMap<string, RuleDefinition> = new Map(
  DEFAULT_RULES.map((r) => [r.id, r]),
);
