import { makeAlert } from './alert-builder';
import { parseSites, type OrgPath, type Sites } from '@campus/device-protocols';
import { sitesYaml, WEIBIN, WEIYANG, type SitesSpec } from '@campus/test-kit';
import type { Alert } from '../domain/alert';

/**
 * Test-only sites file: one province, two cities, three counties, one school each, and a user of
 * every role (all passwords plain). Not exported from the package.
 */
export const TEST_SITES_SPEC = {
  schools: [
    { code: '2161010001', name: '雁塔区第一小学' },
    { code: '2161010002', name: '未央区第一小学', county: WEIYANG },
    { code: '2161030001', name: '渭滨区第一小学', county: WEIBIN },
  ],
  users: [
    { username: 'guard1', password: 'guard-pass', role: 'school_security', org: '2161010001' },
    { username: 'head1', password: 'head-pass', role: 'school_admin', org: '2161010001' },
    { username: 'yanta', password: 'yanta-pass', role: 'county_officer', org: '610113' },
    { username: 'weiyang', password: 'weiyang-pass', role: 'county_officer', org: '610112' },
    { username: 'xian', password: 'xian-pass', role: 'city_officer', org: '610100' },
    { username: 'shaanxi', password: 'shaanxi-pass', role: 'province_officer', org: '610000' },
    { username: 'root', password: 'root-pass', role: 'admin', org: '610000' },
  ],
} satisfies SitesSpec;

export const TEST_SITES_YAML = sitesYaml(TEST_SITES_SPEC);

export const testSites = (): Sites => parseSites(TEST_SITES_YAML, 'test sites');

/** The password of each test user. */
export const passwordOf = (username: string): string => `${username.replace(/\d+$/, '')}-pass`;

export const JWT_TEST_SECRET = 'test-only-jwt-secret-0123456789abcdef';

/** The org path of a school of the test file (throws for an unknown code). */
export function schoolPath(sites: Sites, code: string): OrgPath {
  const s = sites.schoolByCode.get(code);
  if (s === undefined) throw new Error(`no school ${code}`);
  return { province: s.province, city: s.city, county: s.county, school: s.code };
}

/** A complete Alert of a school of the test file. */
export function testAlert(sites: Sites, school: string, id = 'alert-1'): Alert {
  return makeAlert({ id, openedAt: '2026-11-28T10:00:00.000Z', ...schoolPath(sites, school) });
}
