import { DEFAULT_SCHOOL_HOURS, parseSites } from '@campus/device-protocols';
import { describe, expect, it } from 'vitest';
import { BAOJI, sitesYaml, WEIYANG, XIAN, YANTA } from '@campus/test-kit';
import { orgNodesOf, schoolsUnder } from './org-nodes';

const SITES = parseSites(
  sitesYaml({
    cities: [XIAN, BAOJI],
    counties: [YANTA, WEIYANG],
    schools: [
      { code: '2161010002', name: '二小' },
      { code: '2161010001', name: '一小' },
    ],
  }),
  'org-nodes test sites',
);

const DEFAULT_HOURS = { ...DEFAULT_SCHOOL_HOURS, days: [...DEFAULT_SCHOOL_HOURS.days] };

describe('orgNodesOf', () => {
  const nodes = orgNodesOf(SITES);

  it('carries what an edit form shows: a bureau, a school’s hours and map location', () => {
    const sites = parseSites(
      sitesYaml({
        province: { code: '610000', name: '陕西省', bureau: '陕西省教育厅' },
        schools: [
          {
            code: '2161010001',
            name: '一小',
            hours: { open: '07:00', close: '18:00', days: [1, 2, 3, 4, 5] },
            location: { lat: 34.22, lng: 108.95 },
          },
        ],
      }),
      'org-nodes test sites',
    );
    const tree = orgNodesOf(sites);
    expect(tree.get('610000')?.bureau).toBe('陕西省教育厅');
    expect(tree.get('2161010001')).toMatchObject({
      hours: { open: '07:00', close: '18:00', days: [1, 2, 3, 4, 5] },
      location: { lat: 34.22, lng: 108.95 },
    });
  });

  it('builds the tree in file order, every unit by its code', () => {
    expect(nodes.get('610000')).toEqual({
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
              children: [
                { code: '2161010002', name: '二小', level: 'school', children: [], hours: DEFAULT_HOURS },
                { code: '2161010001', name: '一小', level: 'school', children: [], hours: DEFAULT_HOURS },
              ],
            },
            { code: '610112', name: '未央区', level: 'county', children: [] },
          ],
        },
        { code: '610300', name: '宝鸡市', level: 'city', children: [] },
      ],
    });
    expect(nodes.get('2161010001')).toEqual({
      code: '2161010001',
      name: '一小',
      level: 'school',
      children: [],
      hours: DEFAULT_HOURS,
    });
    expect(nodes.get('9999999999')).toBeUndefined();
  });

  it('lists the schools under a unit', () => {
    expect(schoolsUnder(nodes.get('610000')!)).toEqual(['2161010002', '2161010001']);
    expect(schoolsUnder(nodes.get('610112')!)).toEqual([]);
    expect(schoolsUnder(nodes.get('2161010001')!)).toEqual(['2161010001']);
  });
});
