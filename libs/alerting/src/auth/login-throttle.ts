import { parseDuration } from '@campus/device-protocols';
import { z } from 'zod';

/**
 * The limits on `POST /api/auth/login` (and on the current-password check of a password change).
 * Defaults and environment variables: docs/security.md (section "Login throttling").
 */
export interface LoginThrottlePolicy {
  /** Failed logins of one account name within `failureWindowMs` that lock it. */
  maxFailures: number;
  failureWindowMs: number;
  /**
   * How long the first lockout lasts. Each further lockout without a successful login in between
   * lasts twice as long as the one before, up to `lockoutMaxMs`.
   */
  lockoutMs: number;
  lockoutMaxMs: number;
  /**
   * Per client address, a token bucket: `addressBurst` attempts at once, refilled at
   * `addressPerMinute`. A successful login gives its attempt back, so only failures use it up.
   */
  addressBurst: number;
  addressPerMinute: number;
  /**
   * Bounds of the two tables (account names, unknown ones included, and client addresses): past
   * them the least recently used entry is forgotten, so a flood of distinct names or addresses
   * cannot grow memory.
   */
  maxAccounts: number;
  maxAddresses: number;
}

export const DEFAULT_LOGIN_THROTTLE: Readonly<LoginThrottlePolicy> = {
  maxFailures: 5,
  failureWindowMs: 15 * 60_000,
  lockoutMs: 15 * 60_000,
  lockoutMaxMs: 60 * 60_000,
  addressBurst: 20,
  addressPerMinute: 10,
  maxAccounts: 10_000,
  maxAddresses: 10_000,
};

/** Lockout doublings are forgotten after this long without a failure. */
const STRIKE_MEMORY_MS = 24 * 3600_000;

/** Which limit refused an attempt. */
export type ThrottleReason = 'account_locked' | 'account_busy' | 'address';

/** One admitted attempt: hand it back with `succeeded`, `failed` or `abandoned`, exactly once. */
export interface LoginTicket {
  readonly account: string;
  readonly address: string;
}

export type Admission =
  | { admitted: true; ticket: LoginTicket }
  | { admitted: false; reason: ThrottleReason; retryAfterSeconds: number };

/** What a failure did: when it locked the account, for how long (a lockout is reported once). */
export interface FailureOutcome {
  lockedForSeconds?: number;
}

interface AccountEntry {
  /** Times of the failures still inside the window (oldest first, at most maxFailures). */
  failures: number[];
  /** Admitted attempts not handed back yet. */
  inFlight: number;
  /** 0: not locked. */
  lockedUntil: number;
  /** Lockouts since the last successful login (the next one lasts 2^strikes × lockoutMs). */
  strikes: number;
  lastFailureAt: number;
}

interface AddressEntry {
  tokens: number;
  updatedAt: number;
}

const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

/**
 * Login throttling, pure (the clock is injected; no I/O, no timers). Two limits, both checked
 * before any password work:
 *
 * - per account name (known or not, so the answers do not tell which names exist): at most
 *   `maxFailures` failures, attempts in flight included, within `failureWindowMs`; the failure that
 *   reaches it locks the name for `lockoutMs`, doubling per further lockout up to `lockoutMaxMs`.
 *   A successful login clears the failures and the doublings.
 * - per client address: a token bucket (`addressBurst`, `addressPerMinute`); failures use it up.
 *
 * An attempt refused here costs nothing and counts nothing (it does not extend a lockout).
 */
export class LoginThrottle {
  private readonly accounts = new Map<string, AccountEntry>();
  private readonly addresses = new Map<string, AddressEntry>();
  private readonly refillPerMs: number;

  constructor(
    private readonly policy: LoginThrottlePolicy = DEFAULT_LOGIN_THROTTLE,
    private readonly clock: () => number = Date.now,
  ) {
    this.refillPerMs = policy.addressPerMinute / 60_000;
  }

  /** Whether an attempt for `account` from `address` may check a password now. */
  admit(account: string, address: string): Admission {
    const now = this.clock();
    const entry = this.accounts.get(account);
    if (entry !== undefined) {
      this.expire(entry, now);
      if (entry.lockedUntil > now) {
        return {
          admitted: false,
          reason: 'account_locked',
          retryAfterSeconds: seconds(entry.lockedUntil - now),
        };
      }
      if (entry.failures.length + entry.inFlight >= this.policy.maxFailures) {
        // Only attempts still in flight can fill it (the failure that fills it locks): come back soon.
        return { admitted: false, reason: 'account_busy', retryAfterSeconds: 1 };
      }
    }
    const bucket = this.bucket(address, now);
    if (bucket.tokens < 1) {
      return {
        admitted: false,
        reason: 'address',
        retryAfterSeconds: seconds((1 - bucket.tokens) / this.refillPerMs),
      };
    }
    bucket.tokens -= 1;
    this.touchAddress(address, bucket);
    const kept = entry ?? { failures: [], inFlight: 0, lockedUntil: 0, strikes: 0, lastFailureAt: 0 };
    kept.inFlight += 1;
    this.touchAccount(account, kept);
    return { admitted: true, ticket: { account, address } };
  }

