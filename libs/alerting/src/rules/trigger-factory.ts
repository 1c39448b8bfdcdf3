import type { OrgPath, RiskGrade, Severity } from '@campus/device-protocols';
import type { AlertTrigger, ClearTrigger, HazardTrigger, Trigger } from '../domain/trigger';
import type { AlertSpec, RuleDefinition } from './rule-types';
import { severityForRisk } from './severity';

/** Who a trigger is about: a device (with its kind and risk grade) or a whole school. */
export interface TriggerSubject {
  /** Dedup key: `${ruleId}:${device}`, `${ruleId}:${school}`, `${ruleId}:${school}:${localDate}` … */
  key: string;
  org: OrgPath;
  device: string | null;
  deviceKind: string | null;
  risk: RiskGrade | undefined;
}

/** A one-key alarm's `sos` is a panic alarm (GB 50394): critical, never resolved automatically. */
export function isPanic(deviceKind: string | null, alertType: string): boolean {
  return deviceKind === 'one_key_alarm' && alertType === 'sos';
}

export function alertTrigger(
  ruleId: string,
  spec: AlertSpec,
  subject: TriggerSubject,
  at: number,
  autoResolvable: boolean,
  detail: Record<string, unknown>,
): AlertTrigger {
  const panic = isPanic(subject.deviceKind, spec.type);
  const severity: Severity = panic ? 'critical' : severityForRisk(spec.severity, subject.risk);
  return {
    kind: 'alert',
    key: subject.key,
    rule: ruleId,
    type: spec.type,
    severity,
    org: subject.org,
    device: subject.device,
    at,
    panic,
    autoResolvable: autoResolvable && !panic,
    detail: {
      ...detail,
      ruleSeverity: spec.severity,
      ...(subject.risk ? { risk: subject.risk } : {}),
    },
  };
}

/** The rule's alert and/or hazard for `subject` (a rule may have either or both). */
export function ruleTriggers(
  rule: RuleDefinition,
  subject: TriggerSubject,
  at: number,
  autoResolvable: boolean,
  detail: Record<string, unknown>,
): Trigger[] {
  const out: Trigger[] = [];
  if (rule.alert) out.push(alertTrigger(rule.id, rule.alert, subject, at, autoResolvable, detail));
  if (rule.hazard) {
    const hazard: HazardTrigger = {
      kind: 'hazard',
      key: subject.key,
      source: rule.id,
      title: rule.hazard.title,
      grade: rule.hazard.grade,
      org: subject.org,
      device: subject.device,
      at,
      deadlineDays: rule.hazard.deadlineDays,
      detail,
    };
    out.push(hazard);
  }
  return out;
}

export function clearTrigger(key: string, at: number): ClearTrigger {
  return { kind: 'clear', key, at };
}
