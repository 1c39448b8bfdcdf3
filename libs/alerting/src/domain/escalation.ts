import type { EscalationStep, OrgPath, Severity } from '@campus/device-protocols';

/** An alert's durable escalation timer, with what a step needs of its alert. */
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
  /** Of the alert (read with the timer, so a step needs no second query). */
  severity: Severity;
  org: OrgPath;
  drill: boolean;
}