  /**
   * Seconds until `address` may attempt again, 0 when it may now: the address limit alone, read
   * only (no attempt is taken). For a cheap early refusal before the request is handled further.
   */
  addressWait(address: string): number {
    const entry = this.addresses.get(address);
    if (entry === undefined) return 0;
    const elapsed = Math.max(0, this.clock() - entry.updatedAt);
    const tokens = Math.min(this.policy.addressBurst, entry.tokens + elapsed * this.refillPerMs);
    return tokens >= 1 ? 0 : seconds((1 - tokens) / this.refillPerMs);
  }

  /** The password was right: the account's failures and doublings are cleared, the address's attempt given back. */
  succeeded(ticket: LoginTicket): void {
    const entry = this.accounts.get(ticket.account);
    if (entry !== undefined) {
      entry.inFlight = Math.max(0, entry.inFlight - 1);
      entry.failures = [];
      entry.lockedUntil = 0;
      entry.strikes = 0;
      if (entry.inFlight === 0) this.accounts.delete(ticket.account);
    }
    this.refund(ticket.address);
  }

  /** The password was wrong (or the name unknown). Reports the lockout this failure started, if any. */
  failed(ticket: LoginTicket): FailureOutcome {
    const now = this.clock();
    const entry = this.accounts.get(ticket.account) ?? {
      failures: [],
      inFlight: 1,
      lockedUntil: 0,
      strikes: 0,
      lastFailureAt: 0,
    };
    entry.inFlight = Math.max(0, entry.inFlight - 1);
    this.expire(entry, now);
    entry.failures.push(now);
    entry.lastFailureAt = now;
    let outcome: FailureOutcome = {};
    if (entry.failures.length >= this.policy.maxFailures && entry.lockedUntil <= now) {
      const ms = Math.min(this.policy.lockoutMs * 2 ** entry.strikes, this.policy.lockoutMaxMs);
      entry.lockedUntil = now + ms;
      entry.strikes += 1;
      entry.failures = [];
      outcome = { lockedForSeconds: seconds(ms) };
    }
    this.touchAccount(ticket.account, entry);
    return outcome;
  }

  /** The check did not happen (e.g. the server was too busy): nothing is counted. */
  abandoned(ticket: LoginTicket): void {
    const entry = this.accounts.get(ticket.account);
    if (entry !== undefined) {
      entry.inFlight = Math.max(0, entry.inFlight - 1);
      if (
        entry.inFlight === 0 &&
        entry.failures.length === 0 &&
        entry.lockedUntil === 0 &&
        entry.strikes === 0
      )
        this.accounts.delete(ticket.account);
    }
    this.refund(ticket.address);
  }

  /** Forgets the account's failures and lockout (an administrator reset its password). */
  unlock(account: string): void {
    const entry = this.accounts.get(account);
    if (entry === undefined) return;
    if (entry.inFlight === 0) {
      this.accounts.delete(account);
      return;
    }
    entry.failures = [];
    entry.lockedUntil = 0;
    entry.strikes = 0;
  }

  /** Whether the account is locked now (for tests and logs). */
  lockedFor(account: string): number {
    const entry = this.accounts.get(account);
    const ms = entry === undefined ? 0 : entry.lockedUntil - this.clock();
    return ms > 0 ? seconds(ms) : 0;
  }

  /** Table sizes (tests: the bound holds). */
  get size(): { accounts: number; addresses: number } {
    return { accounts: this.accounts.size, addresses: this.addresses.size };
  }

  private expire(entry: AccountEntry, now: number): void {
    const since = now - this.policy.failureWindowMs;
    while (entry.failures.length > 0 && (entry.failures[0] ?? now) <= since) entry.failures.shift();
    if (entry.lockedUntil !== 0 && entry.lockedUntil <= now) entry.lockedUntil = 0;
    if (entry.strikes > 0 && now - entry.lastFailureAt > STRIKE_MEMORY_MS) entry.strikes = 0;
  }

  private bucket(address: string, now: number): AddressEntry {
    const entry = this.addresses.get(address) ?? { tokens: this.policy.addressBurst, updatedAt: now };
    const elapsed = Math.max(0, now - entry.updatedAt);
    entry.tokens = Math.min(this.policy.addressBurst, entry.tokens + elapsed * this.refillPerMs);
    entry.updatedAt = now;
    return entry;
  }

