import type { OrgPath, Sites } from '@campus/device-protocols';

/** The org path of a school of the sites file, or undefined. */
export function schoolPathOf(sites: Pick<Sites, 'schoolByCode'>, code: string): OrgPath | undefined {
  const s = sites.schoolByCode.get(code);
  return s === undefined
    ? undefined
    : { province: s.province, city: s.city, county: s.county, school: s.code };
}
