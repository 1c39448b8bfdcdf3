import { hashSecret, type SiteUser } from '@campus/device-protocols';
import { describe, expect, it, vi } from 'vitest';
import { PasswordCheck, type StoredSecret, type VerifySecret } from './password-check';

const plainUsers: SiteUser[] = [
  { username: 'school1', password: 'demo-pass', role: 'school_security', org: '2161010001' },
  { username: 'yanta', password: 'other-pass', role: 'county_officer', org: '610113' },
];

describe('PasswordCheck', () => {
  it('accepts the right plain password and refuses a wrong one or an unknown user', async () => {
    const check = new PasswordCheck(plainUsers);
    expect((await check.check('school1', 'demo-pass'))?.username).toBe('school1');
    expect(await check.check('school1', 'other-pass')).toBeNull();
    expect(await check.check('yanta', 'demo-pass')).toBeNull();
    expect(await check.check('nobody', 'demo-pass')).toBeNull();
    expect(await check.check('School1', 'demo-pass')).toBeNull();
    expect(await check.check('school1', '')).toBeNull();
  });

  it('accepts an scrypt passwordHash', async () => {
    const check = new PasswordCheck([
      { username: 'h', passwordHash: hashSecret('s3cret'), role: 'admin', org: '610000' },
    ]);
    expect((await check.check('h', 's3cret'))?.username).toBe('h');
    expect(await check.check('h', 's3cret ')).toBeNull();
  });

  it('does the same verification work for an unknown user as for a wrong password (plain file)', async () => {
    const calls: StoredSecret[] = [];
    const verify: VerifySecret = vi.fn(async (_plain: string, stored: StoredSecret) => {
      calls.push(stored);
      return false;
    });
    const check = new PasswordCheck(plainUsers, verify);
    await check.check('nobody', 'x');
    await check.check('school1', 'x');
    expect(calls).toHaveLength(2);
    expect(calls.map((c) => Object.keys(c))).toEqual([['secret'], ['secret']]);
  });

  it('costs one scrypt derivation per login whenever the file has hashed users', async () => {
    const stored = hashSecret('s3cret');
    const kinds: string[][] = [];
    const verify: VerifySecret = async (_plain, s) => {
      kinds.push(Object.keys(s).filter((k) => k === 'secretHash'));
      return false;
    };
    const check = new PasswordCheck(
      [...plainUsers, { username: 'h', passwordHash: stored, role: 'admin', org: '610000' }],
      verify,
    );
    for (const name of ['nobody', 'h', 'school1']) {
      kinds.length = 0;
      await check.check(name, 'wrong');
      expect(kinds.flat(), name).toEqual(['secretHash']);
    }
  });

  it('the decoy hash has the real hash’s scrypt parameters', async () => {
    const stored = hashSecret('s3cret');
    let decoy = '';
    const check = new PasswordCheck(
      [{ username: 'h', passwordHash: stored, role: 'admin', org: '610000' }],
      async (_p, s) => {
        decoy = s.secretHash ?? '';
        return false;
      },
    );
    await check.check('nobody', 'x');
    expect(decoy.split('$').slice(0, 4)).toEqual(stored.split('$').slice(0, 4));
    expect(decoy).not.toEqual(stored);
  });

  it('takes about as long for an unknown user as for a wrong password (hashed file)', async () => {
    const check = new PasswordCheck([
      { username: 'h', passwordHash: hashSecret('s3cret'), role: 'admin', org: '610000' },
    ]);
    const time = async (name: string): Promise<number> => {
      const samples: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        await check.check(name, `wrong-${i}`);
        samples.push(performance.now() - t);
      }
      return samples.sort((a, b) => a - b)[2] ?? 0;
    };
    await time('h'); // warm up
    const unknown = await time('nobody');
    const wrong = await time('h');
    expect(unknown / wrong).toBeGreaterThan(0.33);
    expect(unknown / wrong).toBeLessThan(3);
  });

  it('keeps the event loop turning while logins against hashed users are checked', async () => {
    const check = new PasswordCheck([
      ...plainUsers,
      { username: 'h', passwordHash: hashSecret('s3cret'), role: 'admin', org: '610000' },
    ]);
    // utilisation, not wall time: a busy machine may deschedule the test, which is not loop work
    const elu = performance.eventLoopUtilization();
    let last = performance.now();
    let longestGap = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 1);
    try {
      // Wrong passwords, unknown users and padded plain users: each costs one derivation.
      const answers = await Promise.all(
        ['h', 'nobody', 'school1', 'h', 'ghost', 'yanta', 'h', 'nobody'].map((name, i) =>
          check.check(name, `wrong-${i}`),
        ),
      );
      expect(answers).toEqual(answers.map(() => null));
    } finally {
      clearInterval(ticker);
    }
    longestGap = Math.max(longestGap, performance.now() - last);
    expect(performance.eventLoopUtilization(elu).utilization).toBeLessThan(0.5);
    // eight derivations in a row on the loop would block it for ~400 ms
    expect(longestGap).toBeLessThan(200);
  });

  it('checks a password set through the API instead of the file’s, for that user only', async () => {
    const check = new PasswordCheck(plainUsers);
    const stored = { secretHash: hashSecret('new-long-password') };
    expect((await check.check('school1', 'new-long-password', stored))?.username).toBe('school1');
    expect(await check.check('school1', 'demo-pass', stored)).toBeNull();
    expect((await check.check('yanta', 'other-pass'))?.username).toBe('yanta');
    // an unknown name never matches, whatever is passed along
    expect(await check.check('nobody', 'new-long-password', stored)).toBeNull();
  });

  it('once a stored hash is seen, unknown names and plain users cost one scrypt derivation too', async () => {
    const kinds: string[][] = [];
    const verify: VerifySecret = async (_plain, s) => {
      kinds.push(Object.keys(s).filter((k) => k === 'secretHash'));
      return false;
    };
    const check = new PasswordCheck(plainUsers, verify);
    await check.check('school1', 'x', { secretHash: hashSecret('new-long-password') });
    for (const name of ['nobody', 'yanta']) {
      kinds.length = 0;
      await check.check(name, 'wrong');
      expect(kinds.flat(), name).toEqual(['secretHash']);
    }
  });

  it('passes an overload rejection on rather than calling it a wrong password', async () => {
    const busy = new Error('too many credential checks in progress; try again');
    const check = new PasswordCheck(plainUsers, () => Promise.reject(busy));
    await expect(check.check('school1', 'demo-pass')).rejects.toBe(busy);
  });
});
