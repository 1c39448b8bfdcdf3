import { describe, expect, it } from 'vitest';
import { ServedSchools, parseGatewaySchools } from './served-schools';

const sites = {
  source: 'sites.yaml',
  schoolByCode: new Map([
    ['2161010001', {}],
    ['2161010002', {}],
  ]),
} as unknown as Parameters<typeof ServedSchools.of>[1];
const device = (school: string) => ({
  id: 'smk-1',
  org: { province: '610000', city: '610100', county: '610113', school },
});

describe('GATEWAY_SCHOOLS', () => {
  it('parses comma-separated codes, blanks and repeats ignored; blank means every school', () => {
    expect(parseGatewaySchools(' 2161010001, ,2161010002,2161010001 ')).toEqual(['2161010001', '2161010002']);
    expect(parseGatewaySchools(undefined)).toBeUndefined();
    expect(parseGatewaySchools(' , ')).toBeUndefined();
  });

  it('serves only the named schools and says why another is refused', () => {
    const served = ServedSchools.of(['2161010001'], sites);
    expect(served.restricted).toBe(true);
    expect(served.serves(device('2161010001'))).toBe(true);
    expect(served.serves(device('2161010002'))).toBe(false);
    expect(served.refusal(device('2161010002'))).toMatch(
      /smk-1 belongs to school 2161010002, which this gateway does not serve \(GATEWAY_SCHOOLS=2161010001\)/,
    );
  });

  it('serves every school when unset', () => {
    const served = ServedSchools.of(undefined, sites);
    expect(served.restricted).toBe(false);
    expect(served.serves(device('2161010002'))).toBe(true);
  });

  it('refuses a code the sites file does not declare, naming it', () => {
    expect(() => ServedSchools.of(['2161010001', '9999999999'], sites)).toThrow(
      /GATEWAY_SCHOOLS names 9999999999, which is not a school in sites.yaml/,
    );
  });
});
