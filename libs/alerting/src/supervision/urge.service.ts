import { ConflictException, Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { OrgLevel, Sites } from '@campus/device-protocols';
import type { Logger } from 'pino';
import { AUDIT_SINK, type AuditSink } from '../audit/audit-sink';
import type { AuthUser } from '../auth/auth-user';
import { ScopePolicyService } from '../auth/scope-policy.service';
import { AlertRepository } from '../db/alert-repository';
import { HazardEventRepository } from '../db/hazard-event-repository';
import { HazardRepository } from '../db/hazard-repository';
import { SupervisionRepository, type NewUrge } from '../db/supervision-repository';
import { ESCALATION_RUNTIME, LOGGER, SITES } from '../di/tokens';
import type { Urge } from '../domain/supervision';
import { contactsFor } from '../escalation/escalation-policy';
import type { RuntimeNotifier } from '../hazards/overdue-escalation';
import { alertTypeLabel } from '../notifications/alert-labels';
import { NotificationDispatcher } from '../notifications/notification-dispatcher';
import { localTime } from '../notifications/notification-text';
import { SUPERVISION_BROADCASTER, type SupervisionBroadcaster } from '../realtime/supervision-broadcaster';
import { supervisorName, urgeNotBefore, urgeRateLimitMessage, urgeSms } from './supervision-rules';

const LIST_LIMIT = 200;

/**
 * 督办/催办 (docs/alerting.md "Supervision"): an official urges a school about an unresolved alert
 * or an overdue hazard. Stored (at most once per 5 minutes per official and target), on the
 * alert's timeline or the hazard's event log, audited, pushed to the school's console (socket.io
 * `urge`) and sent by SMS to the school's contacts.
 */
@Injectable()
export class UrgeService implements OnApplicationShutdown {
  private readonly queue: NotificationDispatcher;
  private readonly logger: Logger;

  constructor(
    @Inject(SupervisionRepository) private readonly repo: SupervisionRepository,
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(HazardRepository) private readonly hazards: HazardRepository,
    @Inject(HazardEventRepository) private readonly hazardEvents: HazardEventRepository,
    @Inject(ScopePolicyService) private readonly scope: ScopePolicyService,
    @Inject(SITES) private readonly sites: Sites,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
    @Inject(SUPERVISION_BROADCASTER) private readonly broadcaster: SupervisionBroadcaster,
    @Inject(LOGGER) logger: Logger,
    @Inject(ESCALATION_RUNTIME) runtime: RuntimeNotifier,
  ) {
    this.logger = logger.child({ part: 'urge' });
    this.queue = new NotificationDispatcher({
      notifier: runtime.notifier,
      logger: this.logger,
      timeline: {
        // `alertId` is the urged alert's or hazard's id: an alert's SMS goes on its timeline.
        isStillOpen: async (id) => {
          const alert = await alerts.get(id);
          if (alert !== undefined) return alert.status !== 'resolved';
          const hazard = await hazards.get(id);
          return hazard !== undefined && hazard.state !== 'closed';
        },
        appendTimeline: async (id, item) => {
          if (!(await alerts.appendTimeline(id, item)))
            this.logger.info({ hazardId: id, ...item }, 'urge SMS');
        },
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.stop();
  }

  /** 404 outside the scope; 409 once resolved, or within 5 minutes of the official's last urge of it. */
  async urgeAlert(user: AuthUser, id: string, message: string | undefined, ip: string | null): Promise<Urge> {
    const alert = await this.alerts.get(id);
    this.scope.assertVisible(user, alert, 'alert not found');
    if (alert.status === 'resolved') {
      throw new ConflictException(
        `the alert was resolved at ${alert.resolvedAt ?? '?'}: there is nothing to urge`,
      );
    }
    const urge = await this.store(user, {
      target: 'alert',
      targetId: alert.id,
      subject: alert.type,
      org: alert,
      message,
    });
    await this.alerts.appendTimeline(alert.id, {
      at: urge.at,
      kind: 'urged',
      by: user.username,
      level: urge.byLevel,
      ...(message === undefined ? {} : { note: message }),
    });
    await this.audit.record({
      action: 'alert.urge',
      actor: user.username,
      target: `alert:${alert.id}`,
      ip,
      org: alert.school,
      detail: { type: alert.type, status: alert.status, ...(message === undefined ? {} : { message }) },
    });
    const t = localTime(alert.openedAt, this.sites.province.timezone);
    this.delivered(urge, alertTypeLabel(alert.type), `${t.month}月${t.day}日 ${t.hour}:${t.minute}`);
    return urge;
  }

  /** 404 outside the scope; 409 when closed or not overdue, or within 5 minutes of the official's last urge. */
  async urgeHazard(
    user: AuthUser,
    id: string,
    message: string | undefined,
    ip: string | null,
  ): Promise<Urge> {
    const now = Date.now();
    const hazard = await this.hazards.get(id, now);
    this.scope.assertVisible(user, hazard, 'hazard not found');
    if (hazard.state === 'closed')
      throw new ConflictException('the hazard is closed: there is nothing to urge');
    if (!hazard.overdue) {
      throw new ConflictException(
        `the hazard is not overdue (its deadline is ${hazard.deadline}): only an overdue hazard is urged`,
      );
    }
    const urge = await this.store(user, {
      target: 'hazard',
      targetId: hazard.id,
      subject: hazard.title,
      org: hazard,
      message,
    });
    const who = supervisorName(urge.byLevel);
    await this.hazardEvents.note(
      hazard.id,
      hazard.state,
      user.username,
      message === undefined ? `${who}督办` : `${who}督办：${message}`,
      urge.at,
    );
    await this.audit.record({
      action: 'hazard.urge',
      actor: user.username,
      target: `hazard:${hazard.id}`,
      ip,
      org: hazard.school,
      detail: { state: hazard.state, grade: hazard.grade, ...(message === undefined ? {} : { message }) },
    });
    const t = localTime(hazard.deadline, this.sites.province.timezone);
    this.delivered(urge, `「${hazard.title}」`, `${t.month}月${t.day}日 ${t.hour}:${t.minute}`);
    return urge;
  }

  /** The urges of the user's scope, newest first; `active`: those a school's banner still shows. */
  async list(user: AuthUser, active: boolean | undefined): Promise<Urge[]> {
    const scope = this.scope.scopeOf(user);
    if (scope === null) return [];
    const urges = await this.repo.listUrges({
      orgUnit: scope.unit,
      limit: LIST_LIMIT,
      ...(active === undefined ? {} : { active }),
    });
    return urges.map((u) => this.named(u));
  }

  /** "已知悉": the school marks the urge seen; the banner goes. Audited (`urge.dismiss`). */
  async dismiss(user: AuthUser, id: string, ip: string | null): Promise<Urge> {
    const urge = await this.repo.getUrge(id);
    this.scope.assertVisible(user, urge, 'urge not found');
    const dismissed = await this.repo.dismissUrge(id, user.username, Date.now());
    this.scope.assertVisible(user, dismissed, 'urge not found');
    if (urge.dismissedAt === null) {
      await this.audit.record({
        action: 'urge.dismiss',
        actor: user.username,
        target: `${urge.target}:${urge.targetId}`,
        ip,
        org: urge.school,
        detail: { urge: urge.id, by: urge.by },
      });
    }
    const view = this.named(dismissed);
    this.broadcaster.broadcastUrge(view);
    return view;
  }

  private async store(
    user: AuthUser,
    input: Pick<NewUrge, 'target' | 'targetId' | 'subject' | 'org'> & { message: string | undefined },
  ): Promise<Urge> {
    const now = Date.now();
    const byLevel: OrgLevel = user.level;
    const result = await this.repo.urge(
      {
        target: input.target,
        targetId: input.targetId,
        subject: input.subject,
        org: {
          province: input.org.province,
          city: input.org.city,
          county: input.org.county,
          school: input.org.school,
        },
        by: user.username,
        byOrg: user.org,
        byLevel,
        ...(input.message === undefined ? {} : { message: input.message }),
        at: now,
      },
      urgeNotBefore(now),
    );
    if (!result.ok) throw new ConflictException(urgeRateLimitMessage(Date.parse(result.lastAt), now));
    return this.named(result.urge);
  }

  /** To the school's console, and by SMS to the school's contacts (not awaited: paging never waits). */
  private delivered(urge: Urge, what: string, when: string): void {
    this.broadcaster.broadcastUrge(urge);
    const body = urgeSms({
      byLevel: urge.byLevel,
      schoolName: urge.schoolName ?? urge.school,
      what,
      when,
      target: urge.target,
      message: urge.message,
    });
    for (const contact of contactsFor(this.sites, urge, 'school')) {
      this.queue.enqueue({
        alertId: urge.targetId,
        level: 'school',
        channel: 'sms',
        to: contact.phone,
        name: contact.name,
        body,
      });
    }
    this.logger.info({ urge: urge.id, target: urge.target, by: urge.by }, 'school urged');
  }

  private named(urge: Urge): Urge {
    return { ...urge, schoolName: this.sites.schoolByCode.get(urge.school)?.name ?? null };
  }
}
