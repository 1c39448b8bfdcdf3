import type { Account } from '../domain/account';
import { ACCOUNT_COLUMNS, toAccount, type AccountRow } from './account-rows';
import type { Database } from './database';
import { toIso, type Instant } from './sql-values';

/**
 * `alerting.accounts`: passwords set through the API and token versions of the sites file's
 * users. Every change raises `token_version` in the same statement (INSERT … ON CONFLICT …
 * RETURNING), so concurrent changes on several replicas each get their own, higher version.
 */
export class AccountRepository {
  constructor(private readonly db: Database) {}

  /** The account of `username`; undefined when nothing was ever stored for the user. */
  async get(username: string): Promise<Account | undefined> {
    const { rows } = await this.db.query<AccountRow>(
      `SELECT ${ACCOUNT_COLUMNS} FROM alerting.accounts WHERE username = $1`,
      [username],
    );
    return rows[0] ? toAccount(rows[0]) : undefined;
  }

  /** The current token version; 0 without a row. */
  async tokenVersion(username: string): Promise<number> {
    const { rows } = await this.db.query<{ token_version: number }>(
      'SELECT token_version FROM alerting.accounts WHERE username = $1',
      [username],
    );
    return rows[0]?.token_version ?? 0;
  }

  /** Stores the password hash, who set it and when, and raises the token version; the new version. */
  async setPassword(username: string, passwordHash: string, changedBy: string, at: Instant): Promise<number> {
    const { rows } = await this.db.query<{ token_version: number }>(
      `INSERT INTO alerting.accounts AS a
         (username, password_hash, token_version, password_changed_at, password_changed_by, updated_at)
       VALUES ($1, $2, 1, $3, $4, $3)
       ON CONFLICT (username) DO UPDATE
         SET password_hash = EXCLUDED.password_hash, token_version = a.token_version + 1,
             password_changed_at = EXCLUDED.password_changed_at,
             password_changed_by = EXCLUDED.password_changed_by, updated_at = EXCLUDED.updated_at
       RETURNING token_version`,
      [username, passwordHash, toIso(at), changedBy],
    );
    return versionOf(rows);
  }

  /** Raises the token version (every token issued before is refused); the new version. */
  async bumpTokenVersion(username: string, at: Instant): Promise<number> {
    const { rows } = await this.db.query<{ token_version: number }>(
      `INSERT INTO alerting.accounts AS a (username, token_version, updated_at) VALUES ($1, 1, $2)
       ON CONFLICT (username) DO UPDATE
         SET token_version = a.token_version + 1, updated_at = EXCLUDED.updated_at
       RETURNING token_version`,
      [username, toIso(at)],
    );
    return versionOf(rows);
  }
}

function versionOf(rows: readonly { token_version: number }[]): number {
  const version = rows[0]?.token_version;
  if (version === undefined) throw new Error('alerting.accounts: the upsert returned no row');
  return version;
}
