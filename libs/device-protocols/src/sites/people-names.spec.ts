import { describe, expect, it } from 'vitest';
import { bureauName, personName } from './people-names';
import type { Sites } from './sites-model';

const sites = {
  province: { code: '610000', name: '陕西省', timezone: 'Asia/Shanghai' },
  cities: [{ code: '610100', name: '西安市', province: '610000', bureau: '西安市教育局（市教委）' }],
  counties: [{ code: '610113', name: '雁塔区', city: '610100' }],
  users: [
    { username: 'yanta', name: '刘洋', role: 'county_officer', org: '610113' },
    { username: 'weibin', role: 'county_officer', org: '610302' },
  ],
} as unknown as Sites;

describe('bureauName', () => {
  it('derives "<county>教育局" and "<province>教育厅" when the sites file names none', () => {
    expect(bureauName(sites, '610113')).toBe('雁塔区教育局');
    expect(bureauName(sites, '610000')).toBe('陕西省教育厅');
  });
  it("takes the sites file's bureau name as given", () => {
    expect(bureauName(sites, '610100')).toBe('西安市教育局（市教委）');
  });
  it('names an unknown code as it is', () => {
    expect(bureauName(sites, '2161010001')).toBe('2161010001');
  });
});

describe('personName', () => {
  it('is the name when the user has one, else the login', () => {
    expect(personName(sites, 'yanta')).toBe('刘洋');
    expect(personName(sites, 'weibin')).toBe('weibin');
    expect(personName(sites, 'nobody')).toBe('nobody');
  });
});
