import type { EscalationRepository } from '../db/escalation-repository';
import type { Escalation } from '../domain/escalation';
import type { DueEscalation, EscalationStore } from '../escalation/ports';

/** The escalation scheduler's store on `alerting.escalations`: ISO strings ↔ Date, undefined ↔ null. */
export class SqlEscalationStore implements EscalationStore {
  constructor(private readonly escalations: EscalationRepository) {}

  async claimDue(now: Date, owner: string, limit: number, leaseMs: number): Promise<DueEscalation[]> {
    const rows = await this.escalations.claimDue(now, owner, limit, leaseMs);
    return rows.flatMap((row) => {
      const due = toDue(row);
      return due === undefined ? [] : [due];
    });
  }

  advance(alertId: string, owner: string, nextStepIndex: number, nextStepAt: Date | null): Promise<boolean> {
    return this.escalations.advance(alertId, owner, nextStepIndex, nextStepAt);
  }

  async nextDueAt(): Promise<Date | null> {
    const at = await this.escalations.nextDueAt();
    return at === undefined ? null : new Date(at);
  }
}

/** A claimed row is never done, so it has a due time; one without (cannot happen) is skipped. */
function toDue(row: Escalation): DueEscalation | undefined {
  if (row.nextStepAt === null) return undefined;
  return {
    alertId: row.alertId,
    steps: row.steps,
    nextStepIndex: row.nextStepIndex,
    nextStepAt: new Date(row.nextStepAt),
    openedAt: new Date(row.openedAt),
    severity: row.severity,
    org: row.org,
    drill: row.drill,
  };
}
