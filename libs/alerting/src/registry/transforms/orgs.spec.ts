import { describe, expect, it } from 'vitest';
import { registryDocument } from '../../testing/registry-document.fixture';
import { addOrg, locateOrg, patchOrg } from './orgs';
import { checkDocument, findSchool } from './sites-document';

describe('org transforms', () => {
  it('adds a county under a city and a school under it, checked as a sites file', () => {
    const withCounty = addOrg(registryDocument(), {
      level: 'county',
      code: '610116',
      name: '长安区',
      parent: '610100',
    });
    const next = addOrg(withCounty, {
      level: 'school',
      code: '2161160001',
      name: '长安区第一小学',
      parent: '610116',
      hours: { open: '07:30', close: '18:00' },
    });
    const sites = checkDocument(next);
    expect(sites.schoolByCode.get('2161160001')).toMatchObject({ county: '610116', city: '610100' });
  });

  it('refuses a taken code, a parent of the wrong level, and hours on a county', () => {
    const doc = registryDocument();
    expect(() => addOrg(doc, { level: 'school', code: '2161010001', name: 'x', parent: '610113' })).toThrow(
      /taken/,
    );
    expect(() => addOrg(doc, { level: 'school', code: '2161010009', name: 'x', parent: '610100' })).toThrow(
      /a school belongs to a county: 610100 is not one/,
    );
    expect(() =>
      addOrg(doc, { level: 'county', code: '610199', name: 'x', parent: '610100', hours: { open: '08:00' } }),
    ).toThrow(/a school’s/);
  });

  it('renames, sets hours and location, and moves a school to another county', () => {
    const doc = registryDocument();
    const next = patchOrg(doc, '2161010001', {
      name: '雁塔区第一实验小学',
      hours: { open: '07:00', close: '19:00' },
      location: { lat: 34.22, lng: 108.95 },
      county: '610112',
    });
    expect(findSchool(next, '2161010001')).toMatchObject({ county: '610112', city: '610100' });
    expect(locateOrg(next, '2161010001')?.entry).toMatchObject({
      name: '雁塔区第一实验小学',
      location: { lat: 34.22 },
    });
    expect(findSchool(doc, '2161010001')?.county).toBe('610113');
    expect(checkDocument(next).schoolByCode.get('2161010001')?.county).toBe('610112');
    expect(() => patchOrg(doc, '2161010001', { county: '610100' })).toThrow(/not a county/);
    expect(() => patchOrg(doc, '610113', { hours: null })).toThrow(/is a county/);
  });
});
