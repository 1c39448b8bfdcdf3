import type { OrgLevel } from '../model/org';
import type { SitesLocator, SitesPath } from './locator';
import { resolveSchoolHours } from './school-hours';
import type { City, County, Province, School } from './sites-model';
import type { RawSchool, RawSitesFile } from './sites-schema';
import { DEFAULT_TIME_ZONE, canonicalTimeZone } from './time-zone';
import { FirstSeen } from './first-seen';

/** A school as declared, with where it is in the file (its devices are checked later). */
export interface DeclaredSchool {
  school: School;
  raw: RawSchool;
  path: SitesPath;
}

export interface Orgs {
  province: Province;
  cities: City[];
  counties: County[];
  schools: DeclaredSchool[];
  /** Every org code in the file and its level. */
  levelOf: ReadonlyMap<string, OrgLevel>;
}

/**
 * Checks the org tree: codes unique across all levels, a city's code starting with its province's
 * first 2 digits and a county's with its city's first 4 (GB/T 2260 nesting), the time zone, and
 * each school's hours.
 */
export function checkOrgs(raw: RawSitesFile, locator: SitesLocator): Orgs {
  const codes = new FirstSeen(locator);
  const levelOf = new Map<string, OrgLevel>();
  const claim = (code: string, level: OrgLevel, path: SitesPath) => {
    codes.claim(code, [...path, 'code'], `duplicate org code "${code}"`);
    levelOf.set(code, level);
  };

  const p = raw.province;
  const province: Province = {
    code: p.code,
    name: p.name,
    timezone: canonicalTimeZone(p.timezone ?? DEFAULT_TIME_ZONE) ?? DEFAULT_TIME_ZONE,
    ...(p.bureau ? { bureau: p.bureau } : {}),
  };
  claim(p.code, 'province', ['province']);

  const cities: City[] = [];
  const counties: County[] = [];
  const schools: DeclaredSchool[] = [];
  raw.cities.forEach((c, ci) => {
    const cityPath = ['cities', ci];
    if (!c.code.startsWith(p.code.slice(0, 2))) {
      locator.fail(
        [...cityPath, 'code'],
        `city code "${c.code}" does not start with its province's first 2 digits "${p.code.slice(0, 2)}" (GB/T 2260)`,
      );
    }
    claim(c.code, 'city', cityPath);
    cities.push({ code: c.code, name: c.name, province: p.code, ...(c.bureau ? { bureau: c.bureau } : {}) });

    c.counties.forEach((k, ki) => {
      const countyPath = [...cityPath, 'counties', ki];
      if (!k.code.startsWith(c.code.slice(0, 4))) {
        locator.fail(
          [...countyPath, 'code'],
          `county code "${k.code}" does not start with its city's first 4 digits "${c.code.slice(0, 4)}" (GB/T 2260)`,
        );
      }
      claim(k.code, 'county', countyPath);
      counties.push({ code: k.code, name: k.name, city: c.code, ...(k.bureau ? { bureau: k.bureau } : {}) });

      k.schools.forEach((s, si) => {
        const path = [...countyPath, 'schools', si];
        claim(s.code, 'school', path);
        const hours = resolveSchoolHours(s.hours, [...path, 'hours'], locator);
        const school: School = {
          code: s.code,
          name: s.name,
          county: k.code,
          city: c.code,
          province: p.code,
          hours,
          ...(s.location ? { location: { lat: s.location.lat, lng: s.location.lng } } : {}),
        };
        schools.push({ school, raw: s, path });
      });
    });
  });
  return { province, cities, counties, schools, levelOf };
}
