import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import type { OrgPath, Sites } from '@campus/device-protocols';
import { AUDIT_SINK, type AuditSink } from '../audit/audit-sink';
import type { AuthUser } from '../auth/auth-user';
import { ScopePolicyService } from '../auth/scope-policy.service';
import { DrillRepository } from '../db/drill-repository';
import type { Drill } from '../domain/drill';
import { ENV, SITES } from '../di/tokens';
import type { DrillBody, DrillListQuery } from './drill.schemas';
import { drillMaxHoursFrom, drillOver, drillTooLong } from './drill-limits';
import { schoolPathOf } from '../orgs/org-lookup';

const NOT_FOUND = 'drill not found';

/**
 * 应急演练 windows: alerts of the school (or one device) opened during one are marked `drill` and
 * page the school only. A drill lasts at most DRILL_MAX_HOURS (default 24 h) and can be ended
 * early; starting and ending are audited (`drill.start`, `drill.end`).
 */
@Injectable()
export class DrillService {
  private readonly maxHours: number;

  constructor(
    @Inject(DrillRepository) private readonly drills: DrillRepository,
    @Inject(ScopePolicyService) private readonly scope: ScopePolicyService,
    @Inject(SITES) private readonly sites: Sites,
    @Inject(ENV) env: NodeJS.ProcessEnv,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
  ) {
    this.maxHours = drillMaxHoursFrom(env);
  }

  /** 404 for a school or device unknown or outside the user's org; 400 for a window over the maximum. */
  async create(user: AuthUser, body: DrillBody, ip: string | null = null): Promise<Drill> {
    let org: OrgPath | undefined;
    let device: string | null = null;
    if (body.device !== undefined) {
      org = this.sites.deviceById.get(body.device)?.org;
      this.scope.assertVisible(user, org, 'device not found');
      device = body.device;
    } else {
      org = schoolPathOf(this.sites, body.school ?? '');
      this.scope.assertVisible(user, org, 'school not found');
    }
    const tooLong = drillTooLong(body.from, body.to, this.maxHours);
    if (tooLong !== null) throw new BadRequestException(tooLong);
    const drill = await this.drills.create({
      org,
      device,
      from: body.from,
      to: body.to,
      createdBy: user.username,
      ...(body.note === undefined ? {} : { note: body.note }),
    });
    await this.audit.record({
      action: 'drill.start',
      actor: user.username,
      target: `drill:${drill.id}`,
      ip,
      org: drill.org.school,
      detail: { from: drill.from, to: drill.to, ...(device === null ? {} : { device }) },
    });
    return drill;
  }

  /**
   * Ends a drill now (one that has not started yet is cancelled): alerts from now on page as usual.
   * 404 outside the user's org, 409 when it is over already.
   */
  async end(user: AuthUser, id: string, ip: string | null = null): Promise<Drill> {
    const drill = await this.drills.get(id);
    if (drill === undefined) throw new NotFoundException(NOT_FOUND);
    this.scope.assertVisible(user, drill.org, NOT_FOUND);
    const now = Date.now();
    if (drillOver(drill, now))
      throw new ConflictException(`the drill is over already: it ended at ${drill.to}`);
    await this.drills.end(id, now);
    const ended = (await this.drills.get(id)) ?? drill;
    await this.audit.record({
      action: 'drill.end',
      actor: user.username,
      target: `drill:${id}`,
      ip,
      org: drill.org.school,
      detail: {
        plannedTo: drill.to,
        endedAt: ended.to,
        ...(drill.device === null ? {} : { device: drill.device }),
      },
    });
    return ended;
  }

  async list(user: AuthUser, query: DrillListQuery): Promise<Drill[]> {
    const scope = this.scope.scopeOf(user);
    if (scope === null) return [];
    return this.drills.list({ orgUnit: scope.unit, ...(query.active ? { activeAt: Date.now() } : {}) });
  }
}
