import { perSnapshot, type OrgLevel, type OrgPath, type Sites } from '@campus/device-protocols';

/** One org unit and the codes of its ancestors (and itself) by level. */
export interface OrgUnit {
  code: string;
  level: OrgLevel;
  /** Filled from the province down to `level`; the levels below are absent. */
  path: Partial<OrgPath>;
}

/** The org tree of a sites file (province → cities → counties → schools), looked up by code. */
export class OrgTree {
  private constructor(private readonly unitsNow: () => ReadonlyMap<string, OrgUnit>) {}

  /** The tree of one snapshot. */
  static fromSites(sites: Pick<Sites, 'province' | 'cities' | 'counties' | 'schools'>): OrgTree {
    const units = unitsOf(sites);
    return new OrgTree(() => units);
  }

  /** The tree of the registry's current sites (a live view), rebuilt once per snapshot. */
  static following(sites: Sites): OrgTree {
    return new OrgTree(() => unitsPerSnapshot(sites));
  }

  /** The unit with this code, or undefined when the sites declare none. */
  unit(code: string): OrgUnit | undefined {
    return this.unitsNow().get(code);
  }
}

const unitsPerSnapshot = perSnapshot(unitsOf);

function unitsOf(sites: Pick<Sites, 'province' | 'cities' | 'counties' | 'schools'>): Map<string, OrgUnit> {
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
  return units;
}
