import { hashSecret, type SiteUser } from '@campus/device-protocols';
import { describe, expect, it, vi } from 'vitest';
import { PasswordCheck, type StoredSecret, type VerifySecret } from './password-check';

const plainUsers: SiteUser[] = [
  { username: 'school1', password: 'demo-pass', role: 'school_security', org: '2161010001' },
  { username: 'yanta', password: 'other-pass', role: 'county_officer', org: '610113' },
];

describe('PasswordCheck', () => {
  it('accepts the right plain password and refuses a wrong one or an unknown user', () => {
    const check = new PasswordCheck(plainUsers);
    expect(check.check('school1', 'demo-pass')?.username).toBe('school1');
    expect(check.check('school1', 'other-pass')).toBeNull();
    expect(check.check('yanta', 'demo-pass')).toBeNull();
    expect(check.check('nobody', 'demo-pass')).toBeNull();
    expect(check.check('School1', 'demo-pass')).toBeNull();
    expect(check.check('school1', '')).toBeNull();
  });

  it('accepts an scrypt passwordHash', () => {
    const check = new PasswordCheck([
      { username: 'h', passwordHash: hashSecret('s3cret'), role: 'admin', org: '610000' },
    ]);
    expect(check.check('h', 's3cret')?.username).toBe('h');
    expect(check.check('h', 's3cret ')).toBeNull();
  });

  it('does the same verification work for an unknown user as for a wrong password (plain file)', () => {
    const calls: StoredSecret[] = [];
    const verify: VerifySecret = vi.fn((_plain: string, stored: StoredSecret) => {
      calls.push(stored);
      return false;
    });
    const check = new PasswordCheck(plainUsers, verify);
    check.check('nobody', 'x');
    check.check('school1', 'x');
    expect(calls).toHaveLength(2);
    expect(calls.map((c) => Object.keys(c))).toEqual([['secret'], ['secret']]);
  });

  it('costs one scrypt derivation per login whenever the file has hashed users', () => {
    const stored = hashSecret('s3cret');
    const kinds: string[][] = [];
    const verify: VerifySecret = (_plain, s) => {
      kinds.push(Object.keys(s).filter((k) => k === 'secretHash'));
      return false;
    };
    const check = new PasswordCheck(
      [...plainUsers, { username: 'h', passwordHash: stored, role: 'admin', org: '610000' }],
      verify,
    );
    for (const name of ['nobody', 'h', 'school1']) {
      kinds.length = 0;
      check.check(name, 'wrong');
      expect(kinds.flat(), name).toEqual(['secretHash']);
    }
  });

  it('the decoy hash has the real hash’s scrypt parameters', () => {
    const stored = hashSecret('s3cret');
    let decoy = '';
    const check = new PasswordCheck(
      [{ username: 'h', passwordHash: stored, role: 'admin', org: '610000' }],
      (_p, s) => {
        decoy = s.secretHash ?? '';
        return false;
      },
    );
    check.check('nobody', 'x');
    expect(decoy.split('$').slice(0, 4)).toEqual(stored.split('$').slice(0, 4));
    expect(decoy).not.toEqual(stored);
  });

  it('takes about as long for an unknown user as for a wrong password (hashed file)', () => {
    const check = new PasswordCheck([
      { username: 'h', passwordHash: hashSecret('s3cret'), role: 'admin', org: '610000' },
    ]);
    const time = (name: string): number => {
      const samples: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        check.check(name, `wrong-${i}`);
        samples.push(performance.now() - t);
      }
      return samples.sort((a, b) => a - b)[2] ?? 0;
    };
    time('h'); // warm up
    const unknown = time('nobody');
    const wrong = time('h');
    expect(unknown / wrong).toBeGreaterThan(0.33);
    expect(unknown / wrong).toBeLessThan(3);
  });
});
