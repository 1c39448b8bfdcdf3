import type {
  CreatedUser,
  RegistryUser,
  UserCreateBody,
  UserNames,
  UserPatchBody,
} from '@campus/api-contract';
import { api } from './http';

export type {
  CreatedUser,
  RegistryUser,
  UserCreateBody,
  UserNames,
  UserPatchBody,
} from '@campus/api-contract';

/** People's names (login → name) for the screens, which never show a login when a name exists. */
export const getUserNames = () => api<UserNames>('GET', '/api/users/names').then((r) => r.items);

/** The users of `org` (default: the caller's) and every unit below it; never a password. */
export const listUsers = (org?: string) =>
  api<{ items: RegistryUser[] }>('GET', `/api/users${org ? `?org=${encodeURIComponent(org)}` : ''}`).then(
    (r) => r.items,
  );

/** Adds a user: without `password`, the answer carries a generated one, once. */
export const addUser = (body: UserCreateBody) => api<CreatedUser>('POST', '/api/users', body);

export const updateUser = (username: string, patch: UserPatchBody) =>
  api<RegistryUser>('PATCH', `/api/users/${encodeURIComponent(username)}`, patch);
