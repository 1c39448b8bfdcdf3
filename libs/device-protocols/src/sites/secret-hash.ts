import { createHash, randomBytes, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { BoundedConcurrency } from './bounded-concurrency';
import { LowPriorityScrypt } from './low-priority-scrypt';

/**
 * Device secrets and user passwords, stored either in plain text (demo files) or as an scrypt hash:
 *
 *     scrypt$N$r$p$<salt base64>$<hash base64>
 *
 * written by `hashSecret` with N=16384, r=8, p=1, a 16-byte random salt and a 32-byte key, e.g.
 * `scrypt$16384$8$1$q1w2…==$Zx…=`. Standard base64 (with `=` padding) for salt and hash; the key
 * is scrypt over the UTF-8 bytes of the secret as written (no Unicode normalisation).
 * Other parameters are accepted when reading, within the bounds below, so a hash made elsewhere
 * with a stronger setting still verifies.
 */
export const SCRYPT_DEFAULTS = { N: 16384, r: 8, p: 1, saltBytes: 16, keyBytes: 32 } as const;

/** Bounds for hashes read from a sites file: a typo such as N=2^30 must not exhaust memory. */
const MAX_SCRYPT_MEMORY = 256 * 1024 * 1024;
const MIN_SALT_BYTES = 8;
const MIN_KEY_BYTES = 16;
const MAX_BYTES = 64;

export interface SecretHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

/** A stored hash that does not follow the `scrypt$N$r$p$salt$hash` format; `message` says what is wrong. */
export class SecretHashError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretHashError';
  }
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const FORMAT_HINT = 'expected scrypt$N$r$p$<salt base64>$<hash base64>, as printed by hashSecret';

function positiveInt(text: string, name: string): number {
  if (!/^[1-9]\d{0,9}$/.test(text))
    throw new SecretHashError(`${name} "${text}" is not a positive integer; ${FORMAT_HINT}`);
  return Number(text);
}

function base64Bytes(text: string, name: string, min: number): Buffer {
  if (text === '' || !BASE64.test(text))
    throw new SecretHashError(`${name} is not valid base64; ${FORMAT_HINT}`);
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length < min || bytes.length > MAX_BYTES) {
    throw new SecretHashError(`${name} is ${bytes.length} bytes, expected ${min} to ${MAX_BYTES}`);
  }
  return bytes;
}

/** Splits and checks a stored hash; throws `SecretHashError` with the reason when it is malformed. */
export function parseSecretHash(stored: string): SecretHash {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') {
    throw new SecretHashError(
      `not of the form scrypt$N$r$p$<salt base64>$<hash base64> (as printed by hashSecret)`,
    );
  }
  const [, nText, rText, pText, saltText, hashText] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const N = positiveInt(nText, 'N');
  const r = positiveInt(rText, 'r');
  const p = positiveInt(pText, 'p');
  if (N < 2 || (N & (N - 1)) !== 0) throw new SecretHashError(`N ${N} is not a power of two greater than 1`);
  if (128 * N * r > MAX_SCRYPT_MEMORY)
    throw new SecretHashError(`N ${N} with r ${r} needs more than 256 MiB`);
  if (p > 16) throw new SecretHashError(`p ${p} is above 16`);
  return {
    N,
    r,
    p,
    salt: base64Bytes(saltText, 'salt', MIN_SALT_BYTES),
    hash: base64Bytes(hashText, 'hash', MIN_KEY_BYTES),
  };
}

const scryptOptions = (h: Pick<SecretHash, 'N' | 'r' | 'p'>): ScryptOptions => ({
  N: h.N,
  r: h.r,
  p: h.p,
  maxmem: 128 * h.N * h.r + 32 * 1024 * 1024,
});

function derive(plain: string, h: Pick<SecretHash, 'N' | 'r' | 'p' | 'salt'>, keyBytes: number): Buffer {
  return scryptSync(Buffer.from(plain, 'utf8'), h.salt, keyBytes, scryptOptions(h));
}

function deriveOffLoop(plain: string, h: SecretHash): Promise<Buffer> {
  return lowPriority.derive(plain, h.salt, h.hash.length, scryptOptions(h));
}

