import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { bureauName, perSnapshot, personName, type Sites } from '@campus/device-protocols';
import type { Logger } from 'pino';
import type { AuditAction } from '../domain/audit';
import { AUDIT_SINK, type AuditSink } from '../audit/audit-sink';
import type { AuthUser } from '../auth/auth-user';
import { ScopePolicyService } from '../auth/scope-policy.service';
import { LOGGER, SITES } from '../di/tokens';
import { HazardRepository } from '../db/hazard-repository';
import { InspectionRepository, type InspectionChange } from '../db/inspection-repository';
import { schoolPathOf } from '../orgs/org-lookup';
import { buildChecklist } from './checklist';
import type { Finding, Inspection, StoredInspection } from '../domain/inspection';
import type {
  CompleteBody,
  FindingBody,
  InspectionListParams,
  ItemResultBody,
  StartInspectionBody,
} from './inspection.schemas';
import { SchoolFactsGatherer } from './school-facts-gatherer';

const NOT_FOUND = 'inspection not found';
const LIST_LIMIT = 200;

/**
 * 线上督查: an officer inspects a school of their org remotely. The checklist's automatic items are
 * measured from live data at the start; the inspector ticks the rest, records findings (each one
 * a hazard at the school, in the normal hazard workflow) and completes it, after which it is a
 * read-only record. Everything goes through the scope: a school outside the user's org is 404.
 */
@Injectable()
export class InspectionService {
  private readonly logger: Logger;
  private readonly countyNamesOf = perSnapshot(
    (sites) => new Map(sites.counties.map((c) => [c.code, c.name])),
  );

  constructor(
    @Inject(InspectionRepository) private readonly inspections: InspectionRepository,
    @Inject(HazardRepository) private readonly hazards: HazardRepository,
    @Inject(SchoolFactsGatherer) private readonly facts: SchoolFactsGatherer,
    @Inject(ScopePolicyService) private readonly scope: ScopePolicyService,
    @Inject(SITES) private readonly sites: Sites,
    @Inject(LOGGER) logger: Logger,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
  ) {
    this.logger = logger.child({ part: 'inspections' });
  }

  private get countyNames(): ReadonlyMap<string, string> {
    return this.countyNamesOf(this.sites);
  }

  /** Starts an inspection of a school in the inspector's org, its checklist measured now. */
  async start(user: AuthUser, body: StartInspectionBody, ip: string | null = null): Promise<Inspection> {
    const org = schoolPathOf(this.sites, body.school);
    this.scope.assertVisible(user, org, 'school not found');
    const school = this.sites.schoolByCode.get(org.school);
    if (school === undefined) throw new NotFoundException('school not found');
    const facts = await this.facts.gather(school);
    const stored = await this.inspections.create({
      org,
      inspector: user.username,
      inspectorOrg: user.org,
      items: buildChecklist(facts),
      at: facts.now,
      year: localYear(facts.now, this.sites.province.timezone),
    });
    this.logger.info(
      { inspectionId: stored.id, school: org.school, inspector: user.username },
      'inspection started',
    );
    await this.audited('inspection.create', user, stored, ip, {});
    return this.view(stored);
  }

  /** Newest first, within the user's org (or the org/school asked for, 404 outside it). */
  async list(user: AuthUser, query: InspectionListParams): Promise<Inspection[]> {
    const scope = this.scope.scopeOf(user);
    if (scope === null) return [];
    if (query.org !== undefined) this.scope.assertUnitVisible(user, query.org, 'org not found');
    if (query.school !== undefined) this.scope.assertUnitVisible(user, query.school, 'school not found');
    const stored = await this.inspections.list({
      orgUnit: query.org ?? scope.unit,
      limit: LIST_LIMIT,
      ...(query.school === undefined ? {} : { school: query.school }),
      ...(query.status === undefined ? {} : { status: query.status }),
    });
    return stored.map((s) => this.view(s));
  }

  async get(user: AuthUser, id: string): Promise<Inspection> {
    return this.view(await this.visible(user, id));
  }

  /**
   * The inspector's verdict on one item: 403 for anyone but the inspector or an admin, 404 for an
   * unknown key, 409 once completed.
   */
  async setItem(
    user: AuthUser,
    id: string,
    key: string,
    body: ItemResultBody,
    ip: string | null = null,
  ): Promise<Inspection> {
    const inspection = await this.editable(user, id);
    assertInProgress(inspection);
    const change = await this.inspections.setItemResult(id, key, {
      result: body.result,
      ...(body.note === undefined ? {} : { note: body.note }),
    });
    const updated = this.settle(change, key);
    const before = inspection.items.find((i) => i.key === key)?.result ?? null;
    await this.audited('inspection.update', user, updated, ip, { item: key, result: [before, body.result] });
    return this.view(updated);
  }

