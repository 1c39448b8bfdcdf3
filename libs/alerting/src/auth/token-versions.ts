/** Where the current token version of a user is read (the accounts table). */
export interface TokenVersionSource {
  /** The user's current version; 0 for a user who never changed a password or logged out. */
  tokenVersion(username: string): Promise<number>;
}

/** How long a version read from the database is trusted: the bound on revocation across replicas. */
export const TOKEN_VERSION_MAX_AGE_MS = 5_000;

interface Known {
  version: number;
  /** Clock time of the read. */
  readAt: number;
}

/**
 * The current token version per user, read through to the database with a short cache.
 *
 * A token carries the version it was issued with (`ver`); it is valid only while that is still
 * the user's version. Password change, admin reset and logout raise the version in the database;
 * the replica that did it knows at once (`set`), every other replica within `maxAgeMs` (its
 * cached read ages out). A token newer than the cache (issued by another replica after a raise)
 * makes the cache read again at once, so it is never refused for the cache's lag.
 * Concurrent misses for one user share one read. One entry per user of the sites file (callers
 * only ask for known users), so the cache is bounded by the file.
 */
export class TokenVersions {
  private readonly known = new Map<string, Known>();
  private readonly reading = new Map<string, Promise<number>>();

  constructor(
    private readonly source: TokenVersionSource,
    private readonly maxAgeMs: number = TOKEN_VERSION_MAX_AGE_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Whether a token issued with version `ver` is still valid for `username`. */
  async isCurrent(username: string, ver: number): Promise<boolean> {
    const cached = this.known.get(username);
    const fresh = cached !== undefined && this.clock() - cached.readAt < this.maxAgeMs;
    let version = fresh ? cached.version : await this.read(username);
    // newer than the cache: another replica raised it meanwhile; read now instead of refusing
    if (fresh && ver > version) version = await this.read(username);
    return ver === version;
  }

  /** The version straight from the database (refresh, login), which also renews the cache. */
  current(username: string): Promise<number> {
    return this.read(username);
  }

  /** This replica just changed the version (or read it with the account): cache it now. */
  set(username: string, version: number): void {
    this.known.set(username, { version, readAt: this.clock() });
  }

  private read(username: string): Promise<number> {
    const pending = this.reading.get(username);
    if (pending !== undefined) return pending;
    const started = this.clock();
    const read = this.source
      .tokenVersion(username)
      .then((version) => {
        const seen = this.known.get(username);
        // a raise made here while the read was under way must not be overwritten by an older answer
        if (seen === undefined || seen.readAt <= started || seen.version <= version)
          this.known.set(username, { version, readAt: started });
        return this.known.get(username)?.version ?? version;
      })
      .finally(() => this.reading.delete(username));
    this.reading.set(username, read);
    return read;
  }
}
