import type { OrgPath } from '@campus/device-protocols';
import { describe, expect, it } from 'vitest';
import { OrgScope } from './org-scope';
import { OrgTree } from './org-tree';

const tree = OrgTree.fromSites({
  province: { code: '610000', name: 'P', timezone: 'Asia/Shanghai' },
  cities: [
    { code: '610100', name: 'C1', province: '610000' },
    { code: '610300', name: 'C2', province: '610000' },
  ],
  counties: [
    { code: '610113', name: 'K1', city: '610100' },
    { code: '610112', name: 'K2', city: '610100' },
    { code: '610302', name: 'K3', city: '610300' },
  ],
  schools: [
    {
      code: '2161010001',
      county: '610113',
      city: '610100',
      province: '610000',
      name: 'S1',
      hours: { open: '07:00', close: '18:00', days: [1] },
    },
    {
      code: '2161010002',
      county: '610112',
      city: '610100',
      province: '610000',
      name: 'S2',
      hours: { open: '07:00', close: '18:00', days: [1] },
    },
    {
      code: '2161030001',
      county: '610302',
      city: '610300',
      province: '610000',
      name: 'S3',
      hours: { open: '07:00', close: '18:00', days: [1] },
    },
  ],
});

const pathOf = (school: string): OrgPath => {
  const p = tree.unit(school)?.path;
  if (p?.school === undefined || p.county === undefined || p.city === undefined || p.province === undefined) {
    throw new Error(`no school ${school}`);
  }
  return { province: p.province, city: p.city, county: p.county, school: p.school };
};

const scope = (org: string): OrgScope => {
  const s = OrgScope.of(tree, org);
  if (s === undefined) throw new Error(`no unit ${org}`);
  return s;
};

const SCHOOLS = ['2161010001', '2161010002', '2161030001'];
const visibleSchools = (org: string): string[] => SCHOOLS.filter((s) => scope(org).contains(pathOf(s)));

describe('OrgScope', () => {
  it('a school sees only itself', () => {
    expect(visibleSchools('2161010001')).toEqual(['2161010001']);
  });

  it('a county sees its schools only', () => {
    expect(visibleSchools('610113')).toEqual(['2161010001']);
    expect(visibleSchools('610112')).toEqual(['2161010002']);
  });

  it('a city sees its counties’ schools', () => {
    expect(visibleSchools('610100')).toEqual(['2161010001', '2161010002']);
    expect(visibleSchools('610300')).toEqual(['2161030001']);
  });

  it('the province sees everything', () => {
    expect(visibleSchools('610000')).toEqual(SCHOOLS);
  });

  it('containsUnit: itself and units below, never above or beside', () => {
    const county = scope('610113');
    expect(county.containsUnit('610113')).toBe(true);
    expect(county.containsUnit('2161010001')).toBe(true);
    expect(county.containsUnit('2161010002')).toBe(false);
    expect(county.containsUnit('610100')).toBe(false);
    expect(county.containsUnit('610000')).toBe(false);
    expect(scope('610100').containsUnit('610112')).toBe(true);
    expect(scope('610000').containsUnit('610302')).toBe(true);
  });

  it('unknown codes are outside every scope, and have no scope of their own', () => {
    expect(scope('610000').containsUnit('999999')).toBe(false);
    expect(OrgScope.of(tree, '999999')).toBeUndefined();
  });

  it('does not confuse a path whose code sits at another level', () => {
    // A forged path naming the county code as a school must not match a county scope.
    const forged: OrgPath = { province: '610000', city: '610300', county: '610302', school: '610113' };
    expect(scope('610113').contains(forged)).toBe(false);
  });
});