/** A new scrypt hash of `plain` in the documented format (random salt: two calls differ). */
export function hashSecret(plain: string): string {
  const params = { N: SCRYPT_DEFAULTS.N, r: SCRYPT_DEFAULTS.r, p: SCRYPT_DEFAULTS.p };
  const salt = randomBytes(SCRYPT_DEFAULTS.saltBytes);
  const hash = derive(plain, { ...params, salt }, SCRYPT_DEFAULTS.keyBytes);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Successful verifications, keyed by (stored hash, sha256 of the plain secret). One scrypt check
 * (N=16384, r=8) costs roughly 50–150 ms of CPU; when a school's network comes back, its 150
 * devices reconnect at once and would otherwise queue for seconds, every time. Only successes are
 * cached, so guessing is never made cheaper; keying by the stored hash means a changed hash is
 * simply a miss. Bounded: the oldest entry goes first. Shared by the sync and the async check.
 */
const VERIFIED_CACHE_SIZE = 4096;
const verified = new Map<string, true>();

function remember(key: string): void {
  if (verified.size >= VERIFIED_CACHE_SIZE) {
    const oldest = verified.keys().next();
    if (!oldest.done) verified.delete(oldest.value);
  }
  verified.set(key, true);
}

const cacheKey = (plain: string, stored: string): string => `${stored}\u0000${sha256(plain).toString('hex')}`;

function verifyHashed(plain: string, stored: string): boolean {
  const key = cacheKey(plain, stored);
  if (verified.has(key)) return true;
  let parsed: SecretHash;
  try {
    parsed = parseSecretHash(stored);
  } catch {
    return false;
  }
  const ok = timingSafeEqual(derive(plain, parsed, parsed.hash.length), parsed.hash);
  if (ok) remember(key);
  return ok;
}

/**
 * Whether `plain` matches the stored secret: `secretHash` when present, else the plain `secret`.
 * Constant-time in both cases (plain secrets are compared through their SHA-256 digests, so
 * neither content nor length leaks). False when neither is stored.
 *
 * Runs scrypt on the calling thread: a server must use `verifySecretAsync` instead.
 */
export function verifySecret(plain: string, stored: { secret?: string; secretHash?: string }): boolean {
  if (stored.secretHash !== undefined) return verifyHashed(plain, stored.secretHash);
  if (stored.secret !== undefined) return timingSafeEqual(sha256(plain), sha256(stored.secret));
  return false;
}

/** Said when the waiting list of credential checks is full; the client should try again later. */
export class CredentialCheckBusyError extends Error {
  constructor() {
    super('too many credential checks in progress; try again');
    this.name = 'CredentialCheckBusyError';
  }
}

/** libuv's default, and its own cap, when UV_THREADPOOL_SIZE is unset or not a positive number. */
function threadPoolSize(): number {
  const size = Number(process.env['UV_THREADPOOL_SIZE']);
  return Number.isInteger(size) && size > 0 ? Math.min(size, 1024) : 4;
}

/**
 * Derivations in flight at once. More than the cores only makes each one slower; more than the
 * libuv pool would leave file and DNS work no thread to run on.
 */
export const CREDENTIAL_CHECK_CONCURRENCY = Math.max(1, Math.min(threadPoolSize(), availableParallelism()));

/** Checks waiting for a derivation; about 1,000 × 50 ms ÷ K of work, beyond which a client must retry. */
export const CREDENTIAL_CHECK_QUEUE = 1000;

/** Where derivations run: niced worker threads, so a storm of them never takes a core from the event loop. */
const lowPriority = new LowPriorityScrypt(CREDENTIAL_CHECK_CONCURRENCY);

const derivations = new BoundedConcurrency(
  CREDENTIAL_CHECK_CONCURRENCY,
  CREDENTIAL_CHECK_QUEUE,
  () => new CredentialCheckBusyError(),
);

/** Checks under way by cache key: many clients logging in with one device's secret at once cost one derivation. */
const inFlight = new Map<string, Promise<boolean>>();

function verifyHashedAsync(plain: string, stored: string): Promise<boolean> {
  const key = cacheKey(plain, stored);
  if (verified.has(key)) return Promise.resolve(true);
  const pending = inFlight.get(key);
  if (pending !== undefined) return pending;
  let parsed: SecretHash;
  try {
    parsed = parseSecretHash(stored);
  } catch {
    return Promise.resolve(false);
  }
  const check = derivations
    .run(() => deriveOffLoop(plain, parsed))
    .then((derived) => {
      const ok = timingSafeEqual(derived, parsed.hash);
      if (ok) remember(key);
      return ok;
    })
    .finally(() => inFlight.delete(key));
  inFlight.set(key, check);
  return check;
}

/**
 * `verifySecret` with scrypt on the libuv thread pool, at most `CREDENTIAL_CHECK_CONCURRENCY` at
 * once (oldest first), so a storm of logins never stalls the event loop. A cached success answers
 * without any derivation; concurrent checks of the same secret against the same hash share one.
 * Rejects with `CredentialCheckBusyError` when `CREDENTIAL_CHECK_QUEUE` checks already wait.
 */
export function verifySecretAsync(
  plain: string,
  stored: { secret?: string; secretHash?: string },
): Promise<boolean> {
  if (stored.secretHash !== undefined) return verifyHashedAsync(plain, stored.secretHash);
  return Promise.resolve(verifySecret(plain, stored));
}
