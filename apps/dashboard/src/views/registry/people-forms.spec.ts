import { describe, expect, it } from 'vitest';
import type { OrgNode } from '../../api/orgs';
import {
  childLevel,
  countiesOf,
  countyOf,
  fieldOfReason,
  flattenTree,
  parseLatLng,
  rolesForLevel,
  rolesGivenBy,
} from './people-forms';

const school = (code: string): OrgNode => ({ code, name: code, level: 'school', children: [] });
const tree: OrgNode = {
  code: '610100',
  name: '西安市',
  level: 'city',
  children: [
    { code: '610113', name: '雁塔区', level: 'county', children: [school('2161010001')] },
    { code: '610103', name: '碑林区', level: 'county', children: [school('2161030001')] },
  ],
};

describe('people forms', () => {
  it('offers no role above the caller’s; a school admin the school’s roles', () => {
    expect(rolesGivenBy('county_officer')).toEqual([
      'school_staff',
      'school_security',
      'school_admin',
      'county_officer',
    ]);
    expect(rolesGivenBy('school_admin')).toEqual(['school_staff', 'school_security', 'school_admin']);
    expect(rolesGivenBy('admin')).toContain('admin');
    expect(rolesForLevel('school')).not.toContain('county_officer');
    expect(rolesForLevel('county')).toEqual(['county_officer', 'admin']);
  });

  it('walks the tree', () => {
    expect(flattenTree(tree).map((e) => [e.node.code, e.depth])).toEqual([
      ['610100', 0],
      ['610113', 1],
      ['2161010001', 2],
      ['610103', 1],
      ['2161030001', 2],
    ]);
    expect(countiesOf(tree).map((c) => c.code)).toEqual(['610113', '610103']);
    expect(countyOf(tree, '2161030001')).toBe('610103');
    expect(childLevel('county')).toBe('school');
    expect(childLevel('school')).toBeNull();
  });

  it('finds the field a 400 reason names', () => {
    const fields = ['code', 'name', 'hours', 'location', 'county'] as const;
    expect(fieldOfReason('refused: orgs: code "2161010001" is taken: choose another', fields)).toBe('code');
    expect(fieldOfReason('refused: schools.2161010001.hours.open: not a time', fields)).toBe('hours');
    expect(fieldOfReason('name: 1 to 64 characters', fields)).toBe('name');
    expect(fieldOfReason('something else went wrong', fields)).toBeNull();
  });

  it('reads a map location, latitude first', () => {
    expect(parseLatLng('34.26, 108.94')).toEqual({ lat: 34.26, lng: 108.94 });
    expect(parseLatLng('34.26，108.94')).toEqual({ lat: 34.26, lng: 108.94 });
    expect(parseLatLng('108.94')).toBeUndefined();
    expect(parseLatLng('95, 10')).toBeUndefined();
  });
});
