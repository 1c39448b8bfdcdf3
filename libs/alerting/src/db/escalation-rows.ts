import type { EscalationStep, Severity } from '@campus/device-protocols';
import type { Escalation } from '../domain/escalation';

export interface EscalationRow {
  alert_id: string;
  policy: EscalationStep[];
  opened_at: string;
  next_step_index: number;
  next_step_at: string | null;
  done: boolean;
  claimed_by: string | null;
  claimed_until: string | null;
  severity: Severity;
  province: string;
  city: string;
  county: string;
  school: string;
  drill: boolean;
}

/** The timer's columns (alias `e`) and its alert's (alias `a`). */
export const ESCALATION_COLUMNS =
  'e.alert_id, e.policy, e.opened_at, e.next_step_index, e.next_step_at, e.done, e.claimed_by, e.claimed_until, ' +
  'a.severity, a.province, a.city, a.county, a.school, a.drill';

export function toEscalation(r: EscalationRow): Escalation {
  return {
    alertId: r.alert_id,
    steps: r.policy,
    openedAt: r.opened_at,
    nextStepIndex: r.next_step_index,
    nextStepAt: r.next_step_at,
    done: r.done,
    claimedBy: r.claimed_by,
    claimedUntil: r.claimed_until,
    severity: r.severity,
    org: { province: r.province, city: r.city, county: r.county, school: r.school },
    drill: r.drill,
  };
}
