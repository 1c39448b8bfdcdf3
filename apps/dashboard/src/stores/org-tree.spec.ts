import { describe, expect, it } from 'vitest';
import type { OrgNode } from '../api/orgs';
import { findOrg, inOrg, orgPath, schoolsUnder } from './org-tree';

const school = (code: string, name: string): OrgNode => ({ code, name, level: 'school', children: [] });
const tree: OrgNode = {
  code: '610000',
  name: '陕西省',
  level: 'province',
  children: [
    {
      code: '610100',
      name: '西安市',
      level: 'city',
      children: [
        {
          code: '610113',
          name: '雁塔区',
          level: 'county',
          children: [school('2161010001', '雁塔区第一小学'), school('2161010002', '雁塔区第二小学')],
        },
      ],
    },
    { code: '610300', name: '宝鸡市', level: 'city', children: [] },
  ],
};

describe('org tree lookups', () => {
  it('finds a node anywhere, and nothing for an unknown code or no tree', () => {
    expect(findOrg(tree, '2161010002')?.name).toBe('雁塔区第二小学');
    expect(findOrg(tree, '610300')?.level).toBe('city');
    expect(findOrg(tree, '999')).toBeNull();
    expect(findOrg(null, '610000')).toBeNull();
    expect(findOrg(tree, null)).toBeNull();
  });

  it('gives the path from the root to a node', () => {
    expect(orgPath(tree, '2161010001').map((n) => n.code)).toEqual([
      '610000',
      '610100',
      '610113',
      '2161010001',
    ]);
    expect(orgPath(tree, '610000').map((n) => n.code)).toEqual(['610000']);
    expect(orgPath(tree, 'nope')).toEqual([]);
  });

  it('lists the schools under a unit (a school is its own only school)', () => {
    expect(schoolsUnder(tree).map((s) => s.code)).toEqual(['2161010001', '2161010002']);
    expect(schoolsUnder(findOrg(tree, '610300'))).toEqual([]);
    expect(schoolsUnder(findOrg(tree, '2161010001')).map((s) => s.code)).toEqual(['2161010001']);
  });

  it('places a record in any unit of its chain, and null is everything', () => {
    const record = { school: '2161010001', county: '610113', city: '610100', province: '610000' };
    for (const org of [null, '610000', '610100', '610113', '2161010001'])
      expect(inOrg(org, record)).toBe(true);
    expect(inOrg('610300', record)).toBe(false);
    expect(inOrg('2161010002', record)).toBe(false);
  });
});
