import { describe, expect, it } from 'vitest';
import { liveSites, parseSites, SitesHolder } from '@campus/device-protocols';
import { sitesYaml } from '@campus/test-kit';
import { OrgTree } from './org-tree';

const sites = (schools: string[]) =>
  parseSites(sitesYaml({ schools: schools.map((code) => ({ code, name: `学校${code}` })) }), 'test');

describe('OrgTree', () => {
  it('looks a unit up with its path', () => {
    expect(OrgTree.fromSites(sites(['6101130001'])).unit('6101130001')).toEqual({
      code: '6101130001',
      level: 'school',
      path: { province: '610000', city: '610100', county: '610113', school: '6101130001' },
    });
  });

  it('following a live view, a school added or removed in the registry is seen at once', () => {
    const holder = new SitesHolder(sites(['6101130001']), 1);
    const tree = OrgTree.following(liveSites(holder));
    expect(tree.unit('6101130002')).toBeUndefined();
    holder.replace(sites(['6101130002']), 2);
    expect(tree.unit('6101130002')?.level).toBe('school');
    expect(tree.unit('6101130001')).toBeUndefined();
  });
});
