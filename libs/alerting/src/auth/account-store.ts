import type { TokenVersionSource } from './token-versions';

/**
 * What the platform itself knows about a user of the sites file: a password set through the API
 * (which from then on replaces the file's) and the token version. No row: the file's password,
 * version 0.
 */
export interface AccountRecord {
  username: string;
  /** scrypt hash (the sites file's `passwordHash` format); null while the file's password applies. */
  passwordHash: string | null;
  tokenVersion: number;
  /** ISO 8601; when and by whom (the user, or the administrator who reset it) it was last set. */
  passwordChangedAt: string | null;
  passwordChangedBy: string | null;
}

/** The accounts table as the auth part uses it (AccountRepository on PGlite/PostgreSQL). */
export interface AccountStore extends TokenVersionSource {
  get(username: string): Promise<AccountRecord | undefined>;
  /** Stores a new password hash and raises the token version in one statement; the new version. */
  setPassword(username: string, passwordHash: string, changedBy: string, at: string): Promise<number>;
  /** Raises the token version (logout); the new version. */
  bumpTokenVersion(username: string, at: string): Promise<number>;
}

/**
 * An AccountStore in this process's memory, for an alert-service app built without a database
 * (`createAlertingApp` alone, as the API tests do). The alert service itself always passes the
 * database's AccountRepository: only that one is shared by replicas and survives a restart.
 */
export class MemoryAccountStore implements AccountStore {
  private readonly rows = new Map<string, AccountRecord>();

  async get(username: string): Promise<AccountRecord | undefined> {
    const row = this.rows.get(username);
    return row === undefined ? undefined : { ...row };
  }

  async tokenVersion(username: string): Promise<number> {
    return this.rows.get(username)?.tokenVersion ?? 0;
  }

  async setPassword(username: string, passwordHash: string, changedBy: string, at: string): Promise<number> {
    const row = this.row(username);
    Object.assign(row, {
      passwordHash,
      passwordChangedAt: at,
      passwordChangedBy: changedBy,
      tokenVersion: row.tokenVersion + 1,
    });
    return row.tokenVersion;
  }

  async bumpTokenVersion(username: string): Promise<number> {
    const row = this.row(username);
    row.tokenVersion += 1;
    return row.tokenVersion;
  }

  private row(username: string): AccountRecord {
    let row = this.rows.get(username);
    if (row === undefined) {
      row = {
        username,
        passwordHash: null,
        tokenVersion: 0,
        passwordChangedAt: null,
        passwordChangedBy: null,
      };
      this.rows.set(username, row);
    }
    return row;
  }
}
