import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { AlertPlan, AlertPlanAnswer, PlanStepOutcome } from '@campus/api-contract';
import { perSnapshot, type OrgLevel, type Sites } from '@campus/device-protocols';
import type { Logger } from 'pino';
import { AUDIT_SINK, type AuditSink } from '../audit/audit-sink';
import type { AuthUser } from '../auth/auth-user';
import { ScopePolicyService } from '../auth/scope-policy.service';
import { AlertRepository } from '../db/alert-repository';
import { PlanRepository } from '../db/plan-repository';
import { LOGGER, SITES } from '../di/tokens';
import { PlanNotifier } from './plan-notifier';
import type { Alert } from '../domain/alert';
import { LinkageService } from '../linkage/linkage.service';
import { linkageDevices } from '../linkage/action-plan';
import type { NotificationQueue } from '../notifications/notification-dispatcher';
import { ALERT_BROADCASTER, type AlertBroadcaster } from '../realtime/alert-broadcaster';
import { sirenModeForType, type Plan, type PlanStep } from './default-plans';
import { parsePlanConfig, planFor } from './plan-config';
import { planProgress, type DoneStep } from './plan-progress';
import { planPageSms } from './plan-texts';

const NOT_FOUND = 'alert not found';

/** Where plans queue their SMS (PlanNotifier: recorded, retried until the alert is resolved). */
export interface PlanPager {
  readonly queue: NotificationQueue;
}

/**
 * 应急预案 (docs/alerting.md "Emergency plans"): the plan in force for an alert and its steps,
 * ticked by the school's security staff. Ticking a paging step sends an SMS to the role's contacts
 * (the school's for `duty_leader`, the county's for `county_safety_office`) through PlanNotifier
 * (retried, on the timeline as `notified`); ticking an action step runs it through
 * linkage (联动: its own `action` items and audit). The tick itself is a `plan_step` item, audited.
 */
@Injectable()
export class PlanService {
  /** The plans in force for the registry's current version (rebuilt once per version). */
  private readonly plansOf = perSnapshot((sites: Sites): readonly Plan[] =>
    parsePlanConfig(sites.plans, sites),
  );

  constructor(
    @Inject(PlanRepository) private readonly repo: PlanRepository,
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(ScopePolicyService) private readonly scope: ScopePolicyService,
    @Inject(SITES) private readonly sites: Sites,
    @Inject(PlanNotifier) private readonly pager: PlanPager,
    @Inject(LinkageService) private readonly linkage: LinkageService,
    @Inject(ALERT_BROADCASTER) private readonly broadcaster: AlertBroadcaster,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    // refused at start, with every problem, when the sites file's `plans:` is wrong (the registry
    // refuses a change that would make them wrong: registry/sql-registry-store.ts)
    this.plansOf(sites);
  }

  /** The plan in force for an alert (undefined: none covers its type). */
  planOf(alert: Pick<Alert, 'type' | 'school'>): Plan | undefined {
    return planFor(this.plansOf(this.sites), alert.type, alert.school);
  }

  async get(user: AuthUser, alertId: string): Promise<AlertPlanAnswer> {
    const alert = await this.visibleAlert(user, alertId);
    return { plan: await this.progressOf(alert) };
  }

  /** The alert's plan with its ticks (null without a plan): the incident report reads it too. */
  async progressOf(alert: Alert): Promise<AlertPlan | null> {
    const plan = this.planOf(alert);
    return plan === undefined ? null : planProgress(plan, await this.repo.doneSteps(alert.id));
  }

  /** Ticks a step: 404 for a step the plan does not have, 409 once it is ticked. */
  async tick(user: AuthUser, alertId: string, stepId: string, ip: string | null): Promise<AlertPlan> {
    const alert = await this.visibleAlert(user, alertId);
    const plan = this.planOf(alert);
    const step = plan?.steps.find((s) => s.id === stepId);
    if (plan === undefined || step === undefined)
      throw new NotFoundException(`the plan of this alert has no step "${stepId}"`);
    const claimed = await this.repo.claimStep({ alertId, stepId, planId: plan.id, by: user.username });
    if (claimed === undefined) throw new ConflictException(`step "${stepId}" is already done`);
    const done: DoneStep = { ...claimed, outcome: await this.run(user, alert, step, ip) };
    await this.repo.finishStep(alertId, done, step.text, plan.id);
    await this.audit.record({
      action: 'alert.plan_step',
      actor: user.username,
      target: `alert:${alert.id}`,
      ip,
      org: alert.school,
      detail: { plan: plan.id, step: step.id, text: step.text, ...done.outcome },
    });
    this.logger.info({ alert: alert.id, plan: plan.id, step: step.id, by: user.username }, 'plan step done');
    const current = await this.alerts.get(alertId);
    if (current !== undefined) this.broadcaster.broadcastAlert(current);
    return planProgress(plan, await this.repo.doneSteps(alertId));
  }

  /** What the step does when ticked; a failure is the outcome's note, never a failed tick. */
  private async run(
    user: AuthUser,
    alert: Alert,
    step: PlanStep,
    ip: string | null,
  ): Promise<PlanStepOutcome> {
    try {
      if (step.page !== undefined) return this.page(user, alert, step);
      if (step.action === 'sirens') return await this.soundSirens(user, alert, ip);
      return {};
    } catch (err) {
      this.logger.error({ err, alert: alert.id, step: step.id }, 'plan step could not run');
      return { problem: 'failed', note: err instanceof Error ? err.message : String(err) };
    }
  }

  private page(user: AuthUser, alert: Alert, step: PlanStep): PlanStepOutcome {
    const level: OrgLevel = step.page === 'county_safety_office' ? 'county' : 'school';
    const org = level === 'county' ? alert.county : alert.school;
    const contacts = this.sites.contacts.filter((c) => c.org === org);
    if (contacts.length === 0)
      return {
        paged: [],
        problem: 'no_contact',
        note: `no contact of ${org} in the sites file (contacts:) to page`,
      };
    const device = alert.device === null ? undefined : this.sites.deviceById.get(alert.device);
    const body = planPageSms({
      type: alert.type,
      schoolName: this.sites.schoolByCode.get(alert.school)?.name ?? alert.school,
      ...(device?.location === undefined ? {} : { location: device.location }),
      step: step.text,
      by: this.nameOf(user.username),
      drill: alert.drill,
    });
    for (const c of contacts)
      this.pager.queue.enqueue({ alertId: alert.id, level, channel: 'sms', to: c.phone, name: c.name, body });
    return { paged: contacts.map((c) => c.name) };
  }

  private async soundSirens(user: AuthUser, alert: Alert, ip: string | null): Promise<PlanStepOutcome> {
    const sirens = linkageDevices(alert, this.sites).filter(
      (d) => d.kind === 'siren' && d.commands.includes('sound'),
    );
    if (sirens.length === 0)
      return { actions: [], problem: 'no_siren', note: 'no siren in the building of this alert' };
    const mode = sirenModeForType(alert.type);
    const actions: string[] = [];
    for (const siren of sirens) {
      const action = await this.linkage.run(
        user,
        alert.id,
        { device: siren.id, command: 'sound', params: { mode } },
        ip,
      );
      actions.push(action.id);
    }
    return { actions };
  }

  private nameOf(username: string): string {
    return this.sites.users.find((u) => u.username === username)?.name ?? username;
  }

  private async visibleAlert(user: AuthUser, id: string): Promise<Alert> {
    const alert = await this.alerts.get(id);
    this.scope.assertVisible(user, alert, NOT_FOUND);
    return alert;
  }
}
