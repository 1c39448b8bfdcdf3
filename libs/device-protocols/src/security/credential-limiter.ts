/**
 * Limits online guessing of credentials — device secrets at MQTT CONNECT, passwords at an HTTP
 * login — by counting failures and locking out for a while, without any I/O: the caller passes the
 * time (`now`, epoch ms) and acts on the verdicts (docs/protocol.md, "Connection limits").
 *
 * Three things are counted:
 *
 * - failures per **account** (a device id, a user name): `account.maxFailures` within
 *   `account.windowMs` lock that account;
 * - failures per **source** (a client address, see `addressKey`): `source.maxFailures` within
 *   `source.windowMs` lock that address, whatever account it tries next;
 * - failures per **known (account, source) pair**: once an account has logged in from an address,
 *   that pair is *known* for `knownForMs`. A known pair is exempt from the account and the source
 *   lockouts — so an attacker elsewhere who locks a smoke detector's account, or the alert service's,
 *   does not lock the real one out, and neither does a guesser behind the same school NAT who locks
 *   the address — but the pair has its own limit (the account's numbers), so guessing from a known
 *   address is bounded the same.
 *
 * A lockout lasts `lockoutMs`, twice as long for each further lockout of the same key, up to
 * `maxLockoutMs`; the doubling is forgotten once the key has stayed out of lockout for
 * `maxLockoutMs`. Every table is bounded by `maxKeys` (least recently used first out, an active
 * lockout last), so a flood of distinct names or addresses costs a bounded amount of memory.
 */
export interface FailureLimit {
  maxFailures: number;
  windowMs: number;
}

export interface CredentialLimits {
  account: FailureLimit;
  source: FailureLimit;
  lockoutMs: number;
  maxLockoutMs: number;
  /** Entries per table (accounts, sources, known pairs, their failures). */
  maxKeys: number;
  /** How long a successful login keeps its (account, source) pair known. */
  knownForMs: number;
}

export const DEFAULT_CREDENTIAL_LIMITS: Readonly<CredentialLimits> = {
  account: { maxFailures: 10, windowMs: 5 * 60_000 },
  source: { maxFailures: 50, windowMs: 60_000 },
  lockoutMs: 5 * 60_000,
  maxLockoutMs: 60 * 60_000,
  maxKeys: 50_000,
  knownForMs: 7 * 24 * 3600_000,
};

/** Which count locked: the account, the source address, or the account from one known address. */
export type LockoutScope = 'account' | 'source' | 'known_pair';

export interface Lockout {
  scope: LockoutScope;
  /** Absent for a source lockout. */
  account?: string;
  source: string;
  /** Epoch ms at which attempts are admitted again. */
  until: number;
}

export type LimiterVerdict = { allowed: true } | { allowed: false; lockout: Lockout };

interface Entry {
  /** Failure times inside the window, oldest first (at most maxFailures). */
  failures: number[];
  /** 0 when never locked. */
  lockedUntil: number;
  /** Lockouts so far: the next lasts lockoutMs × 2^strikes. */
  strikes: number;
}

/** How many of the oldest entries an insertion looks at to find one that is not locked out. */
const EVICTION_SCAN = 32;

/** Failure counts and lockouts for one kind of key, in a bounded least-recently-used table. */
class FailureTable {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly limit: FailureLimit,
    private readonly limits: CredentialLimits,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  lockedUntil(key: string, now: number): number | undefined {
    const until = this.entries.get(key)?.lockedUntil ?? 0;
    return until > now ? until : undefined;
  }

  /** Counts a failure; returns the end of the lockout it starts, if it starts one. */
  fail(key: string, now: number): number | undefined {
    let entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key); // re-inserted below: most recently used last
    } else {
      entry = { failures: [], lockedUntil: 0, strikes: 0 };
      this.makeRoom(now);
    }
    this.entries.set(key, entry);
    if (entry.lockedUntil > now) return undefined; // already locked (a check raced with it)
    const { maxFailures, windowMs } = this.limit;
    const failures = entry.failures.filter((t) => t > now - windowMs);
    failures.push(now);
    if (failures.length < maxFailures) {
      entry.failures = failures;
      return undefined;
    }
    if (entry.lockedUntil !== 0 && now - entry.lockedUntil > this.limits.maxLockoutMs) entry.strikes = 0;
    const duration = Math.min(this.limits.lockoutMs * 2 ** entry.strikes, this.limits.maxLockoutMs);
    entry.strikes++;
    entry.failures = [];
    entry.lockedUntil = now + duration;
    return entry.lockedUntil;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  /** At the bound, drops the least recently used entry that is not locked out (or the oldest). */
  private makeRoom(now: number): void {
    if (this.entries.size < this.limits.maxKeys) return;
    let scanned = 0;
    let victim: string | undefined;
    for (const [key, entry] of this.entries) {
      victim ??= key;
      if (entry.lockedUntil <= now) {
        victim = key;
        break;
      }
      if (++scanned >= EVICTION_SCAN) break;
    }
    if (victim !== undefined) this.entries.delete(victim);
  }
}

