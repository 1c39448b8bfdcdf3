import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { type OrgLevel, perSnapshot, type Sites } from '@campus/device-protocols';
import type { AuthUser } from '../auth/auth-user';
import type { OrgTree } from '../auth/org-tree';
import { ScopePolicyService } from '../auth/scope-policy.service';
import { ORG_TREE } from '../auth/tokens';
import { SITES } from '../di/tokens';
import { localDate } from '../rules/local-calendar';
import type { Report } from '../domain/report';
import { assembleReport, hazardReportMonths, type OrgRef } from './report-assembly';
import { reportFileName } from './report-csv';
import { ReportRepository, type ChildLevel, type ReportQuery } from '../db/report-repository';
import { SupervisionRepository } from '../db/supervision-repository';
import { DEFAULT_PERIOD_MS, MAX_PERIOD_MS, type ReportQueryParams } from './report.schemas';

const CHILD_LEVEL: Readonly<Record<OrgLevel, ChildLevel | null>> = {
  province: 'city',
  city: 'county',
  county: 'school',
  school: null,
};

/**
 * Reports per org unit and its children over a period: the numbers are aggregated in the
 * database (ReportRepository), put together by `assembleReport`. 404 for an org outside the scope.
 */
@Injectable()
export class ReportService {
  /** Names, children and declared devices per org unit, rebuilt once per registry snapshot. */
  private readonly indexOf = perSnapshot((sites) => {
    const names = new Map<string, string>();
    const children = new Map<string, OrgRef[]>();
    const declared = new Map<string, number>();
    const { province } = sites;
    names.set(province.code, province.name);
    const add = (parent: string, ref: OrgRef) => {
      names.set(ref.code, ref.name);
      children.set(parent, [...(children.get(parent) ?? []), ref]);
    };
    for (const c of sites.cities) add(c.province, { code: c.code, name: c.name, level: 'city' });
    for (const c of sites.counties) add(c.city, { code: c.code, name: c.name, level: 'county' });
    for (const s of sites.schools) add(s.county, { code: s.code, name: s.name, level: 'school' });
    // Every device counts for its school and each unit above it.
    for (const d of sites.devices) {
      for (const code of [d.org.province, d.org.city, d.org.county, d.org.school]) {
        declared.set(code, (declared.get(code) ?? 0) + 1);
      }
    }
    return { names, children, declared };
  });

  constructor(
    @Inject(ReportRepository) private readonly queries: ReportRepository,
    @Inject(ScopePolicyService) private readonly scope: ScopePolicyService,
    @Inject(ORG_TREE) private readonly tree: OrgTree,
    @Inject(SITES) private readonly sites: Sites,
    @Inject(SupervisionRepository) private readonly supervision: SupervisionRepository,
  ) {}

  private get names(): ReadonlyMap<string, string> {
    return this.indexOf(this.sites).names;
  }

  private get children(): ReadonlyMap<string, OrgRef[]> {
    return this.indexOf(this.sites).children;
  }

  private get declared(): ReadonlyMap<string, number> {
    return this.indexOf(this.sites).declared;
  }

  /** The devices behind a bridge under `code`, for the bridge rule of the device counts. */
  private bridgedUnder(code: string): { device: string; bridge: string }[] {
    return this.sites.devices.flatMap((d) =>
      d.via && [d.org.province, d.org.city, d.org.county, d.org.school].includes(code)
        ? [{ device: d.id, bridge: d.via.bridge }]
        : [],
    );
  }

  async report(user: AuthUser, params: ReportQueryParams, now: number = Date.now()): Promise<Report> {
    const code = params.org ?? user.org;
    this.scope.assertUnitVisible(user, code, 'org not found');
    const unit = this.tree.unit(code);
    if (unit === undefined) throw new NotFoundException('org not found');
    const { from, to } = period(params, now);
    const query: ReportQuery = { orgUnit: code, childLevel: CHILD_LEVEL[unit.level], from, to, now };
    const [alerts, ack, arrive, handle, devices, hazards, months, supervision] = await Promise.all([
      this.queries.alertCounts(query),
      this.queries.ackStats(query),
      this.queries.arriveStats(query),
      this.queries.handleStats(query),
      this.queries.deviceCounts(query, this.bridgedUnder(code)),
      this.queries.hazardCounts(query),
      this.queries.hazardReportMonths(query, this.sites.province.timezone),
      this.supervision.reportCounts(query),
    ]);
    const report = assembleReport({
      org: { code, name: this.names.get(code) ?? code, level: unit.level },
      children: this.children.get(code) ?? [],
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      declaredDevices: (c) => this.declared.get(c) ?? 0,
      alerts,
      ack,
      arrive,
      handle,
      devices,
      hazards,
      supervision,
    });
    return { ...report, hazardReports: hazardReportMonths(months, (c) => this.names.get(c) ?? c) };
  }

  /** The CSV's file name: the period as local dates of the province (`to` is exclusive). */
  fileName(report: Report): string {
    const tz = this.sites.province.timezone;
    return reportFileName(
      report.org.code,
      localDate(Date.parse(report.from), tz),
      localDate(Date.parse(report.to) - 1, tz),
    );
  }
}

/** [from, to): by default the 30 days up to now; at most 366 days. */
function period(params: ReportQueryParams, now: number): { from: number; to: number } {
  const to = params.to ?? (params.from === undefined ? now : Math.min(params.from + DEFAULT_PERIOD_MS, now));
  const from = params.from ?? to - DEFAULT_PERIOD_MS;
  if (from >= to) throw new BadRequestException('from must be before to');
  if (to - from > MAX_PERIOD_MS)
    throw new BadRequestException('a report covers at most 366 days: narrow from/to');
  return { from, to };
}
