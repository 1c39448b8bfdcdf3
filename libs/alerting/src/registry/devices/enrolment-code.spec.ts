import { describe, expect, it } from 'vitest';
import { enrolmentCodeHash, generateEnrolmentCode, normaliseEnrolmentCode } from './enrolment-code';

describe('enrolment codes', () => {
  it('are two groups of five unambiguous characters, each different', () => {
    const codes = new Set(Array.from({ length: 200 }, generateEnrolmentCode));
    expect(codes.size).toBe(200);
    for (const c of codes) expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
  });

  it('read the same however they are typed', () => {
    expect(normaliseEnrolmentCode(' ab1o0-il2zz ')).toBe('AB100112ZZ');
    expect(enrolmentCodeHash('AB100-112ZZ')).toBe(enrolmentCodeHash('ab1oo 1l2zz'));
    expect(enrolmentCodeHash('AB100-112ZZ')).not.toBe(enrolmentCodeHash('AB100-112ZY'));
    expect(enrolmentCodeHash('AB100-112ZZ')).toMatch(/^[0-9a-f]{64}$/);
  });
});