/** Successful (account, source) pairs and when they last succeeded, bounded, oldest first out. */
class KnownPairs {
  private readonly seen = new Map<string, number>();

  constructor(private readonly limits: CredentialLimits) {}

  get size(): number {
    return this.seen.size;
  }

  has(key: string, now: number): boolean {
    const at = this.seen.get(key);
    if (at === undefined) return false;
    if (now - at <= this.limits.knownForMs) return true;
    this.seen.delete(key);
    return false;
  }

  add(key: string, now: number): void {
    this.seen.delete(key);
    if (this.seen.size >= this.limits.maxKeys) {
      const oldest = this.seen.keys().next();
      if (!oldest.done) this.seen.delete(oldest.value);
    }
    this.seen.set(key, now);
  }
}

const pairKey = (account: string, source: string): string => `${account}\u0000${source}`;

export class CredentialLimiter {
  readonly limits: Readonly<CredentialLimits>;
  private readonly accounts: FailureTable;
  private readonly sources: FailureTable;
  private readonly pairs: FailureTable;
  private readonly known: KnownPairs;

  constructor(limits: Partial<CredentialLimits> = {}) {
    const merged = { ...DEFAULT_CREDENTIAL_LIMITS, ...limits };
    for (const [name, value] of Object.entries({
      'account.maxFailures': merged.account.maxFailures,
      'source.maxFailures': merged.source.maxFailures,
      maxKeys: merged.maxKeys,
    })) {
      if (!Number.isInteger(value) || value < 1)
        throw new RangeError(`${name} ${value} is not a positive integer`);
    }
    this.limits = merged;
    this.accounts = new FailureTable(merged.account, merged);
    this.sources = new FailureTable(merged.source, merged);
    this.pairs = new FailureTable(merged.account, merged);
    this.known = new KnownPairs(merged);
  }

  /** Entries held per table (to show that memory stays bounded). */
  get size(): { accounts: number; sources: number; pairs: number; known: number } {
    return {
      accounts: this.accounts.size,
      sources: this.sources.size,
      pairs: this.pairs.size,
      known: this.known.size,
    };
  }

  /**
   * Whether an attempt may be checked at all. Call it before the (costly) credential check; a
   * refused attempt must not run it. `account` undefined: no such account (only the source counts).
   */
  check(account: string | undefined, source: string, now: number): LimiterVerdict {
    if (account !== undefined) {
      const pair = pairKey(account, source);
      if (this.known.has(pair, now)) {
        const until = this.pairs.lockedUntil(pair, now);
        return until === undefined
          ? { allowed: true }
          : { allowed: false, lockout: { scope: 'known_pair', account, source, until } };
      }
      const until = this.accounts.lockedUntil(account, now);
      if (until !== undefined)
        return { allowed: false, lockout: { scope: 'account', account, source, until } };
    }
    const until = this.sources.lockedUntil(source, now);
    return until === undefined
      ? { allowed: true }
      : { allowed: false, lockout: { scope: 'source', source, until } };
  }

  /**
   * Counts a failed attempt (wrong secret; `account` undefined for a name that is no account).
   * Returns the lockouts it starts, each reported once: log them.
   */
  recordFailure(account: string | undefined, source: string, now: number): Lockout[] {
    const started: Lockout[] = [];
    if (account !== undefined) {
      const pair = pairKey(account, source);
      if (this.known.has(pair, now)) {
        const until = this.pairs.fail(pair, now);
        if (until !== undefined) started.push({ scope: 'known_pair', account, source, until });
      }
      const until = this.accounts.fail(account, now);
      if (until !== undefined) started.push({ scope: 'account', account, source, until });
    }
    const until = this.sources.fail(source, now);
    if (until !== undefined) started.push({ scope: 'source', source, until });
    return started;
  }

  /** A successful login: the pair becomes known and its own failures are forgotten. */
  recordSuccess(account: string, source: string, now: number): void {
    const pair = pairKey(account, source);
    this.known.add(pair, now);
    this.pairs.forget(pair);
  }
}
