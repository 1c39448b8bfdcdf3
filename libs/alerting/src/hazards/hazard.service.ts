import {
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
  Optional,
} from '@nestjs/common';
import { hazardTransitionAction } from '../audit/audit-actions';
import { AUDIT_SINK, type AuditSink } from '../audit/audit-sink';
import type { AuthUser } from '../auth/auth-user';
import { ScopePolicyService } from '../auth/scope-policy.service';
import { HazardReportRepository } from '../db/hazard-report-repository';
import { HazardRepository } from '../db/hazard-repository';
import type { Hazard, HazardEvent } from '../domain/hazard';
import type { HazardTrigger } from '../domain/trigger';
import { DEFAULT_DEADLINE_DAYS } from '../rules/rule-normalize';
import type { HazardListQueryParams, HazardTransitionBody } from './hazard.schemas';
import { decideTransition } from './hazard-workflow';
import { ReporterNotice } from '../hazard-reports/reporter-notice';

const DAY_MS = 86_400_000;
const NOT_FOUND = 'hazard not found';

/** 隐患排查治理: registration from the rules, and the users' workflow within their org scope. */
@Injectable()
export class HazardService {
  constructor(
    @Inject(HazardRepository) private readonly hazards: HazardRepository,
    @Inject(ScopePolicyService) private readonly scope: ScopePolicyService,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
    @Inject(HazardReportRepository) private readonly photos: HazardReportRepository,
    @Optional() @Inject(ReporterNotice) private readonly reporters?: ReporterNotice | null,
  ) {}

  /**
   * Registers the trigger's hazard (or touches the unclosed one with its key). Deadline: `at` +
   * `deadlineDays`, by default 7 days for a general hazard (一般隐患), 30 for a major one (重大隐患).
   */
  async register(trigger: HazardTrigger): Promise<{ hazard: Hazard; registered: boolean }> {
    const days = trigger.deadlineDays ?? DEFAULT_DEADLINE_DAYS[trigger.grade];
    return this.hazards.registerOrTouch(trigger, trigger.at + days * DAY_MS);
  }

  /** Hazards of the user's org (or of `query.org` within it), newest registration first. */
  async list(user: AuthUser, query: HazardListQueryParams): Promise<Hazard[]> {
    const scope = this.scope.scopeOf(user);
    if (scope === null) return [];
    if (query.org !== undefined) this.scope.assertUnitVisible(user, query.org, 'org not found');
    return this.hazards.list({
      orgUnit: query.org ?? scope.unit,
      ...(query.state === undefined ? {} : { state: query.state }),
      ...(query.overdue === undefined ? {} : { overdue: query.overdue }),
    });
  }

  async get(user: AuthUser, id: string): Promise<Hazard> {
    const hazard = await this.hazards.get(id);
    this.scope.assertVisible(user, hazard, NOT_FOUND);
    return hazard;
  }

  async events(user: AuthUser, id: string): Promise<HazardEvent[]> {
    await this.get(user, id);
    return this.hazards.events(id);
  }

  /**
   * One workflow step: 404 outside the scope, 403 without the step's permission, 409 if not allowed
   * now. Audited: one action per edge (`hazard.accept` …, HAZARD_TRANSITION_ACTIONS).
   */
  async transition(
    user: AuthUser,
    id: string,
    body: HazardTransitionBody,
    ip: string | null = null,
  ): Promise<Hazard> {
    const hazard = await this.get(user, id);
    const decision = decideTransition(hazard, body.to, user);
    if (!decision.ok) {
      throw decision.reason === 'forbidden'
        ? new ForbiddenException(decision.message)
        : new ConflictException(decision.message);
    }
    // Evidence (docs/alerting.md "Hazard reports"): a 重大 hazard is reported rectified with a photo
    if (
      body.to === 'awaiting_acceptance' &&
      hazard.grade === 'major' &&
      (await this.photos.countHazardPhotos(id, 'after')) === 0
    ) {
      throw new ConflictException(
        `a major hazard (重大隐患) needs at least one "after" photo of the rectification: add it with POST /api/hazards/${id}/photos (stage=after), then submit again`,
      );
    }
    const change = await this.hazards.transition(id, {
      from: hazard.state,
      to: body.to,
      by: user.username,
      ...(body.note === undefined ? {} : { note: body.note }),
      ...(body.owner === undefined ? {} : { owner: body.owner }),
    });
    if (change.ok) {
      await this.audit.record({
        action: hazardTransitionAction(hazard.state, body.to),
        actor: user.username,
        target: `hazard:${id}`,
        ip,
        org: hazard.school,
        detail: {
          from: hazard.state,
          to: body.to,
          ...(body.owner === undefined ? {} : { owner: body.owner }),
        },
      });
      // accepted: the people who reported it through the public link are told (an SMS)
      if (body.to === 'closed') await this.reporters?.hazardClosed(id);
      return change.hazard;
    }
    if (change.reason === 'not_found') throw new NotFoundException(NOT_FOUND);
    throw new ConflictException(`the hazard changed meanwhile: it is now ${change.state}`);
  }
}
