import { BadRequestException, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { OrgPath, Sites } from '@campus/device-protocols';
import type { Logger } from 'pino';
import type { AuthUser } from '../auth/auth-user';
import { ScopePolicyService } from '../auth/scope-policy.service';
import { LOGGER, SITES } from '../auth/tokens';
import { RiskPointRepository } from '../db/risk-point-repository';
import type { RiskPoint } from '../domain/risk-point';
import { schoolPathOf } from './org-lookup';
import type { RiskPointBody, RiskPointListQuery } from './risk-point.schemas';

const NOT_FOUND = 'risk point not found';

/** 风险分级管控: the risk register, seeded from the sites file's `risk:` grades at start. */
@Injectable()
export class RiskPointService implements OnApplicationBootstrap {
  constructor(
    @Inject(RiskPointRepository) private readonly points: RiskPointRepository,
    @Inject(ScopePolicyService) private readonly scope: ScopePolicyService,
    @Inject(SITES) private readonly sites: Sites,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const added = await this.points.seedFromDevices(this.sites.devices);
    if (added > 0) this.logger.info({ added }, 'risk points seeded from the sites file');
  }

  /** The user's org, or one school (or other unit) within it (404 outside). */
  async list(user: AuthUser, query: RiskPointListQuery): Promise<RiskPoint[]> {
    const scope = this.scope.scopeOf(user);
    if (scope === null) return [];
    if (query.school !== undefined) this.scope.assertUnitVisible(user, query.school, 'school not found');
    return this.points.list({
      orgUnit: query.school ?? scope.unit,
      ...(query.grade === undefined ? {} : { grade: query.grade }),
    });
  }

  /** Creates or replaces the point `id`; 404 for a point or school outside the user's org. */
  async put(user: AuthUser, id: string, body: RiskPointBody): Promise<RiskPoint> {
    const { org, device: kept } = await this.placeOf(user, id, body);
    const device = body.device === undefined ? kept : body.device;
    if (device !== null) {
      const known = this.sites.deviceById.get(device);
      if (known === undefined || known.org.school !== org.school)
        throw new BadRequestException(`device ${device} is not a device of school ${org.school}`);
    }
    return this.points.upsert({
      id,
      org,
      device,
      name: body.name,
      grade: body.grade,
      lecL: body.lecL ?? null,
      lecE: body.lecE ?? null,
      lecC: body.lecC ?? null,
      measures: body.measures ?? null,
      owner: body.owner ?? null,
      updatedBy: user.username,
    });
  }

  /** Where the point is (an existing one stays at its school and, unless told, its device). */
  private async placeOf(
    user: AuthUser,
    id: string,
    body: RiskPointBody,
  ): Promise<{ org: OrgPath; device: string | null }> {
    const existing = await this.points.get(id);
    if (existing !== undefined) {
      this.scope.assertVisible(user, existing.org, NOT_FOUND);
      if (body.school !== undefined && body.school !== existing.org.school)
        throw new BadRequestException('a risk point cannot move to another school');
      return { org: existing.org, device: existing.device };
    }
    if (body.school === undefined) throw new BadRequestException('a new risk point needs its school');
    const org = schoolPathOf(this.sites, body.school);
    this.scope.assertVisible(user, org, 'school not found');
    return { org, device: null };
  }
}
