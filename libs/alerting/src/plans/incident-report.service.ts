import { ConflictException, Inject, Injectable, Optional } from '@nestjs/common';
import type { IncidentMedia, IncidentReport } from '@campus/api-contract';
import type { Sites } from '@campus/device-protocols';
import type { AuthUser } from '../auth/auth-user';
import { ScopePolicyService } from '../auth/scope-policy.service';
import { alertView } from '../alerts/alert-view';
import { ActionRepository } from '../db/action-repository';
import { AlertRepository } from '../db/alert-repository';
import { NotificationRepository } from '../db/notification-repository';
import { SiteDirectory } from '../devices/site-directory';
import { SITES } from '../di/tokens';
import type { Alert } from '../domain/alert';
import { DispatchService } from './dispatch.service';
import { incidentDurations } from './incident-durations';
import { INCIDENT_MEDIA_SOURCE, type IncidentMediaSource } from './incident-media';
import { incidentPeople } from './incident-people';
import { PlanService } from './plan.service';

/**
 * 处置报告 (docs/alerting.md "Incident report"): once an alert is resolved, everything about its
 * handling in one answer — the alert, its timeline, the plan's steps with who and when, the
 * notifications, the device commands and their answers, the people dispatched and their marks,
 * photos and camera media, the people involved, and the response times.
 */
@Injectable()
export class IncidentReportService {
  private readonly directory: SiteDirectory;

  constructor(
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(ActionRepository) private readonly actions: ActionRepository,
    @Inject(NotificationRepository) private readonly notifications: NotificationRepository,
    @Inject(ScopePolicyService) private readonly scope: ScopePolicyService,
    @Inject(PlanService) private readonly plans: PlanService,
    @Inject(DispatchService) private readonly dispatches: DispatchService,
    @Inject(SITES) private readonly sites: Sites,
    @Optional() @Inject(INCIDENT_MEDIA_SOURCE) private readonly media?: IncidentMediaSource | null,
  ) {
    this.directory = SiteDirectory.of(sites);
  }

  /** 404 outside the scope; 409 while the alert is not resolved. */
  async report(user: AuthUser, alertId: string, now: number = Date.now()): Promise<IncidentReport> {
    const alert = await this.alerts.get(alertId);
    this.scope.assertVisible(user, alert, 'alert not found');
    if (alert.status !== 'resolved')
      throw new ConflictException('the incident report is made once the alert is resolved: resolve it first');
    const [timeline, plan, notifications, actions, dispatches, cameraMedia] = await Promise.all([
      this.alerts.timeline(alert.id),
      this.plans.progressOf(alert),
      this.notifications.listForAlert(alert.id),
      this.actions.listForAlert(alert.id),
      this.dispatches.dispatchesOf(alert.id),
      this.cameraMedia(alert),
    ]);
    const photos: IncidentMedia[] = dispatches.flatMap((d) =>
      d.photos.map((p) => ({ kind: 'photo' as const, url: p.url, at: p.at, source: d.name })),
    );
    return {
      alert: alertView(alert, this.directory),
      generatedAt: new Date(now).toISOString(),
      timeline,
      plan,
      notifications: notifications.map((n) => ({
        at: n.createdAt,
        level: n.level,
        channel: n.channel,
        to: n.to,
        name: n.name,
        status: n.status,
        attempt: n.attempt,
      })),
      actions,
      dispatches,
      media: [...photos, ...cameraMedia],
      people: incidentPeople(alert, timeline, dispatches, (u) => this.nameOf(u)),
      durations: incidentDurations({
        openedAt: alert.openedAt,
        acknowledgedAt: alert.acknowledgedAt,
        resolvedAt: alert.resolvedAt,
        dispatches,
      }),
    };
  }

  private async cameraMedia(alert: Alert): Promise<IncidentMedia[]> {
    return this.media ? this.media.mediaFor(alert) : [];
  }

  private nameOf(username: string): string {
    return this.sites.users.find((u) => u.username === username)?.name ?? username;
  }
}
