import type { OrgCreateBody, OrgPatchBody } from '@campus/api-contract';
import { RegistryValidationError, type SitesDocument } from '../registry-store';
import { copyOf, type DocEntry } from './sites-document';

/** Pure changes of the org tree in the sites document (docs/registry.md): add a unit, edit it, move a school. */

const entries = (value: unknown): DocEntry[] =>
  Array.isArray(value) ? value.filter((v): v is DocEntry => typeof v === 'object' && v !== null) : [];

interface Located {
  level: 'province' | 'city' | 'county' | 'school';
  entry: DocEntry;
  /** The list that holds it (absent for the province). */
  list?: DocEntry[];
  parent?: DocEntry;
}

/** Finds a unit by code in `doc` (the entries are `doc`'s own: change a copy). */
export function locateOrg(doc: SitesDocument, code: string): Located | undefined {
  const province = doc['province'] as DocEntry | undefined;
  if (province !== undefined && province['code'] === code) return { level: 'province', entry: province };
  for (const city of entries(doc['cities'])) {
    if (city['code'] === code) return { level: 'city', entry: city, list: entries(doc['cities']) };
    for (const county of entries(city['counties'])) {
      if (county['code'] === code) return { level: 'county', entry: county, parent: city };
      const schools = entries(county['schools']);
      const school = schools.find((s) => s['code'] === code);
      if (school !== undefined) return { level: 'school', entry: school, parent: county };
    }
  }
  return undefined;
}

const PARENT_LEVEL = { city: 'province', county: 'city', school: 'county' } as const;
const CHILDREN = { province: 'cities', city: 'counties', county: 'schools' } as const;

export function addOrg(doc: SitesDocument, body: OrgCreateBody): SitesDocument {
  const next = copyOf(doc);
  if (locateOrg(next, body.code) !== undefined)
    throw new RegistryValidationError(
      'code',
      `org code ${body.code} is taken: codes are unique in the province`,
    );
  const parent = locateOrg(next, body.parent);
  if (parent === undefined || parent.level !== PARENT_LEVEL[body.level])
    throw new RegistryValidationError(
      'parent',
      `a ${body.level} belongs to a ${PARENT_LEVEL[body.level]}: ${body.parent} is not one`,
    );
  const entry: DocEntry = { code: body.code, name: body.name };
  if (body.bureau !== undefined) entry['bureau'] = body.bureau;
  if (body.level === 'school') {
    if (body.hours !== undefined) entry['hours'] = body.hours;
    if (body.location !== undefined) entry['location'] = body.location;
  } else {
    if (body.hours !== undefined || body.location !== undefined)
      throw new RegistryValidationError('hours', 'hours and location are a school’s');
    entry[body.level === 'city' ? 'counties' : 'schools'] = [];
  }
  if (body.level === 'school' && entry['bureau'] !== undefined)
    throw new RegistryValidationError('bureau', 'a school has no bureau; counties and cities do');
  const key = parent.level === 'province' ? 'cities' : CHILDREN[parent.level as 'city' | 'county'];
  const holder = parent.level === 'province' ? next : parent.entry;
  holder[key] = [...entries(holder[key]), entry];
  return next;
}

export function patchOrg(doc: SitesDocument, code: string, patch: OrgPatchBody): SitesDocument {
  const next = copyOf(doc);
  const found = locateOrg(next, code);
  if (found === undefined) throw new RegistryValidationError('code', `no org unit ${code} in the registry`);
  if (
    found.level !== 'school' &&
    (patch.hours !== undefined || patch.location !== undefined || patch.county !== undefined)
  )
    throw new RegistryValidationError(
      'code',
      `${code} is a ${found.level}: hours, location and county are a school’s`,
    );
  if (found.level === 'school' && patch.bureau !== undefined)
    throw new RegistryValidationError('bureau', 'a school has no bureau; counties and cities do');
  const { county, ...fields } = patch;
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (value === null) delete found.entry[key];
    else found.entry[key] = value;
  }
  if (county !== undefined && county !== found.parent?.['code']) {
    const target = locateOrg(next, county);
    if (target === undefined || target.level !== 'county')
      throw new RegistryValidationError('county', `${county} is not a county of the registry`);
    const from = found.parent as DocEntry;
    from['schools'] = entries(from['schools']).filter((s) => s['code'] !== code);
    target.entry['schools'] = [...entries(target.entry['schools']), found.entry];
  }
  return next;
}
