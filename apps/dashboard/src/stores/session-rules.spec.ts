import { describe, expect, it } from 'vitest';
import { passwordFormProblem, refreshDelayMs, serverPasswordProblem, waitParts } from './session-rules';

describe('refreshDelayMs', () => {
  it('renews a 15-minute token a minute before it runs out', () => {
    expect(refreshDelayMs(15 * 60_000, 0)).toBe(14 * 60_000);
  });

  it('renews a short one after three quarters, and never sooner than in a second', () => {
    expect(refreshDelayMs(20_000, 0)).toBe(15_000);
    expect(refreshDelayMs(500, 0)).toBe(1_000);
    expect(refreshDelayMs(0, 10_000)).toBe(1_000);
  });
});

describe('passwordFormProblem', () => {
  const ok = { current: 'demo-pass', next: 'gate-north-2026', repeat: 'gate-north-2026' };

  it('lets a good form through', () => {
    expect(passwordFormProblem(ok, 'school1')).toBeNull();
  });

  it('says what is wrong, first things first', () => {
    expect(passwordFormProblem({ ...ok, current: '' }, 'school1')).toBe('currentMissing');
    expect(passwordFormProblem({ ...ok, next: 'short', repeat: 'short' }, 'school1')).toBe('tooShort');
    expect(
      passwordFormProblem({ ...ok, next: 'School1-Guard', repeat: 'School1-Guard' }, 'school1-guard'),
    ).toBe('isUsername');
    expect(
      passwordFormProblem(
        { current: 'old-long-password', next: 'old-long-password', repeat: 'old-long-password' },
        'x',
      ),
    ).toBe('sameAsCurrent');
    expect(passwordFormProblem({ ...ok, repeat: 'gate-north-2025' }, 'school1')).toBe('mismatch');
  });

  it('counts characters, not UTF-16 units', () => {
    const ten = '雁塔区第一小学值班室';
    expect(passwordFormProblem({ current: 'x', next: ten, repeat: ten }, 'school1')).toBeNull();
  });
});

describe('serverPasswordProblem', () => {
  it('recognises the server’s refusals', () => {
    expect(serverPasswordProblem(403, 'the current password is wrong')).toBe('wrongCurrent');
    expect(
      serverPasswordProblem(
        400,
        'the new password is too common (a demo or widely used password): choose another',
      ),
    ).toBe('tooCommon');
    expect(serverPasswordProblem(400, 'the new password is too short: use at least 10 characters')).toBe(
      'tooShort',
    );
    expect(serverPasswordProblem(400, 'the new password must not be the user name')).toBe('isUsername');
    expect(serverPasswordProblem(400, 'something else')).toBeNull();
    expect(serverPasswordProblem(500, 'internal server error')).toBeNull();
  });
});

describe('waitParts', () => {
  it('shows seconds up to two minutes, then whole minutes', () => {
    expect(waitParts(6)).toEqual({ unit: 'seconds', n: 6 });
    expect(waitParts(119)).toEqual({ unit: 'seconds', n: 119 });
    expect(waitParts(900)).toEqual({ unit: 'minutes', n: 15 });
    expect(waitParts(61 * 60 + 1)).toEqual({ unit: 'minutes', n: 62 });
  });
});
