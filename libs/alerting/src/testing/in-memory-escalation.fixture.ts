export { makeAlert } from './alert-builder';
import type { OrgLevel, OrgPath, Sites } from '@campus/device-protocols';
import { ORG_LEVELS } from '@campus/device-protocols';
import type { Alert, TimelineItem } from '../domain/alert';
import type { NotificationRequest } from '../notifications/notifier';
import type { NotificationQueue } from '../notifications/notification-dispatcher';
import { planEscalation } from '../escalation/escalation-plan';
import type { AlertGate, DueEscalation, EscalationStore } from '../escalation/ports';

/** Test doubles of the escalation ports (the SQL store has its own contract tests). */
interface Row extends Omit<DueEscalation, 'nextStepAt'> {
  nextStepAt: Date | null;
  owner: string | null;
  leaseUntil: number;
}

export class InMemoryEscalationStore implements EscalationStore {
  readonly rows = new Map<string, Row>();
  claimCalls = 0;

  schedule(sites: Pick<Sites, 'escalation'>, alert: Alert, org: OrgPath): void {
    const openedAt = new Date(alert.openedAt);
    const plan = planEscalation(sites, { severity: alert.severity, drill: alert.drill, openedAt });
    this.rows.set(alert.id, {
      alertId: alert.id,
      ...plan,
      openedAt,
      severity: alert.severity,
      org,
      drill: alert.drill,
      owner: null,
      leaseUntil: 0,
    });
  }

  async claimDue(now: Date, owner: string, limit: number, leaseMs: number): Promise<DueEscalation[]> {
    this.claimCalls += 1;
    const due = [...this.rows.values()]
      .filter(
        (r) =>
          r.nextStepAt !== null && r.nextStepAt <= now && (r.owner === null || r.leaseUntil <= now.getTime()),
      )
      .sort((a, b) => (a.nextStepAt as Date).getTime() - (b.nextStepAt as Date).getTime())
      .slice(0, limit);
    return due.map((r) => {
      r.owner = owner;
      r.leaseUntil = now.getTime() + leaseMs;
      const { owner: _o, leaseUntil: _l, ...rest } = r;
      return { ...rest, steps: rest.steps.map((s) => ({ ...s })), nextStepAt: r.nextStepAt as Date };
    });
  }

  async advance(
    alertId: string,
    owner: string,
    nextStepIndex: number,
    nextStepAt: Date | null,
  ): Promise<boolean> {
    const row = this.rows.get(alertId);
    if (row === undefined || row.owner !== owner) return false;
    Object.assign(row, { nextStepIndex, nextStepAt, owner: null, leaseUntil: 0 });
    return true;
  }

  async nextDueAt(): Promise<Date | null> {
    let best: number | null = null;
    for (const r of this.rows.values()) {
      if (r.nextStepAt === null) continue;
      const t = Math.max(r.nextStepAt.getTime(), r.owner === null ? 0 : r.leaseUntil);
      best = best === null ? t : Math.min(best, t);
    }
    return best === null ? null : new Date(best);
  }
}

export class InMemoryAlertGate implements AlertGate {
  readonly alerts = new Map<string, Alert>();
  readonly timelines = new Map<string, TimelineItem[]>();

  add(alert: Alert): void {
    this.alerts.set(alert.id, alert);
  }

  acknowledge(alertId: string, at: Date): void {
    const alert = this.alerts.get(alertId);
    if (alert) Object.assign(alert, { status: 'acknowledged', acknowledgedAt: at.toISOString() });
  }

  timeline(alertId: string): TimelineItem[] {
    return this.timelines.get(alertId) ?? [];
  }

  async isStillOpen(alertId: string): Promise<boolean> {
    return this.alerts.get(alertId)?.status === 'open';
  }

  async raiseLevel(alertId: string, level: OrgLevel): Promise<void> {
    const alert = this.alerts.get(alertId);
    if (alert && ORG_LEVELS.indexOf(level) > ORG_LEVELS.indexOf(alert.level)) alert.level = level;
  }

  async appendTimeline(alertId: string, item: TimelineItem): Promise<void> {
    this.timelines.set(alertId, [...this.timeline(alertId), item]);
  }

  async find(alertId: string): Promise<Alert | null> {
    const alert = this.alerts.get(alertId);
    return alert === undefined ? null : { ...alert };
  }
}

/** Records what escalation queued, with the (manual) time it was queued. */
export class RecordingQueue implements NotificationQueue {
  readonly sent: Array<Omit<NotificationRequest, 'attempt'> & { at: number }> = [];
  constructor(private readonly now: () => number) {}
  enqueue(n: Omit<NotificationRequest, 'attempt'>): void {
    this.sent.push({ ...n, at: this.now() });
  }
}
