import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BAOJI, sitesYaml, WEIBIN, WEIYANG, XIAN, YANTA } from './sites-file';

describe('sitesYaml', () => {
  it('nests flat schools under their county and city, in order of first mention', () => {
    const file = parse(
      sitesYaml({
        cities: [XIAN],
        counties: [WEIYANG],
        schools: [
          { code: '2161030001', name: 'C', county: WEIBIN },
          { code: '2161010001', name: 'A', devices: [{ id: 'smk-1', kind: 'smoke_detector', secret: 's' }] },
        ],
        users: [{ username: 'u', password: 'p', role: 'admin', org: '610000' }],
      }),
    ) as Record<string, unknown>;
    expect(file).toEqual({
      province: { code: '610000', name: '陕西省', timezone: 'Asia/Shanghai' },
      cities: [
        {
          code: XIAN.code,
          name: XIAN.name,
          counties: [
            { code: WEIYANG.code, name: WEIYANG.name, schools: [] },
            {
              code: YANTA.code,
              name: YANTA.name,
              schools: [
                {
                  code: '2161010001',
                  name: 'A',
                  devices: [{ id: 'smk-1', kind: 'smoke_detector', secret: 's' }],
                },
              ],
            },
          ],
        },
        {
          code: BAOJI.code,
          name: BAOJI.name,
          counties: [{ code: WEIBIN.code, name: WEIBIN.name, schools: [{ code: '2161030001', name: 'C' }] }],
        },
      ],
      users: [{ username: 'u', password: 'p', role: 'admin', org: '610000' }],
    });
  });

  it('keeps codes and phone numbers strings, and ends with a newline so more YAML can follow', () => {
    const text = sitesYaml({ contacts: [{ org: '2161010001', name: 'x', phone: '+8613800000001' }] });
    expect(text.endsWith('\n')).toBe(true);
    expect(parse(`${text}rules: []\n`)).toMatchObject({
      province: { code: '610000' },
      contacts: [{ org: '2161010001', phone: '+8613800000001' }],
      rules: [],
    });
  });
});
