import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LOGIN_THROTTLE,
  LoginThrottle,
  loginThrottlePolicyFromEnv,
  type Admission,
  type LoginThrottlePolicy,
  type LoginTicket,
} from './login-throttle';

const MIN = 60_000;

/** A throttle on a clock the test moves. */
function throttleAt(policy: Partial<LoginThrottlePolicy> = {}) {
  const clock = { now: Date.parse('2026-11-28T10:00:00Z') };
  const throttle = new LoginThrottle({ ...DEFAULT_LOGIN_THROTTLE, ...policy }, () => clock.now);
  return { throttle, clock, advance: (ms: number) => (clock.now += ms) };
}

function ticketOf(admission: Admission): LoginTicket {
  if (!admission.admitted) throw new Error(`refused: ${admission.reason}`);
  return admission.ticket;
}

/** One failed attempt, admitted first (throws when refused). */
function fail(throttle: LoginThrottle, account: string, address = '10.0.0.1') {
  return throttle.failed(ticketOf(throttle.admit(account, address)));
}

describe('LoginThrottle: account lockout', () => {
  it('locks an account for 15 min at the 5th failure within 15 min, and reports it once', () => {
    const { throttle, advance } = throttleAt();
    for (let i = 0; i < 4; i++) {
      expect(fail(throttle, 'yanta')).toEqual({});
      advance(MIN);
    }
    expect(fail(throttle, 'yanta')).toEqual({ lockedForSeconds: 900 });
    // even the right password is not checked now: the attempt is refused before it
    expect(throttle.admit('yanta', '10.9.9.9')).toEqual({
      admitted: false,
      reason: 'account_locked',
      retryAfterSeconds: 900,
    });
    advance(14 * MIN);
    expect(throttle.admit('yanta', '10.9.9.9')).toMatchObject({ admitted: false, retryAfterSeconds: 60 });
    advance(MIN);
    expect(throttle.admit('yanta', '10.9.9.9').admitted).toBe(true);
  });

  it('forgets failures older than the window', () => {
    const { throttle, advance } = throttleAt();
    for (let i = 0; i < 4; i++) fail(throttle, 'yanta');
    advance(15 * MIN + 1);
    for (let i = 0; i < 4; i++) expect(fail(throttle, 'yanta')).toEqual({});
    expect(throttle.lockedFor('yanta')).toBe(0);
  });

  it('doubles each further lockout up to the cap, and a success resets it all', () => {
    const { throttle, advance } = throttleAt();
    const lockouts: (number | undefined)[] = [];
    for (let round = 0; round < 4; round++) {
      let outcome = {};
      for (let i = 0; i < 5; i++) outcome = fail(throttle, 'yanta', `10.0.${round}.${i}`);
      lockouts.push((outcome as { lockedForSeconds?: number }).lockedForSeconds);
      advance(throttle.lockedFor('yanta') * 1000);
    }
    expect(lockouts).toEqual([900, 1800, 3600, 3600]);

    throttle.succeeded(ticketOf(throttle.admit('yanta', '10.1.1.1')));
    for (let i = 0; i < 4; i++) expect(fail(throttle, 'yanta', '10.2.2.2')).toEqual({});
    expect(fail(throttle, 'yanta', '10.2.2.3')).toEqual({ lockedForSeconds: 900 });
  });

  it('a successful login clears the failures so far', () => {
    const { throttle } = throttleAt();
    for (let i = 0; i < 4; i++) fail(throttle, 'yanta');
    throttle.succeeded(ticketOf(throttle.admit('yanta', '10.0.0.1')));
    for (let i = 0; i < 4; i++) expect(fail(throttle, 'yanta')).toEqual({});
  });

  it('counts attempts in flight: concurrent guesses cannot overshoot the limit', () => {
    const { throttle } = throttleAt();
    const admitted = Array.from({ length: 50 }, (_, i) => throttle.admit('yanta', `10.0.1.${i}`));
    expect(admitted.filter((a) => a.admitted)).toHaveLength(5);
    expect(admitted.at(-1)).toEqual({ admitted: false, reason: 'account_busy', retryAfterSeconds: 1 });
    const outcomes = admitted.filter((a) => a.admitted).map((a) => throttle.failed(ticketOf(a)));
    expect(outcomes.at(-1)).toEqual({ lockedForSeconds: 900 });
  });

  it('treats unknown names like known ones, and an abandoned check counts nothing', () => {
    const { throttle } = throttleAt();
    for (let i = 0; i < 4; i++) fail(throttle, 'no-such-user');
    throttle.abandoned(ticketOf(throttle.admit('no-such-user', '10.0.0.1')));
    expect(fail(throttle, 'no-such-user')).toEqual({ lockedForSeconds: 900 });
  });

  it('unlock (an admin reset) lifts the lockout', () => {
    const { throttle } = throttleAt();
    for (let i = 0; i < 5; i++) fail(throttle, 'yanta', `10.0.0.${i}`);
    expect(throttle.lockedFor('yanta')).toBe(900);
    throttle.unlock('yanta');
    expect(throttle.admit('yanta', '10.0.0.9').admitted).toBe(true);
  });
});

