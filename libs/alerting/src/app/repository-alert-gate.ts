import type { OrgLevel } from '@campus/device-protocols';
import type { AlertRepository } from '../db/alert-repository';
import type { Alert, TimelineItem } from '../domain/alert';
import type { AlertGate } from '../escalation/ports';
import type { AlertBroadcaster } from '../realtime/alert-broadcaster';

/** The alert store as escalation and notifications see it, on AlertRepository. */
export class RepositoryAlertGate implements AlertGate {
  constructor(
    private readonly alerts: AlertRepository,
    private readonly broadcaster: AlertBroadcaster,
  ) {}

  async find(alertId: string): Promise<Alert | null> {
    return (await this.alerts.get(alertId)) ?? null;
  }

  async isStillOpen(alertId: string): Promise<boolean> {
    return (await this.alerts.get(alertId))?.status === 'open';
  }

  /** Raises the level and, when it rose, pushes the alert as it now is to the dashboards. */
  async raiseLevel(alertId: string, level: OrgLevel): Promise<void> {
    const change = await this.alerts.setLevel(alertId, level);
    if (!change.ok || !change.raised) return;
    const fresh = await this.alerts.get(alertId);
    if (fresh !== undefined) this.broadcaster.broadcastAlert(fresh);
  }

  async appendTimeline(alertId: string, item: TimelineItem): Promise<void> {
    await this.alerts.appendTimeline(alertId, item);
  }
}
