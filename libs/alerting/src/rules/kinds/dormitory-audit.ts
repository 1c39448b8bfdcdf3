import { orgContains, type Device, type Sites } from '@campus/device-protocols';
import { z } from 'zod';
import type { Trigger } from '../../domain/trigger';
import { ruleFields } from '../rule-config-schema';
import { defineRuleKind } from '../rule-kind';
import { schoolSubject } from '../rule-evaluator';
import { strict } from '../rule-schema-helpers';
import type { RuleBase } from '../rule-types';
import { ruleTriggers } from '../trigger-factory';

export interface DormitoryAuditRule extends RuleBase {
  kind: 'dormitory_audit';
}

/** Built in only: `audit:dormitory_smoke`, run by `RuleEngine.audit`, not on messages. */
export const dormitoryAuditKind = defineRuleKind({
  configurable: false,
  schema: strict({ ...ruleFields, kind: z.literal('dormitory_audit') }),
  match: { allowed: ['schools'], required: [] },
  normalize: (raw, base): DormitoryAuditRule => ({ ...base, kind: raw.kind }),
  run: { audit: (rule, sites, now) => dormitoryAudit(rule, sites, now) },
});

/** The building name used in keys and details for dormitory devices that name none. */
export const UNNAMED_BUILDING = '(未注明楼栋)';

/**
 * `audit:dormitory_smoke` (教育部 2024 重大事故隐患判定: a student dormitory without networked smoke
 * detection is a major hazard): a configuration audit of the sites file, no messages involved.
 *
 * Granularity: per school, per dormitory building. A building is a dormitory building when any
 * device there has `location.use: dormitory`; it passes when at least one `smoke_detector` there
 * (native or behind a Zigbee bridge — either is networked) also has `location.use: dormitory`.
 * Devices with `use: dormitory` and no `building` form one unnamed building of their school.
 * Per building, not per room: the sites file declares rooms only where devices are, so a
 * per-room check would flag the warden's office or the exit door that holds an access reader.
 * One hazard per failing building, key `${ruleId}:${school}:${building}`.
 */
export function dormitoryAudit(rule: DormitoryAuditRule, sites: Sites, now: number): Trigger[] {
  const buildings = new Map<string, { school: string; building: string; devices: Device[] }>();
  for (const d of sites.devices) {
    if (d.location?.use !== 'dormitory') continue;
    if (rule.match.schools && !rule.match.schools.some((code) => orgContains(code, d.org))) continue;
    const building = d.location.building ?? UNNAMED_BUILDING;
    const key = `${d.org.school}:${building}`;
    const entry = buildings.get(key) ?? { school: d.org.school, building, devices: [] };
    entry.devices.push(d);
    buildings.set(key, entry);
  }
  const out: Trigger[] = [];
  for (const [key, { school, building, devices }] of buildings) {
    if (devices.some((d) => d.kind === 'smoke_detector')) continue;
    const info = sites.schoolByCode.get(school);
    if (!info) continue;
    const subject = schoolSubject(`${rule.id}:${key}`, info);
    const detail = {
      building,
      devices: devices.map((d) => d.id),
      requires: 'smoke_detector with location.use: dormitory',
    };
    out.push(...ruleTriggers(rule, subject, now, false, detail));
  }
  return out;
}
