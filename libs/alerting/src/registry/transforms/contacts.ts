import type { ContactCreateBody, ContactPatchBody, RegistryContact } from '@campus/api-contract';
import { RegistryValidationError, type SitesDocument } from '../registry-store';
import { copyOf, type DocEntry } from './sites-document';

/** Pure changes of the contacts (who is paged for an org unit) in the sites document (docs/registry.md). */

const contactsOf = (doc: SitesDocument): DocEntry[] =>
  Array.isArray(doc['contacts'])
    ? (doc['contacts'] as unknown[]).filter((c): c is DocEntry => typeof c === 'object' && c !== null)
    : [];

export function registryContactOf(entry: DocEntry): RegistryContact {
  return {
    id: String(entry['id'] ?? ''),
    org: String(entry['org']),
    name: String(entry['name']),
    phone: String(entry['phone']),
    hours: (entry['hours'] as RegistryContact['hours'] | undefined) ?? null,
  };
}

/** Every contact of the document (the registry gives each an id when it is written). */
export function listContacts(doc: SitesDocument): RegistryContact[] {
  return contactsOf(doc).map(registryContactOf);
}

export function findContact(doc: SitesDocument, id: string): RegistryContact | undefined {
  const entry = contactsOf(doc).find((c) => c['id'] === id);
  return entry === undefined ? undefined : registryContactOf(entry);
}

export function addContact(doc: SitesDocument, id: string, body: ContactCreateBody): SitesDocument {
  const next = copyOf(doc);
  const list = contactsOf(next);
  if (list.some((c) => c['id'] === id)) throw new RegistryValidationError('id', `contact id ${id} is taken`);
  const entry: DocEntry = { id, org: body.org, name: body.name, phone: body.phone };
  if (body.hours !== undefined) entry['hours'] = body.hours;
  next['contacts'] = [...list, entry];
  return next;
}

function indexOrThrow(list: DocEntry[], id: string): number {
  const index = list.findIndex((c) => c['id'] === id);
  if (index < 0) throw new RegistryValidationError('id', `no contact ${id} in the registry`);
  return index;
}

export function patchContact(doc: SitesDocument, id: string, patch: ContactPatchBody): SitesDocument {
  const next = copyOf(doc);
  const list = contactsOf(next);
  const entry = list[indexOrThrow(list, id)] as DocEntry;
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) delete entry[key];
    else entry[key] = value;
  }
  next['contacts'] = list;
  return next;
}

export function removeContact(doc: SitesDocument, id: string): SitesDocument {
  const next = copyOf(doc);
  const list = contactsOf(next);
  list.splice(indexOrThrow(list, id), 1);
  next['contacts'] = list;
  return next;
}
