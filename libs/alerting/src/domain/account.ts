/** A user's platform-side account (see migration 004). */
export interface Account {
  username: string;
  /** scrypt hash set through the API; null while the sites file's password applies. */
  passwordHash: string | null;
  tokenVersion: number;
  passwordChangedAt: string | null;
  passwordChangedBy: string | null;
}
