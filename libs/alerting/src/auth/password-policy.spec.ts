import { describe, expect, it } from 'vitest';
import { COMMON_PASSWORDS, MIN_PASSWORD_LENGTH, passwordProblem } from './password-policy';

describe('passwordProblem (the password policy)', () => {
  it('accepts a long enough password that is neither the name nor common', () => {
    expect(passwordProblem('correct horse battery', 'yanta')).toBeUndefined();
    expect(passwordProblem('Xq7-lantern-41', 'school1')).toBeUndefined();
    // ten characters counted as the person sees them, not UTF-16 units or bytes
    expect(passwordProblem('雁塔区第一小学值班室', 'school1')).toBeUndefined();
  });

  it('refuses anything shorter than 10 characters, saying so', () => {
    expect(MIN_PASSWORD_LENGTH).toBe(10);
    expect(passwordProblem('Xq7-lant9', 'yanta')).toBe(
      'the new password is too short: use at least 10 characters',
    );
    expect(passwordProblem('雁塔区第一小学值班', 'yanta')).toMatch(/too short/);
    expect(passwordProblem('', 'yanta')).toMatch(/too short/);
  });

  it('refuses the user name, in any case', () => {
    expect(passwordProblem('county-officer-1', 'county-officer-1')).toBe(
      'the new password must not be the user name',
    );
    expect(passwordProblem('County-Officer-1', 'county-officer-1')).toMatch(/user name/);
  });

  it('refuses the demo password and common ones, in any case', () => {
    for (const p of ['demo-pass', 'password123', 'Password123', '1234567890', 'qwertyuiop', 'woaini1314']) {
      expect(passwordProblem(p, 'yanta'), p).toBeDefined();
    }
    expect(passwordProblem('password123', 'yanta')).toBe(
      'the new password is too common (a demo or widely used password): choose another',
    );
    expect(passwordProblem('QWERTYUIOP', 'yanta')).toMatch(/too common/);
    expect(passwordProblem('aaaaaaaaaaaa', 'yanta')).toMatch(/too common/);
    expect(COMMON_PASSWORDS.has('demo-pass')).toBe(true);
  });

  it('refuses more than 1024 characters', () => {
    expect(passwordProblem('x1'.repeat(513), 'yanta')).toBe(
      'the new password is too long: use at most 1024 characters',
    );
  });
});
