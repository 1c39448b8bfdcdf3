import type { ContactCreateBody, ContactPatchBody, RegistryContact } from '@campus/api-contract';
import { api } from './http';

// Who is paged for a unit, with duty hours (docs/registry.md, "Contacts").
export type {
  ContactCreateBody,
  ContactHours,
  ContactPatchBody,
  RegistryContact,
} from '@campus/api-contract';

const path = (id: string) => `/api/contacts/${encodeURIComponent(id)}`;

/** The contacts of `org` (default: the caller's unit) and every unit below it. */
export const listContacts = (org?: string) =>
  api<{ items: RegistryContact[] }>(
    'GET',
    `/api/contacts${org ? `?org=${encodeURIComponent(org)}` : ''}`,
  ).then((r) => r.items);

export const addContact = (body: ContactCreateBody) => api<RegistryContact>('POST', '/api/contacts', body);

export const updateContact = (id: string, patch: ContactPatchBody) =>
  api<RegistryContact>('PATCH', path(id), patch);

export const removeContact = (id: string) => api<void>('DELETE', path(id));
