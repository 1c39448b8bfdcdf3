import type { Migration } from './migration';

/**
 * What the platform keeps about the sites file's users (the file stays the list of users, their
 * roles and orgs). `password_hash`: a password set through the API (change or admin reset), scrypt
 * in the sites file's `passwordHash` format; once set it replaces the file's password. NULL: the
 * file's password applies. `token_version`: carried by every token as `ver`; raised by a password
 * change, an admin reset and a logout, which refuses every token issued before.
 */
export const migration004: Migration = {
  version: 4,
  name: 'accounts',
  sql: /* sql */ `
CREATE TABLE alerting.accounts (
  username             text PRIMARY KEY,
  password_hash        text CHECK (password_hash IS NULL OR password_hash LIKE 'scrypt$%'),
  token_version        integer NOT NULL DEFAULT 0 CHECK (token_version >= 0),
  password_changed_at  timestamptz,
  password_changed_by  text,
  updated_at           timestamptz NOT NULL
);
`,
};
