import type { EscalationStep } from '@campus/device-protocols';

export interface EscalationRow {
  alert_id: string;
  policy: EscalationStep[];
  opened_at: string;
  next_step_index: number;
  next_step_at: string | null;
  done: boolean;
  claimed_by: string | null;
  claimed_until: string | null;
}

/** An alert's durable escalation timer. */
export interface Escalation {
  alertId: string;
  /** The policy's steps as they were when the alert opened (a later policy edit does not apply). */
  steps: EscalationStep[];
  openedAt: string;
  /** Index into `steps` of the next step to run. */
  nextStepIndex: number;
  /** When that step is due; null once done. */
  nextStepAt: string | null;
  done: boolean;
  claimedBy: string | null;
  claimedUntil: string | null;
}

export const ESCALATION_COLUMNS =
  'alert_id, policy, opened_at, next_step_index, next_step_at, done, claimed_by, claimed_until';

export function escalationColumns(alias: string): string {
  return ESCALATION_COLUMNS.split(', ')
    .map((c) => `${alias}.${c}`)
    .join(', ');
}

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
  };
}
