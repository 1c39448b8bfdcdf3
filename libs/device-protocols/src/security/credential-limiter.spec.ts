import { describe, expect, it } from 'vitest';
import { CredentialLimiter, type CredentialLimits } from './credential-limiter';

const MIN = 60_000;

/** A clock the test moves by hand. */
function fakeClock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const small: Partial<CredentialLimits> = {
  account: { maxFailures: 3, windowMs: 5 * MIN },
  source: { maxFailures: 5, windowMs: MIN },
  lockoutMs: 5 * MIN,
  maxLockoutMs: 60 * MIN,
};

describe('CredentialLimiter', () => {
  it('locks an account after maxFailures within the window, reports the lockout once, and lets it in again after', () => {
    const clock = fakeClock();
    const limiter = new CredentialLimiter(small);
    expect(limiter.recordFailure('smk-1', '10.0.0.1', clock.now())).toEqual([]);
    expect(limiter.recordFailure('smk-1', '10.0.0.2', clock.now())).toEqual([]);
    expect(limiter.check('smk-1', '10.0.0.3', clock.now())).toEqual({ allowed: true });
    const started = limiter.recordFailure('smk-1', '10.0.0.3', clock.now());
    expect(started).toEqual([
      { scope: 'account', account: 'smk-1', source: '10.0.0.3', until: clock.now() + 5 * MIN },
    ]);
    // Refused from any address, and no second report while it lasts.
    expect(limiter.check('smk-1', '10.9.9.9', clock.now())).toMatchObject({
      allowed: false,
      lockout: { scope: 'account', until: clock.now() + 5 * MIN },
    });
    expect(limiter.recordFailure('smk-1', '10.0.0.3', clock.now())).toEqual([]);
    // Another account from the same addresses is unaffected.
    expect(limiter.check('smk-2', '10.0.0.3', clock.now())).toEqual({ allowed: true });
    clock.advance(5 * MIN - 1);
    expect(limiter.check('smk-1', '10.9.9.9', clock.now())).toEqual({
      allowed: false,
      lockout: expect.anything(),
    });
    clock.advance(1);
    expect(limiter.check('smk-1', '10.9.9.9', clock.now())).toEqual({ allowed: true });
  });

  it('counts only failures inside the window', () => {
    const clock = fakeClock();
    const limiter = new CredentialLimiter(small);
    limiter.recordFailure('smk-1', 'a', clock.now());
    limiter.recordFailure('smk-1', 'b', clock.now());
    clock.advance(5 * MIN + 1);
    expect(limiter.recordFailure('smk-1', 'c', clock.now())).toEqual([]);
    expect(limiter.check('smk-1', 'c', clock.now())).toEqual({ allowed: true });
  });

  it('doubles each further lockout up to maxLockoutMs and forgets the doubling after a quiet hour', () => {
    const clock = fakeClock();
    const limiter = new CredentialLimiter(small);
    const lockOnce = (): number => {
      let until: number | undefined;
      for (let i = 0; i < 3; i++) {
        until ??= limiter
          .recordFailure('smk-1', `10.0.0.${i}`, clock.now())
          .find((l) => l.scope === 'account')?.until;
      }
      const duration = until! - clock.now();
      clock.advance(duration + 1);
      return duration;
    };
    expect([lockOnce(), lockOnce(), lockOnce(), lockOnce(), lockOnce()]).toEqual([
      5 * MIN,
      10 * MIN,
      20 * MIN,
      40 * MIN,
      60 * MIN,
    ]);
    clock.advance(60 * MIN + 1);
    expect(lockOnce()).toBe(5 * MIN);
  });

  it('locks a source address that fails across many accounts, unknown names included', () => {
    const clock = fakeClock();
    const limiter = new CredentialLimiter(small);
    const started = Array.from({ length: 5 }, (_, i) =>
      limiter.recordFailure(i % 2 ? `smk-${i}` : undefined, '203.0.113.7', clock.now()),
    ).flat();
    expect(started).toEqual([{ scope: 'source', source: '203.0.113.7', until: clock.now() + 5 * MIN }]);
    expect(limiter.check('smk-new', '203.0.113.7', clock.now())).toMatchObject({
      allowed: false,
      lockout: { scope: 'source' },
    });
    expect(limiter.check(undefined, '203.0.113.7', clock.now())).toMatchObject({ allowed: false });
    // Other addresses log in as usual.
    expect(limiter.check('smk-new', '198.51.100.1', clock.now())).toEqual({ allowed: true });
  });

  it('exempts a known (account, address) pair from the account and source lockouts, but limits the pair itself', () => {
    const clock = fakeClock();
    const limiter = new CredentialLimiter(small);
    limiter.recordSuccess('smk-1', '10.1.1.1', clock.now());
    // An attacker elsewhere locks the account …
    for (let i = 0; i < 3; i++) limiter.recordFailure('smk-1', '203.0.113.7', clock.now());
    expect(limiter.check('smk-1', '203.0.113.7', clock.now())).toMatchObject({ allowed: false });
    // … and a guesser behind the device's own NAT locks the address with other names.
    for (let i = 0; i < 5; i++) limiter.recordFailure(`ghost-${i}`, '10.1.1.1', clock.now());
    expect(limiter.check('smk-2', '10.1.1.1', clock.now())).toMatchObject({
      allowed: false,
      lockout: { scope: 'source' },
    });
    // The device itself still gets in from where it always connects.
    expect(limiter.check('smk-1', '10.1.1.1', clock.now())).toEqual({ allowed: true });
    // Guessing its secret from that address is limited like an account.
    const started = [0, 1, 2].flatMap(() => limiter.recordFailure('smk-1', '10.1.1.1', clock.now()));
    expect(started).toContainEqual({
      scope: 'known_pair',
      account: 'smk-1',
      source: '10.1.1.1',
      until: clock.now() + 5 * MIN,
    });
    expect(limiter.check('smk-1', '10.1.1.1', clock.now())).toMatchObject({
      allowed: false,
      lockout: { scope: 'known_pair' },
    });
  });

  it('forgets a known pair after knownForMs', () => {
    const clock = fakeClock();
    const limiter = new CredentialLimiter({ ...small, knownForMs: 2 * MIN });
    limiter.recordSuccess('smk-1', '10.1.1.1', clock.now());
    for (let i = 0; i < 3; i++) limiter.recordFailure('smk-1', '203.0.113.7', clock.now());
    expect(limiter.check('smk-1', '10.1.1.1', clock.now())).toEqual({ allowed: true });
    clock.advance(2 * MIN + 1);
    expect(limiter.check('smk-1', '10.1.1.1', clock.now())).toMatchObject({
      allowed: false,
      lockout: { scope: 'account' },
    });
  });

  it('keeps its tables bounded under a flood of distinct names and addresses, and keeps active lockouts', () => {
    const clock = fakeClock();
    const limiter = new CredentialLimiter({ ...small, maxKeys: 100 });
    for (let i = 0; i < 3; i++) limiter.recordFailure('victim', '192.0.2.1', clock.now());
    for (let i = 0; i < 10_000; i++) {
      limiter.recordFailure(`name-${i}`, `198.51.${i >> 8}.${i & 0xff}`, clock.now());
      limiter.recordSuccess(`name-${i}`, `198.51.${i >> 8}.${i & 0xff}`, clock.now());
    }
    const size = limiter.size;
    expect(Math.max(size.accounts, size.sources, size.pairs, size.known)).toBeLessThanOrEqual(100);
    expect(limiter.check('victim', '192.0.2.99', clock.now())).toMatchObject({ allowed: false });
  });

  it('refuses invalid limits', () => {
    expect(() => new CredentialLimiter({ account: { maxFailures: 0, windowMs: MIN } })).toThrow(
      /account.maxFailures 0/,
    );
  });
});