  /** Records a finding and registers its hazard at the school, by the inspector (or an admin). */
  async addFinding(
    user: AuthUser,
    id: string,
    body: FindingBody,
    ip: string | null = null,
  ): Promise<Finding> {
    const inspection = await this.editable(user, id);
    assertInProgress(inspection);
    const item = body.item ?? null;
    if (item !== null && !inspection.items.some((i) => i.key === item)) {
      throw new BadRequestException(
        `item "${item}" is not on this checklist: use one of ${inspection.items.map((i) => i.key).join(', ')}`,
      );
    }
    const now = Date.now();
    if (Date.parse(body.deadline) <= now) {
      throw new BadRequestException(
        'deadline must be in the future: give the date the school must fix it by',
      );
    }
    const findingId = randomUUID();
    const { hazard } = await this.hazards.registerOrTouch(
      {
        kind: 'hazard',
        key: `inspection:${id}:${findingId}`,
        source: 'inspection',
        title: body.title,
        grade: body.grade,
        org: {
          province: inspection.province,
          city: inspection.city,
          county: inspection.county,
          school: inspection.school,
        },
        device: null,
        at: now,
        detail: { inspectionId: id, findingId, item },
      },
      body.deadline,
      user.username,
    );
    const finding = await this.inspections.addFinding(id, {
      id: findingId,
      item,
      title: body.title,
      grade: body.grade,
      deadline: body.deadline,
      hazardId: hazard.id,
      createdBy: user.username,
      at: now,
      ...(body.note === undefined ? {} : { note: body.note }),
    });
    if (finding === undefined) throw new NotFoundException(NOT_FOUND);
    this.logger.info({ inspectionId: id, findingId, hazardId: hazard.id }, 'inspection finding registered');
    await this.audited('inspection.update', user, inspection, ip, {
      finding: findingId,
      hazard: hazard.id,
      grade: body.grade,
      ...(item === null ? {} : { item }),
    });
    return finding;
  }

  /** in_progress → completed, by the inspector (or an admin); 409 when it is completed already. */
  async complete(
    user: AuthUser,
    id: string,
    body: CompleteBody,
    ip: string | null = null,
  ): Promise<Inspection> {
    assertInProgress(await this.editable(user, id));
    const change = await this.inspections.complete(id, {
      ...(body.conclusion === undefined ? {} : { conclusion: body.conclusion }),
    });
    const done = this.settle(change);
    this.logger.info({ inspectionId: id, by: user.username }, 'inspection completed');
    await this.audited('inspection.complete', user, done, ip, {});
    return this.view(done);
  }

  private async visible(user: AuthUser, id: string): Promise<StoredInspection> {
    const stored = await this.inspections.get(id);
    this.scope.assertVisible(user, stored, NOT_FOUND);
    return stored;
  }

  /**
   * An inspection the user may change: visible to them (else 404), and theirs — only its inspector
   * and admins edit an inspection; another officer in scope gets 403 naming who may.
   */
  private async editable(user: AuthUser, id: string): Promise<StoredInspection> {
    const inspection = await this.visible(user, id);
    if (!mayEditInspection(user, inspection)) {
      throw new ForbiddenException(
        `only the inspector ${inspection.inspector} or an admin may change this inspection`,
      );
    }
    return inspection;
  }

  private audited(
    action: AuditAction,
    user: AuthUser,
    inspection: StoredInspection,
    ip: string | null,
    detail: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record({
      action,
      actor: user.username,
      target: `inspection:${inspection.id}`,
      ip,
      org: inspection.school,
      detail: {
        ...detail,
        ...(user.username === inspection.inspector ? {} : { inspector: inspection.inspector }),
      },
    });
  }

  private settle(change: InspectionChange, key?: string): StoredInspection {
    if (change.ok) return change.inspection;
    if (change.reason === 'completed') throw new ConflictException(COMPLETED);
    if (change.reason === 'unknown_item') throw new NotFoundException(`no checklist item "${key ?? ''}"`);
    throw new NotFoundException(NOT_FOUND);
  }

  private view(s: StoredInspection): Inspection {
    return {
      ...s,
      schoolName: this.sites.schoolByCode.get(s.school)?.name ?? s.school,
      countyName: this.countyNames.get(s.county) ?? s.county,
      inspectorName: personName(this.sites, s.inspector),
      inspectorUnitName: bureauName(this.sites, s.inspectorOrg),
    };
  }
}

/** The calendar year of `at` in the province's time zone (inspection numbers count per local year). */
export function localYear(at: number | string | Date, timeZone: string): number {
  const year = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' }).format(new Date(at));
  return Number(year);
}

const COMPLETED = 'the inspection is completed: its checklist and findings can no longer change';

/** Whether `user` may change `inspection`: its inspector, or an admin. */
export function mayEditInspection(
  user: Pick<AuthUser, 'username' | 'role'>,
  inspection: Pick<StoredInspection, 'inspector'>,
): boolean {
  return user.role === 'admin' || user.username === inspection.inspector;
}

function assertInProgress(inspection: StoredInspection): void {
  if (inspection.status !== 'in_progress') throw new ConflictException(COMPLETED);
}
