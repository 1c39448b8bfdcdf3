import type { UserNames } from '@campus/api-contract';
import { api } from './http';

export type { UserNames } from '@campus/api-contract';

/** People's names (login → name) for the screens, which never show a login when a name exists. */
export const getUserNames = () => api<UserNames>('GET', '/api/users/names').then((r) => r.items);