describe('LoginThrottle: per client address', () => {
  it('admits a burst of 20 failures from one address, then 10 a minute, with Retry-After', () => {
    const { throttle, advance } = throttleAt();
    for (let i = 0; i < 20; i++) fail(throttle, `name-${i}`, '203.0.113.7');
    expect(throttle.admit('name-x', '203.0.113.7')).toEqual({
      admitted: false,
      reason: 'address',
      retryAfterSeconds: 6,
    });
    // another address is not affected
    expect(throttle.admit('name-x', '203.0.113.8').admitted).toBe(true);
    advance(6_000);
    fail(throttle, 'name-y', '203.0.113.7');
    expect(throttle.admit('name-z', '203.0.113.7').admitted).toBe(false);
  });

  it('addressWait reads the address limit without taking an attempt', () => {
    const { throttle, advance } = throttleAt();
    expect(throttle.addressWait('203.0.113.7')).toBe(0);
    for (let i = 0; i < 20; i++) fail(throttle, `name-${i}`, '203.0.113.7');
    expect(throttle.addressWait('203.0.113.7')).toBe(6);
    expect(throttle.addressWait('203.0.113.7')).toBe(6);
    advance(6_000);
    expect(throttle.addressWait('203.0.113.7')).toBe(0);
    expect(throttle.admit('name-x', '203.0.113.7').admitted).toBe(true);
  });

  it('gives a successful login its attempt back (a school behind one NAT signing in)', () => {
    const { throttle } = throttleAt();
    for (let i = 0; i < 200; i++) {
      const ticket = ticketOf(throttle.admit(`guard-${i}`, '198.51.100.1'));
      throttle.succeeded(ticket);
    }
    expect(throttle.admit('guard-x', '198.51.100.1').admitted).toBe(true);
  });
});

describe('LoginThrottle: bounded tables', () => {
  it('keeps at most maxAccounts names and maxAddresses addresses, whatever the flood', () => {
    const { throttle, advance } = throttleAt({ maxAccounts: 100, maxAddresses: 50, addressBurst: 1_000_000 });
    for (let i = 0; i < 5_000; i++) {
      fail(throttle, `random-${i}`, `10.${(i >> 8) & 255}.${i & 255}.1`);
      advance(1);
    }
    expect(throttle.size.accounts).toBeLessThanOrEqual(100);
    expect(throttle.size.addresses).toBeLessThanOrEqual(50);
  });
});

describe('loginThrottlePolicyFromEnv', () => {
  it('keeps the documented defaults when nothing is set', () => {
    expect(loginThrottlePolicyFromEnv({})).toEqual(DEFAULT_LOGIN_THROTTLE);
    expect(DEFAULT_LOGIN_THROTTLE).toMatchObject({
      maxFailures: 5,
      failureWindowMs: 15 * MIN,
      lockoutMs: 15 * MIN,
      lockoutMaxMs: 60 * MIN,
      addressBurst: 20,
      addressPerMinute: 10,
    });
  });

  it('reads every variable, durations as seconds or 90s/15m/1h', () => {
    expect(
      loginThrottlePolicyFromEnv({
        LOGIN_MAX_FAILURES: '3',
        LOGIN_FAILURE_WINDOW: '10m',
        LOGIN_LOCKOUT: '30',
        LOGIN_LOCKOUT_MAX: '2h',
        LOGIN_IP_BURST: '50',
        LOGIN_IP_PER_MINUTE: '5',
      }),
    ).toMatchObject({
      maxFailures: 3,
      failureWindowMs: 10 * MIN,
      lockoutMs: 30_000,
      lockoutMaxMs: 120 * MIN,
      addressBurst: 50,
      addressPerMinute: 5,
    });
  });

  it('says which variable is wrong', () => {
    expect(() => loginThrottlePolicyFromEnv({ LOGIN_MAX_FAILURES: 'five' })).toThrow(/LOGIN_MAX_FAILURES/);
    expect(() => loginThrottlePolicyFromEnv({ LOGIN_IP_BURST: '0' })).toThrow(
      /LOGIN_IP_BURST must be at least 1/,
    );
    expect(() => loginThrottlePolicyFromEnv({ LOGIN_LOCKOUT: '15 minutes' })).toThrow(/LOGIN_LOCKOUT=/);
    expect(() => loginThrottlePolicyFromEnv({ LOGIN_LOCKOUT: '2h', LOGIN_LOCKOUT_MAX: '1h' })).toThrow(
      /LOGIN_LOCKOUT_MAX/,
    );
  });
});
