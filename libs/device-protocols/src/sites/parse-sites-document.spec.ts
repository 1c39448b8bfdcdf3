import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_SITES_PATH } from './demo-sites';
import { parseSitesDocument, readSitesFile } from './parse-sites';
import { SitesFileError } from './sites-model';

const demo = readSitesFile(readFileSync(DEMO_SITES_PATH, 'utf8'), 'demo');

/** The demo document's shape, as far as these tests break it. */
interface Device {
  id: string;
  kind: string;
}
interface ContactEntry {
  id?: string;
  hours?: { from: string; to: string; days?: number[] }[];
}
interface DemoDoc {
  cities: { counties: { schools: { devices: Device[] }[] }[] }[];
  contacts: ContactEntry[];
}

/** A deep copy of the demo document to break. */
function demoDoc(): DemoDoc {
  return structuredClone(demo.document) as unknown as DemoDoc;
}

function problemOf(doc: unknown): SitesFileError {
  try {
    parseSitesDocument(doc, 'registry');
  } catch (e) {
    if (e instanceof SitesFileError) return e;
    throw e;
  }
  throw new Error('expected the document to be refused');
}

describe('parseSitesDocument', () => {
  it('reads the demo document as parseSites reads the file', () => {
    const sites = parseSitesDocument(demo.document, 'registry');
    expect(sites.source).toBe('registry');
    expect(sites.devices).toEqual(demo.sites.devices);
    expect(sites.users).toEqual(demo.sites.users);
    expect(sites.contacts).toEqual(demo.sites.contacts);
    expect(sites.schools).toEqual(demo.sites.schools);
  });

  it('names a problem by its whole path and reason, without a line', () => {
    const doc = demoDoc();
    doc.cities[0]!.counties[0]!.schools[1]!.devices[3]!.kind = 'toaster';
    const e = problemOf(doc);
    expect(e.line).toBeUndefined();
    expect(e.path).toBe('cities[0].counties[0].schools[1].devices[3].kind');
    expect(e.problem).toMatch(/device kind/);
    expect(e.message).toContain('cities[0].counties[0].schools[1].devices[3].kind: ');
  });

  it('names the first of two duplicates by its path', () => {
    const doc = demoDoc();
    const first = doc.cities[0]!.counties[0]!.schools[0]!.devices[0]!;
    doc.cities[0]!.counties[0]!.schools[1]!.devices.push({ ...first });
    const e = problemOf(doc);
    expect(e.path).toMatch(/^cities\[0\]\.counties\[0\]\.schools\[1\]\.devices\[\d+\]\.id$/);
    expect(e.problem).toContain(`duplicate device id "${first.id}"`);
    expect(e.problem).toContain('first declared at cities[0].counties[0].schools[0].devices[0]');
  });

  it('refuses a document that is not a mapping', () => {
    expect(problemOf([]).message).toMatch(/mapping/);
  });

  it('accepts contact ids and duty hours, refusing duplicates and empty shifts', () => {
    const doc = demoDoc();
    const [day, night] = [doc.contacts[1]!, doc.contacts[0]!];
    night.id = 'c-night';
    night.hours = [{ from: '22:00', to: '06:00', days: [1, 2, 3] }];
    const sites = parseSitesDocument(doc, 'registry');
    expect(sites.contacts[0]).toMatchObject({
      id: 'c-night',
      hours: [{ from: '22:00', to: '06:00', days: [1, 2, 3] }],
    });

    day.id = 'c-night';
    expect(problemOf(doc)).toMatchObject({ path: 'contacts[1].id' });
    day.id = 'c-day';
    day.hours = [{ from: '08:00', to: '08:00' }];
    expect(problemOf(doc)).toMatchObject({ path: 'contacts[1].hours[0].to' });
    day.hours = [{ from: '8:00', to: '18:00' }];
    expect(problemOf(doc).path).toBe('contacts[1].hours[0].from');
  });
});
