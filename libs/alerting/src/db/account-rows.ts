import type { Account } from '../domain/account';

/** A row of `alerting.accounts` as both backends return it (timestamps as ISO strings). */
export interface AccountRow {
  username: string;
  password_hash: string | null;
  token_version: number;
  password_changed_at: string | null;
  password_changed_by: string | null;
}

export const ACCOUNT_COLUMNS =
  'username, password_hash, token_version, password_changed_at, password_changed_by';

export function toAccount(r: AccountRow): Account {
  return {
    username: r.username,
    passwordHash: r.password_hash,
    tokenVersion: r.token_version,
    passwordChangedAt: r.password_changed_at,
    passwordChangedBy: r.password_changed_by,
  };
}
