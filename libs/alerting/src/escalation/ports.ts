import type { EscalationStep, OrgLevel, OrgPath, Severity } from '@campus/device-protocols';
import type { Alert } from '../domain/alert';
import type { AlertTimeline } from '../notifications/ports';

/** One alert's escalation row, claimed because its next step is due. */
export interface DueEscalation {
  alertId: string;
  /** The steps stored when the alert opened (see `planEscalation`). */
  steps: EscalationStep[];
  /** Index into `steps`; indexes past the end are reminders (see escalation-plan.ts). */
  nextStepIndex: number;
  nextStepAt: Date;
  openedAt: Date;
  severity: Severity;
  org: OrgPath;
  drill: boolean;
}

/**
 * Durable escalation rows shared by every alert-service replica. Leases make a due step go to
 * one replica; a replica that dies mid-step loses its lease and another one re-sends the step.
 */
export interface EscalationStore {
  /**
   * Claims up to `limit` rows with `nextStepAt <= now` (earliest first) that are not leased, or
   * whose lease has expired, leasing them to `owner` until `now + leaseMs`.
   */
  claimDue(now: Date, owner: string, limit: number, leaseMs: number): Promise<DueEscalation[]>;
  /**
   * If `owner` still holds the lease: stores the next step (`nextStepAt` null: finished) and
   * releases the lease. False when the lease was lost (someone else has the row now).
   */
  advance(alertId: string, owner: string, nextStepIndex: number, nextStepAt: Date | null): Promise<boolean>;
  /**
   * The earliest moment `claimDue` could return a row: the minimum over unfinished rows of
   * `max(nextStepAt, lease expiry)`; null when there are none.
   */
  nextDueAt(): Promise<Date | null>;
}

/** The alert store as escalation sees it. */
export interface AlertGate extends AlertTimeline {
  /** Sets the alert's `level` to `level` if that is higher; never lowers it. */
  raiseLevel(alertId: string, level: OrgLevel): Promise<void>;
  /** The alert (for its status and the message text), or null if unknown. */
  find(alertId: string): Promise<Alert | null>;
}
