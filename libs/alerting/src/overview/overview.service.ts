import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { perSnapshot, type Sites } from '@campus/device-protocols';
import type { Overview } from '@campus/api-contract';
import type { AuthUser } from '../auth/auth-user';
import type { OrgTree } from '../auth/org-tree';
import { ScopePolicyService } from '../auth/scope-policy.service';
import { ORG_TREE } from '../auth/tokens';
import { SITES } from '../di/tokens';
import { OverviewRepository, type OverviewQuery } from '../db/overview-repository';
import { ReportRepository } from '../db/report-repository';
import { localDate } from '../rules/local-calendar';
import {
  alarmTrend,
  assembleSchools,
  inspectionCoverage,
  todayCounts,
  type OverviewSchoolRef,
} from './overview-assembly';
import type { OverviewQueryParams } from './overview.schemas';

/**
 * The officials' overview (态势): every school of an org unit with its live figures, the unit's
 * totals and the alarms escalated to the caller's level. The figures are aggregated in the
 * database (OverviewRepository, and ReportRepository's device counts with their bridge rule);
 * names, places and device totals come from the sites file. 404 for an org outside the scope.
 */
@Injectable()
export class OverviewService {
  /** Names by org code and the schools' references, rebuilt once per registry snapshot. */
  private readonly indexOf = perSnapshot((sites) => {
    const names = new Map<string, string>();
    names.set(sites.province.code, sites.province.name);
    for (const u of [...sites.cities, ...sites.counties, ...sites.schools]) names.set(u.code, u.name);
    const declared = new Map<string, number>();
    for (const d of sites.devices) declared.set(d.org.school, (declared.get(d.org.school) ?? 0) + 1);
    const refs: OverviewSchoolRef[] = sites.schools.map((s) => ({
      code: s.code,
      name: s.name,
      county: s.county,
      countyName: names.get(s.county) ?? s.county,
      city: s.city,
      cityName: names.get(s.city) ?? s.city,
      location: s.location ?? null,
      devices: declared.get(s.code) ?? 0,
    }));
    return { names, refs };
  });

  constructor(
    @Inject(OverviewRepository) private readonly queries: OverviewRepository,
    @Inject(ReportRepository) private readonly reports: ReportRepository,
    @Inject(ScopePolicyService) private readonly scope: ScopePolicyService,
    @Inject(ORG_TREE) private readonly tree: OrgTree,
    @Inject(SITES) private readonly sites: Sites,
  ) {}

  private get names(): ReadonlyMap<string, string> {
    return this.indexOf(this.sites).names;
  }

  private get refs(): OverviewSchoolRef[] {
    return this.indexOf(this.sites).refs;
  }

  async overview(user: AuthUser, params: OverviewQueryParams, now: number = Date.now()): Promise<Overview> {
    const code = params.org ?? user.org;
    this.scope.assertUnitVisible(user, code, 'org not found');
    const unit = this.tree.unit(code);
    const mine = this.tree.unit(user.org);
    if (unit === undefined || mine === undefined) throw new NotFoundException('org not found');
    const timeZone = this.sites.province.timezone;
    const q: OverviewQuery = { orgUnit: code, now, timeZone };
    const inScope = (s: { code: string; county: string; city: string }) =>
      code === this.sites.province.code || [s.code, s.county, s.city].includes(code);
    const schools = this.refs.filter(inScope);
    const bridged = this.sites.devices.flatMap((d) =>
      d.via && inScope({ code: d.org.school, county: d.org.county, city: d.org.city })
        ? [{ device: d.id, bridge: d.via.bridge }]
        : [],
    );
    const [alarms, days, hazards, risk, inspections, devices, escalated] = await Promise.all([
      this.queries.schoolAlarms(q),
      this.queries.alarmDays(q),
      this.queries.schoolHazards(q),
      this.queries.schoolRisk(q),
      this.queries.schoolInspections(q),
      this.reports.deviceCounts({ orgUnit: code, childLevel: 'school', from: now, to: now, now }, bridged),
      this.queries.escalatedTo(q, mine.level),
    ]);
    const offline = new Map<string, number>();
    for (const row of devices) if (row.org !== null) offline.set(row.org, Number(row.offline));
    const rows = assembleSchools(schools, { alarms, offline, hazards, risk, inspections });
    const today = localDate(now, timeZone);
    return {
      org: { code, name: this.names.get(code) ?? code, level: unit.level },
      generatedAt: new Date(now).toISOString(),
      today: todayCounts(today, days),
      trend: alarmTrend(today, days),
      inspectionCoverage: inspectionCoverage(today.slice(0, 7), rows),
      schools: rows,
      escalatedToMe: {
        level: mine.level,
        total: escalated[0]?.total ?? 0,
        items: escalated.map(({ total: _total, ...a }) => ({
          ...a,
          schoolName: this.names.get(a.school) ?? a.school,
        })),
      },
    };
  }
}
