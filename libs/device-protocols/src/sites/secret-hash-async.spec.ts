import { randomBytes, type BinaryLike, type ScryptOptions } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CREDENTIAL_CHECK_CONCURRENCY,
  CREDENTIAL_CHECK_QUEUE,
  CredentialCheckBusyError,
  hashSecret,
  verifySecret,
  verifySecretAsync,
} from './secret-hash';

/** Derivations seen by node:crypto, so the tests can tell a cache hit from a derivation. */
const seen = vi.hoisted(() => ({ scrypt: 0, scryptSync: 0, inFlight: 0, maxInFlight: 0 }));

type ScryptCallback = (err: Error | null, key: Buffer) => void;

vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  return {
    ...real,
    scrypt: (
      password: BinaryLike,
      salt: BinaryLike,
      keylen: number,
      options: ScryptOptions,
      done: ScryptCallback,
    ) => {
      seen.scrypt++;
      seen.inFlight++;
      seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
      real.scrypt(password, salt, keylen, options, (err, key) => {
        seen.inFlight--;
        done(err, key);
      });
    },
    scryptSync: (password: BinaryLike, salt: BinaryLike, keylen: number, options: ScryptOptions) => {
      seen.scryptSync++;
      return real.scryptSync(password, salt, keylen, options);
    },
  };
});

/**
 * The derivations run on niced worker threads (low-priority-scrypt.spec.ts tests those); here they
 * go through node:crypto's scrypt above, so that each one is seen and counted.
 */
vi.mock('./low-priority-scrypt', async () => {
  const crypto = await import('node:crypto');
  return {
    LowPriorityScrypt: class {
      derive(plain: string, salt: Buffer, keyBytes: number, options: ScryptOptions): Promise<Buffer> {
        return new Promise((resolve, reject) =>
          crypto.scrypt(Buffer.from(plain, 'utf8'), salt, keyBytes, options, (err, key) =>
            err ? reject(err) : resolve(key),
          ),
        );
      }
    },
  };
});

/** An scrypt hash nothing matches, with N=2: a check costs microseconds, so queues can be filled. */
const cheapHash = (): string =>
  ['scrypt', 2, 1, 1, randomBytes(16).toString('base64'), randomBytes(32).toString('base64')].join('$');

const derivations = (): number => seen.scrypt + seen.scryptSync;

beforeEach(() => {
  Object.assign(seen, { scrypt: 0, scryptSync: 0, inFlight: 0, maxInFlight: 0 });
});

