import { Inject, Injectable } from '@nestjs/common';
import type { OrgPath, Sites } from '@campus/device-protocols';
import type { AuthUser } from '../auth/auth-user';
import { ScopePolicyService } from '../auth/scope-policy.service';
import { SITES } from '../auth/tokens';
import { DrillRepository } from '../db/drill-repository';
import type { Drill } from '../domain/drill';
import type { DrillBody, DrillListQuery } from './drill.schemas';
import { schoolPathOf } from './org-lookup';

/** 应急演练 windows: alerts of the school (or one device) opened during one are marked `drill`. */
@Injectable()
export class DrillService {
  constructor(
    @Inject(DrillRepository) private readonly drills: DrillRepository,
    @Inject(ScopePolicyService) private readonly scope: ScopePolicyService,
    @Inject(SITES) private readonly sites: Sites,
  ) {}

  /** 404 for a school or device unknown or outside the user's org. */
  async create(user: AuthUser, body: DrillBody): Promise<Drill> {
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
    return this.drills.create({
      org,
      device,
      from: body.from,
      to: body.to,
      createdBy: user.username,
      ...(body.note === undefined ? {} : { note: body.note }),
    });
  }

  async list(user: AuthUser, query: DrillListQuery): Promise<Drill[]> {
    const scope = this.scope.scopeOf(user);
    if (scope === null) return [];
    return this.drills.list({ orgUnit: scope.unit, ...(query.active ? { activeAt: Date.now() } : {}) });
  }
}
