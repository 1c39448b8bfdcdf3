import { Inject, Injectable } from '@nestjs/common';
import type { Sites } from '@campus/device-protocols';
import { EscalationRepository } from '../db/escalation-repository';
import { NotificationRepository } from '../db/notification-repository';
import type { Alert } from '../domain/alert';
import { planEscalation } from '../escalation/escalation-plan';
import { ESCALATION_RUNTIME, SITES } from '../di/tokens';

/** What the alert service needs of the escalation runtime. */
export interface EscalationPoke {
  poke(): void;
}

/** Alert ids remembered as having their escalation row; cleared when it reaches this size. */
const KNOWN_MAX = 10_000;

/** Starts an opened alert's escalation chain and stops it when someone acts. */
@Injectable()
export class AlertEscalation {
  /**
   * Alerts whose escalation row this process has seen stored: a repeat of their alarm (a detector
   * that keeps reporting smoke) skips the database round that would find the row there anyway.
   */
  private readonly known = new Set<string>();

  constructor(
    @Inject(EscalationRepository) private readonly escalations: EscalationRepository,
    @Inject(NotificationRepository) private readonly notifications: NotificationRepository,
    @Inject(SITES) private readonly sites: Sites,
    @Inject(ESCALATION_RUNTIME) private readonly runtime: EscalationPoke,
  ) {}

  /**
   * Stores the policy snapshot (drill: the school only) and wakes the scheduler. Idempotent: an
   * alert that has its escalation row keeps it (false), so calling it again on a repeat heals an
   * opening whose scheduling failed.
   */
  async start(alert: Alert): Promise<boolean> {
    if (this.known.has(alert.id)) return false;
    const openedAt = new Date(alert.openedAt);
    const plan = planEscalation(this.sites, { severity: alert.severity, drill: alert.drill, openedAt });
    const scheduled = await this.escalations.schedule(alert.id, plan.steps, openedAt);
    if (scheduled) this.runtime.poke();
    if (this.known.size >= KNOWN_MAX) this.known.clear();
    this.known.add(alert.id);
    return scheduled;
  }

  /** No further steps, and no stored retry left pending. */
  async stop(alertId: string): Promise<void> {
    await this.escalations.cancel(alertId);
    await this.notifications.cancelRetries(alertId);
  }
}
