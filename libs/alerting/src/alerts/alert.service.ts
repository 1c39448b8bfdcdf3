import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Logger } from 'pino';
import { AUDIT_SINK, type AuditSink } from '../audit/audit-sink';
import type { AuthUser } from '../auth/auth-user';
import { ScopePolicyService } from '../auth/scope-policy.service';
import { LOGGER } from '../di/tokens';
import { AlertRepository, type AlertChange } from '../db/alert-repository';
import { DrillRepository } from '../db/drill-repository';
import type { Alert, AlertStatus, Disposition, TimelineItem } from '../domain/alert';
import type { AlertTrigger, ClearTrigger, Trigger } from '../domain/trigger';
import { HazardService } from '../hazards/hazard.service';
import { ALERTING_METRICS, type AlertingMetrics } from '../metrics/alerting-metrics';
import { ALERT_BROADCASTER, type AlertBroadcaster } from '../realtime/alert-broadcaster';
import { LinkageService } from '../linkage/linkage.service';
import { MediaService } from '../media/media.service';
import { AlertEscalation } from './alert-escalation';

const NOT_FOUND = 'alert not found';
const LIST_LIMIT = 200;

/** The user the system acts as (automatic all-clear). */
export const SYSTEM_USER = 'system';

/**
 * Alerts from the rules' triggers, and what users do with them (the HTTP API, docs/alerting.md). Every change is
 * broadcast (docs/alerting.md); opening starts escalation, acknowledging or resolving stops it.
 */
@Injectable()
export class AlertService {
  constructor(
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(DrillRepository) private readonly drills: DrillRepository,
    @Inject(HazardService) private readonly hazards: HazardService,
    @Inject(AlertEscalation) private readonly escalation: AlertEscalation,
    @Inject(ScopePolicyService) private readonly scope: ScopePolicyService,
    @Inject(ALERT_BROADCASTER) private readonly broadcaster: AlertBroadcaster,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
    @Inject(ALERTING_METRICS) private readonly metrics: AlertingMetrics,
    @Inject(LinkageService) private readonly linkage: LinkageService,
    @Inject(MediaService) private readonly media: MediaService,
  ) {}

  /**
   * Applies the triggers in order. A failing trigger does not stop the others; afterwards its
   * error is rethrown (several: an AggregateError whose `cause` is the first, so the intake can
   * still tell a retryable failure). Re-applying a batch is safe: an open alert's key only counts
   * one more occurrence, a hazard's key is touched, an all-clear finds nothing left to resolve.
   */
  async handleTriggers(triggers: readonly Trigger[]): Promise<void> {
    const errors: unknown[] = [];
    for (const trigger of triggers) {
      try {
        if (trigger.kind === 'alert') await this.onAlert(trigger);
        else if (trigger.kind === 'clear') await this.onClear(trigger);
        else await this.hazards.register(trigger);
      } catch (err) {
        this.logger.error({ err, key: trigger.key, kind: trigger.kind }, 'trigger failed');
        errors.push(err);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) {
      throw new AggregateError(errors, `${errors.length} of ${triggers.length} triggers failed`, {
        cause: errors[0],
      });
    }
  }

  private async onAlert(trigger: AlertTrigger): Promise<void> {
    const drill = await this.drills.activeFor(trigger.org.school, trigger.device, trigger.at);
    const options = { drill: drill !== undefined };
    const result =
      trigger.source === undefined
        ? await this.alerts.openOrOccur(trigger, options)
        : await this.alerts.openOrOccurOnce(trigger, trigger.source, options);
    if (result === undefined) return; // this message was counted before (a redelivery)
    const { alert, opened } = result;
    if (opened) this.metrics.alertsOpened.inc({ type: alert.type, severity: alert.severity });
    // A repeat re-ensures the escalation row too (a no-op unless scheduling failed at opening).
    if (opened || alert.status === 'open') await this.escalation.start(alert);
    this.broadcaster.broadcastAlert(alert);
    // Linkage and 视频复核 once, on opening only, after the alert is stored and its paging started; not awaited.
    if (opened) {
      this.linkage.onOpened(alert);
      this.media.onOpened(alert);
    }
  }

  /** An all-clear resolves an auto-resolvable alert; a panic alert waits for a person. */
  private async onClear(trigger: ClearTrigger): Promise<void> {
    const alert = await this.alerts.findUnresolvedByKey(trigger.key);
    if (alert === undefined || alert.autoResolvable !== true || alert.panic) return;
    const detail = (trigger as ClearTrigger & { detail?: Record<string, unknown> }).detail;
    const note = `cleared automatically${detail === undefined ? '' : `: ${JSON.stringify(detail)}`}`;
    const change = await this.alerts.resolve(alert.id, SYSTEM_USER, 'genuine', note, trigger.at);
    if (change.ok) await this.changed(change.alert);
  }

  /** The user's org's alerts, newest first (at most 200). */
  async list(user: AuthUser, status?: AlertStatus): Promise<Alert[]> {
    const scope = this.scope.scopeOf(user);
    if (scope === null) return [];
    return this.alerts.list({
      orgUnit: scope.unit,
      limit: LIST_LIMIT,
      ...(status === undefined ? {} : { status }),
    });
  }

  /** 404 for an unknown alert and for one outside the user's org alike. */
  async get(user: AuthUser, id: string): Promise<Alert> {
    const alert = await this.alerts.get(id);
    this.scope.assertVisible(user, alert, NOT_FOUND);
    return alert;
  }

  async timeline(user: AuthUser, id: string): Promise<TimelineItem[]> {
    await this.get(user, id);
    return this.alerts.timeline(id);
  }

  /** open → acknowledged; stops escalation. 409 in any other state. Audited (`alert.acknowledge`). */
  async acknowledge(user: AuthUser, id: string, note?: string, ip: string | null = null): Promise<Alert> {
    await this.get(user, id);
    const alert = await this.settle(await this.alerts.acknowledge(id, user.username, note), 'acknowledge');
    await this.audited('alert.acknowledge', user, alert, ip, {});
    return alert;
  }

  /** open or acknowledged → resolved (a panic alert too: by a person). 409 once resolved. Audited (`alert.resolve`). */
  async resolve(
    user: AuthUser,
    id: string,
    disposition: Disposition,
    note?: string,
    ip: string | null = null,
  ): Promise<Alert> {
    await this.get(user, id);
    const alert = await this.settle(
      await this.alerts.resolve(id, user.username, disposition, note),
      'resolve',
    );
    await this.audited('alert.resolve', user, alert, ip, { disposition });
    return alert;
  }

  private audited(
    action: 'alert.acknowledge' | 'alert.resolve',
    user: AuthUser,
    alert: Alert,
    ip: string | null,
    detail: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record({
      action,
      actor: user.username,
      target: `alert:${alert.id}`,
      ip,
      org: alert.school,
      detail: { type: alert.type, severity: alert.severity, ...detail },
    });
  }

  private async settle(change: AlertChange, action: string): Promise<Alert> {
    if (!change.ok) {
      if (change.reason === 'not_found') throw new NotFoundException(NOT_FOUND);
      throw new ConflictException(`cannot ${action} an alert that is ${change.status}`);
    }
    await this.changed(change.alert);
    return change.alert;
  }

  private async changed(alert: Alert): Promise<void> {
    await this.escalation.stop(alert.id);
    this.broadcaster.broadcastAlert(alert);
  }
}
