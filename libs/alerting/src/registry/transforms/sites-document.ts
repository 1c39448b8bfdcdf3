import type { Sites } from '@campus/device-protocols';
import { RegistryValidationError, type SitesDocument } from '../registry-store';
import { validateSitesDocument } from '../sql-registry-store';

/**
 * Reading and copying the sites document (the sites file's shape as JSON, docs/sites-file.md) for
 * the registry's transforms. The document was checked whole when it was written, so its shape is
 * trusted here; entries are plain objects.
 */
export type DocEntry = Record<string, unknown>;

export interface DocSchoolRef {
  code: string;
  county: string;
  city: string;
  province: string;
  /** The school's entry in the document (the copy being changed, in a transform). */
  entry: DocEntry;
}

const entries = (value: unknown): DocEntry[] =>
  Array.isArray(value) ? value.filter((v): v is DocEntry => typeof v === 'object' && v !== null) : [];

const codeOf = (entry: DocEntry): string => String(entry['code']);

/** Every school of the document with its org path, in document order. */
export function schoolsOf(doc: SitesDocument): DocSchoolRef[] {
  const province = codeOf((doc['province'] ?? {}) as DocEntry);
  const out: DocSchoolRef[] = [];
  for (const city of entries(doc['cities']))
    for (const county of entries(city['counties']))
      for (const school of entries(county['schools']))
        out.push({
          code: codeOf(school),
          county: codeOf(county),
          city: codeOf(city),
          province,
          entry: school,
        });
  return out;
}

export function findSchool(doc: SitesDocument, code: string): DocSchoolRef | undefined {
  return schoolsOf(doc).find((s) => s.code === code);
}

/** The device entries of a school entry (the live array when present). */
export function devicesOf(school: DocEntry): DocEntry[] {
  return entries(school['devices']);
}

export interface DocDeviceRef {
  school: DocSchoolRef;
  entry: DocEntry;
  index: number;
}

export function findDevice(doc: SitesDocument, id: string): DocDeviceRef | undefined {
  for (const school of schoolsOf(doc)) {
    const list = devicesOf(school.entry);
    const index = list.findIndex((d) => d['id'] === id);
    if (index >= 0) return { school, entry: list[index] as DocEntry, index };
  }
  return undefined;
}

/** A deep copy to change: transforms never change the document they are given. */
export function copyOf(doc: SitesDocument): SitesDocument {
  return structuredClone(doc);
}

/**
 * Checks a document as a sites file is checked (docs/sites-file.md) and returns its sites; throws
 * RegistryValidationError with the reason. For previews (an import's rows); the store checks every
 * written document itself.
 */
export function checkDocument(doc: SitesDocument): Sites {
  return validateSitesDocument(doc, 'registry');
}

/**
 * The document cut down to one school (its province, city and county, nothing else): checking it
 * checks that school's devices at the cost of one school, not of the province.
 */
export function schoolSubdocument(doc: SitesDocument, code: string): SitesDocument {
  for (const city of entries(doc['cities']))
    for (const county of entries(city['counties']))
      for (const school of entries(county['schools']))
        if (codeOf(school) === code)
          return {
            province: doc['province'],
            cities: [{ ...city, counties: [{ ...county, schools: [school] }] }],
          };
  throw new RegistryValidationError('school', `no school ${code} in the registry`);
}