describe('verifySecretAsync', () => {
  /** Distinct secrets and salts: none of these checks can be answered from the cache. */
  const secrets = Array.from({ length: 16 }, (_, i) => `device-secret-${i}`);
  let hashes: string[];

  beforeAll(() => {
    hashes = secrets.map((s) => hashSecret(s));
  });

  it('gives the same answers as verifySecret', async () => {
    const h = hashSecret('校园安全');
    expect(await verifySecretAsync('校园安全', { secretHash: h })).toBe(true);
    expect(await verifySecretAsync('校园安', { secretHash: h })).toBe(false);
    expect(await verifySecretAsync('', { secretHash: h })).toBe(false);
    expect(await verifySecretAsync('a', { secret: 'a', secretHash: h })).toBe(false);
    expect(await verifySecretAsync('a', { secret: 'a' })).toBe(true);
    expect(await verifySecretAsync('a-and-more', { secret: 'a' })).toBe(false);
    expect(await verifySecretAsync('a', {})).toBe(false);
  });

  it('refuses against a malformed hash without deriving anything', async () => {
    expect(await verifySecretAsync('a', { secretHash: 'scrypt$1$2$3' })).toBe(false);
    expect(
      await verifySecretAsync('a', {
        secretHash: 'scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==',
      }),
    ).toBe(false);
    expect(derivations()).toBe(0);
  });

  it('keeps the event loop turning while 16 derivations run (scryptSync would stall it ~50 ms each)', async () => {
    // Event-loop utilisation, not wall time, is the measure: a busy shared machine may deschedule
    // the test, but only work on the loop itself makes it "active".
    const elu = performance.eventLoopUtilization();
    let last = performance.now();
    let longestGap = 0;
    let ticks = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
      ticks++;
    }, 1);
    try {
      const answers = await Promise.all(
        hashes.map((h, i) => verifySecretAsync(i % 2 === 0 ? secrets[i]! : 'wrong', { secretHash: h })),
      );
      expect(answers).toEqual(secrets.map((_, i) => i % 2 === 0));
    } finally {
      clearInterval(ticker);
    }
    longestGap = Math.max(longestGap, performance.now() - last);
    expect(performance.eventLoopUtilization(elu).utilization).toBeLessThan(0.5);
    // 16 derivations in a row on the loop would block it for ~800 ms
    expect(longestGap).toBeLessThan(250);
    expect(ticks).toBeGreaterThan(10);
    expect(seen.scrypt).toBe(16);
    expect(seen.scryptSync).toBe(0);
  });

  it('runs at most CREDENTIAL_CHECK_CONCURRENCY derivations at once', async () => {
    const checks = Array.from({ length: 12 }, () => verifySecretAsync('x', { secretHash: cheapHash() }));
    expect(await Promise.all(checks)).toEqual(checks.map(() => false));
    expect(seen.scrypt).toBe(12);
    expect(seen.maxInFlight).toBe(Math.min(CREDENTIAL_CHECK_CONCURRENCY, 12));
    expect(CREDENTIAL_CHECK_CONCURRENCY).toBeGreaterThanOrEqual(1);
  });

  it('answers the second check of a right secret from the cache, without a derivation', async () => {
    const h = hashSecret('reconnect-me');
    seen.scryptSync = 0;
    expect(await verifySecretAsync('reconnect-me', { secretHash: h })).toBe(true);
    expect(derivations()).toBe(1);
    expect(await verifySecretAsync('reconnect-me', { secretHash: h })).toBe(true);
    // One cache for both: the sync check does not derive either.
    expect(verifySecret('reconnect-me', { secretHash: h })).toBe(true);
    expect(derivations()).toBe(1);
  });

  it('never caches a wrong secret', async () => {
    const h = hashSecret('the-right-one');
    seen.scryptSync = 0;
    expect(await verifySecretAsync('a-guess', { secretHash: h })).toBe(false);
    expect(await verifySecretAsync('a-guess', { secretHash: h })).toBe(false);
    expect(verifySecret('a-guess', { secretHash: h })).toBe(false);
    expect(derivations()).toBe(3);
  });

  it('shares one derivation among concurrent checks of the same secret against the same hash', async () => {
    const h = hashSecret('storm');
    seen.scryptSync = 0;
    const right = await Promise.all(
      Array.from({ length: 50 }, () => verifySecretAsync('storm', { secretHash: h })),
    );
    expect(right.every((ok) => ok)).toBe(true);
    expect(seen.scrypt).toBe(1);

    const wrong = await Promise.all(
      Array.from({ length: 50 }, () => verifySecretAsync('strom', { secretHash: h })),
    );
    expect(wrong.some((ok) => ok)).toBe(false);
    expect(seen.scrypt).toBe(2);
    // Shared while in flight only: the same wrong guess later costs a derivation again.
    expect(await verifySecretAsync('strom', { secretHash: h })).toBe(false);
    expect(seen.scrypt).toBe(3);
  });

  it('refuses at once beyond the queue bound, while cached secrets still answer', async () => {
    const known = hashSecret('known-device');
    expect(await verifySecretAsync('known-device', { secretHash: known })).toBe(true);

    const flood = Array.from({ length: CREDENTIAL_CHECK_CONCURRENCY + CREDENTIAL_CHECK_QUEUE }, (_, i) =>
      verifySecretAsync(`guess-${i}`, { secretHash: cheapHash() }),
    );
    const refused = verifySecretAsync('one-too-many', { secretHash: cheapHash() });
    await expect(refused).rejects.toThrow(CredentialCheckBusyError);
    await expect(refused).rejects.toThrow('too many credential checks in progress; try again');
    expect(await verifySecretAsync('known-device', { secretHash: known })).toBe(true);
    expect(await verifySecretAsync('plain', { secret: 'plain' })).toBe(true);

    expect((await Promise.all(flood)).some((ok) => ok)).toBe(false);
    // Room again once the queue has drained.
    expect(await verifySecretAsync('after', { secretHash: cheapHash() })).toBe(false);
  });
});