  private refund(address: string): void {
    const entry = this.addresses.get(address);
    if (entry === undefined) return;
    entry.tokens = Math.min(this.policy.addressBurst, entry.tokens + 1);
    if (entry.tokens >= this.policy.addressBurst) this.addresses.delete(address);
  }

  /** Most recently used last; past the bound the oldest entries go (those with nothing in flight first). */
  private touchAccount(account: string, entry: AccountEntry): void {
    this.accounts.delete(account);
    this.accounts.set(account, entry);
    evict(this.accounts, this.policy.maxAccounts, (e) => e.inFlight === 0);
  }

  private touchAddress(address: string, entry: AddressEntry): void {
    this.addresses.delete(address);
    this.addresses.set(address, entry);
    evict(this.addresses, this.policy.maxAddresses, () => true);
  }
}

/** Drops the oldest entries past `max`, preferring those `idle` says may go (scanning a few). */
function evict<T>(map: Map<string, T>, max: number, idle: (entry: T) => boolean): void {
  while (map.size > max) {
    let victim: string | undefined;
    let scanned = 0;
    for (const [key, value] of map) {
      if (idle(value)) {
        victim = key;
        break;
      }
      if (++scanned >= 64) break;
    }
    victim ??= map.keys().next().value;
    if (victim === undefined) return;
    map.delete(victim);
  }
}

const count = (name: string, fallback: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a whole number` })
    .int(`${name} must be a whole number`)
    .min(1, `${name} must be at least 1`)
    .max(max, `${name} must be at most ${max}`)
    .default(fallback);

function durationMs(env: NodeJS.ProcessEnv, name: string, fallbackMs: number): number {
  const text = env[name]?.trim();
  if (text === undefined || text === '') return fallbackMs;
  const s = parseDuration(/^\d+$/.test(text) ? Number(text) : text);
  if (s === undefined || s === 0) {
    throw new Error(
      `${name}="${text}" is not a duration: write seconds (900) or 90s, 15m, 1h (at most 7 days)`,
    );
  }
  return s * 1000;
}

/**
 * The policy from LOGIN_MAX_FAILURES, LOGIN_FAILURE_WINDOW, LOGIN_LOCKOUT, LOGIN_LOCKOUT_MAX,
 * LOGIN_IP_BURST and LOGIN_IP_PER_MINUTE (durations as seconds or `90s`/`15m`/`1h`); unset
 * variables keep the defaults. Throws with the variable's name when a value is unusable.
 */
export function loginThrottlePolicyFromEnv(env: NodeJS.ProcessEnv): LoginThrottlePolicy {
  const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());
  const counts = z
    .object({
      LOGIN_MAX_FAILURES: count('LOGIN_MAX_FAILURES', DEFAULT_LOGIN_THROTTLE.maxFailures, 1000),
      LOGIN_IP_BURST: count('LOGIN_IP_BURST', DEFAULT_LOGIN_THROTTLE.addressBurst, 100_000),
      LOGIN_IP_PER_MINUTE: count('LOGIN_IP_PER_MINUTE', DEFAULT_LOGIN_THROTTLE.addressPerMinute, 100_000),
    })
    .safeParse({
      LOGIN_MAX_FAILURES: blank(env['LOGIN_MAX_FAILURES']),
      LOGIN_IP_BURST: blank(env['LOGIN_IP_BURST']),
      LOGIN_IP_PER_MINUTE: blank(env['LOGIN_IP_PER_MINUTE']),
    });
  if (!counts.success) throw new Error(counts.error.issues.map((i) => i.message).join('; '));
  const lockoutMs = durationMs(env, 'LOGIN_LOCKOUT', DEFAULT_LOGIN_THROTTLE.lockoutMs);
  const lockoutMaxMs = durationMs(
    env,
    'LOGIN_LOCKOUT_MAX',
    Math.max(DEFAULT_LOGIN_THROTTLE.lockoutMaxMs, lockoutMs),
  );
  if (lockoutMaxMs < lockoutMs) {
    throw new Error('LOGIN_LOCKOUT_MAX must not be shorter than LOGIN_LOCKOUT');
  }
  return {
    ...DEFAULT_LOGIN_THROTTLE,
    maxFailures: counts.data.LOGIN_MAX_FAILURES,
    failureWindowMs: durationMs(env, 'LOGIN_FAILURE_WINDOW', DEFAULT_LOGIN_THROTTLE.failureWindowMs),
    lockoutMs,
    lockoutMaxMs,
    addressBurst: counts.data.LOGIN_IP_BURST,
    addressPerMinute: counts.data.LOGIN_IP_PER_MINUTE,
  };
}
