import type { OrgLevel, OrgPath, Sites } from '@campus/device-protocols';

/** One org unit and the codes of its ancestors (and itself) by level. */
export interface OrgUnit {
  code: string;
  level: OrgLevel;
  /** Filled from the province down to `level`; the levels below are absent. */
  path: Partial<OrgPath>;
}

/** The org tree of a sites file (province → cities → counties → schools), looked up by code. */
export class OrgTree {
  private constructor(private readonly units: ReadonlyMap<string, OrgUnit>) {}

  static fromSites(sites: Pick<Sites, 'province' | 'cities' | 'counties' | 'schools'>): OrgTree {
    const units = new Map<string, OrgUnit>();
    const province = sites.province.code;
    units.set(province, { code: province, level: 'province', path: { province } });
    for (const c of sites.cities) {
      units.set(c.code, { code: c.code, level: 'city', path: { province, city: c.code } });
    }
    for (const c of sites.counties) {
      units.set(c.code, { code: c.code, level: 'county', path: { province, city: c.city, county: c.code } });
    }
    for (const s of sites.schools) {
      units.set(s.code, {
        code: s.code,
        level: 'school',
        path: { province: s.province, city: s.city, county: s.county, school: s.code },
      });
    }
    return new OrgTree(units);
  }

  /** The unit with this code, or undefined when the sites file declares none. */
  unit(code: string): OrgUnit | undefined {
    return this.units.get(code);
  }
}
