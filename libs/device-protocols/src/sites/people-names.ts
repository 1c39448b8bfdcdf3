import type { City, County, Province, Sites } from './sites-model';

/**
 * The education bureau of a county, city or province as documents name it: the sites file's
 * `bureau`, else "<unit>教育局" ("<province>教育厅" for a province, as provinces name theirs).
 * A school, or a code the file does not hold, is named as it is.
 */
export function bureauName(sites: Pick<Sites, 'province' | 'cities' | 'counties'>, code: string): string {
  const unit: Province | City | County | undefined =
    sites.province.code === code
      ? sites.province
      : (sites.counties.find((c) => c.code === code) ?? sites.cities.find((c) => c.code === code));
  if (!unit) return code;
  if (unit.bureau) return unit.bureau;
  return `${unit.name}${unit === sites.province ? '教育厅' : '教育局'}`;
}

/** A user's name for screens and documents: the sites file's `name`, else the login. */
export function personName(sites: Pick<Sites, 'users'>, username: string): string {
  return sites.users.find((u) => u.username === username)?.name ?? username;
}
