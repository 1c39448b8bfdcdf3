import type { RegistryUser, UserCreateBody, UserPatchBody } from '@campus/api-contract';
import { ROLES, type Role } from '@campus/device-protocols';
import { RegistryValidationError, type SitesDocument } from '../registry-store';
import { copyOf, type DocEntry } from './sites-document';

/** Pure changes of the users in the sites document, and who may give which role (docs/security.md). */

/** Roles from the least to the most powerful (ROLES is in this order). */
const RANK = new Map<Role, number>(ROLES.map((r, i) => [r, i]));

/**
 * Whether `actor` may give `role`: never above their own; a school admin only the school's roles
 * (staff, security, admin); `admin` any.
 */
export function mayGiveRole(actor: Role, role: Role): boolean {
  if (actor === 'admin') return true;
  if (actor === 'school_admin')
    return role === 'school_staff' || role === 'school_security' || role === 'school_admin';
  return (RANK.get(role) ?? Infinity) <= (RANK.get(actor) ?? -1);
}

const usersOf = (doc: SitesDocument): DocEntry[] =>
  Array.isArray(doc['users'])
    ? (doc['users'] as unknown[]).filter((u): u is DocEntry => typeof u === 'object' && u !== null)
    : [];

export function registryUserOf(u: DocEntry): RegistryUser {
  return {
    username: String(u['username']),
    name: typeof u['name'] === 'string' ? u['name'] : null,
    role: String(u['role']),
    org: String(u['org']),
  };
}

export function listUsers(doc: SitesDocument): RegistryUser[] {
  return usersOf(doc).map(registryUserOf);
}

export function findUser(doc: SitesDocument, username: string): RegistryUser | undefined {
  const u = usersOf(doc).find((x) => x['username'] === username);
  return u === undefined ? undefined : registryUserOf(u);
}

/** Adds a user with a plain initial password (the store hashes it on the way in). */
export function addUser(doc: SitesDocument, body: UserCreateBody & { password: string }): SitesDocument {
  if (findUser(doc, body.username) !== undefined)
    throw new RegistryValidationError('username', `username "${body.username}" is taken: choose another`);
  const next = copyOf(doc);
  const entry: DocEntry = {
    username: body.username,
    role: body.role,
    org: body.org,
    password: body.password,
  };
  if (body.name !== undefined) entry['name'] = body.name;
  next['users'] = [...usersOf(next), entry];
  return next;
}

export function patchUser(doc: SitesDocument, username: string, patch: UserPatchBody): SitesDocument {
  const next = copyOf(doc);
  const list = usersOf(next);
  const entry = list.find((u) => u['username'] === username);
  if (entry === undefined)
    throw new RegistryValidationError('username', `no user ${username} in the registry`);
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) delete entry[key];
    else entry[key] = value;
  }
  next['users'] = list;
  return next;
}
