import {
  BadRequestException,
  Inject,
  Injectable,
  NotFoundException,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { RiskPointEdit } from '@campus/api-contract';
import { sourceOf, type OrgPath, type Sites } from '@campus/device-protocols';
import type { Logger } from 'pino';
import { AuditLog } from '../audit/audit-log';
import { AUDIT_SINK, type AuditSink } from '../audit/audit-sink';
import type { AuthUser } from '../auth/auth-user';
import { ScopePolicyService } from '../auth/scope-policy.service';
import { LOGGER, SITES } from '../di/tokens';
import { RiskPointRepository } from '../db/risk-point-repository';
import type { RiskPoint } from '../domain/risk-point';
import { schoolPathOf } from '../orgs/org-lookup';
import type { RiskPointBody, RiskPointListQuery } from './risk-point.schemas';

const NOT_FOUND = 'risk point not found';

/** One edit of a risk point (its history, from the audit log): the wire type of libs/api-contract. */
export type { RiskPointEdit } from '@campus/api-contract';

/**
 * 风险分级管控: the risk register, seeded from the registry's `risk:` grades at start and with each
 * registry version (a device added with a grade gets its risk point; existing points are kept).
 */
@Injectable()
export class RiskPointService implements OnApplicationBootstrap, OnApplicationShutdown {
  private unfollow: (() => void) | undefined;

  constructor(
    @Inject(RiskPointRepository) private readonly points: RiskPointRepository,
    @Inject(ScopePolicyService) private readonly scope: ScopePolicyService,
    @Inject(SITES) private readonly sites: Sites,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
    @Inject(AuditLog) private readonly auditLog: AuditLog,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.seed();
    this.unfollow = sourceOf(this.sites).onChange(() => {
      this.seed().catch((err: unknown) =>
        this.logger.error({ err }, 'risk points of the new registry version not seeded'),
      );
    });
  }

  onApplicationShutdown(): void {
    this.unfollow?.();
  }

  private async seed(): Promise<void> {
    const added = await this.points.seedFromDevices(this.sites.devices);
    if (added > 0) this.logger.info({ added }, 'risk points seeded from the registry');
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

  /**
   * Creates or replaces the point `id`; 404 for a point or school outside the user's org. The
   * point keeps only its last editor (`updatedBy`); every edit is in the audit log
   * (`risk_point.create` / `risk_point.update` with the fields it changed), which is its history.
   */
  async put(user: AuthUser, id: string, body: RiskPointBody, ip: string | null = null): Promise<RiskPoint> {
    const { org, device: kept, existing } = await this.placeOf(user, id, body);
    const device = body.device === undefined ? kept : body.device;
    if (device !== null) {
      const known = this.sites.deviceById.get(device);
      if (known === undefined || known.org.school !== org.school)
        throw new BadRequestException(`device ${device} is not a device of school ${org.school}`);
    }
    const saved = await this.points.upsert({
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
    await this.audit.record({
      action: existing === undefined ? 'risk_point.create' : 'risk_point.update',
      actor: user.username,
      target: `risk_point:${id}`,
      ip,
      org: org.school,
      detail: { changes: riskPointChanges(existing, saved) },
    });
    return saved;
  }

  /**
   * Who edited the point and what they changed, newest first (from the audit log; at most 200).
   * 404 for a point unknown or outside the user's org.
   */
  async history(user: AuthUser, id: string): Promise<RiskPointEdit[]> {
    const point = await this.points.get(id);
    if (point === undefined) throw new NotFoundException(NOT_FOUND);
    this.scope.assertVisible(user, point.org, NOT_FOUND);
    const entries = await this.auditLog.query({
      target: `risk_point:${id}`,
      actions: ['risk_point.create', 'risk_point.update'],
      limit: 200,
    });
    return entries.map((e) => ({
      at: e.at,
      by: e.actor,
      action: e.action === 'risk_point.create' ? 'create' : 'update',
      changes: (e.detail['changes'] ?? {}) as RiskPointEdit['changes'],
    }));
  }

  /** Where the point is (an existing one stays at its school and, unless told, its device). */
  private async placeOf(
    user: AuthUser,
    id: string,
    body: RiskPointBody,
  ): Promise<{ org: OrgPath; device: string | null; existing: RiskPoint | undefined }> {
    const existing = await this.points.get(id);
    if (existing !== undefined) {
      this.scope.assertVisible(user, existing.org, NOT_FOUND);
      if (body.school !== undefined && body.school !== existing.org.school)
        throw new BadRequestException('a risk point cannot move to another school');
      return { org: existing.org, device: existing.device, existing };
    }
    if (body.school === undefined) throw new BadRequestException('a new risk point needs its school');
    const org = schoolPathOf(this.sites, body.school);
    this.scope.assertVisible(user, org, 'school not found');
    return { org, device: null, existing: undefined };
  }
}

/** The audited fields of a risk point. */
const AUDITED_FIELDS = ['name', 'grade', 'device', 'lecL', 'lecE', 'lecC', 'measures', 'owner'] as const;
const TEXT_KEPT = 200;

const audited = (v: string | number | null): string | number | null =>
  typeof v === 'string' && v.length > TEXT_KEPT ? `${v.slice(0, TEXT_KEPT - 1)}…` : v;

/**
 * What an edit changed, `{field: [before, after]}` (texts cut to 200 characters); for a new point
 * every field set, with `before` null.
 */
export function riskPointChanges(
  before: RiskPoint | undefined,
  after: RiskPoint,
): Record<string, [string | number | null, string | number | null]> {
  const changes: Record<string, [string | number | null, string | number | null]> = {};
  for (const field of AUDITED_FIELDS) {
    const was = before === undefined ? null : before[field];
    const now = after[field];
    if (was !== now && !(before === undefined && now === null)) changes[field] = [audited(was), audited(now)];
  }
  return changes;
}
