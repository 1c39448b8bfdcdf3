import { createHash, randomInt } from 'node:crypto';

/** Crockford's base 32: no I, L, O, U — nothing an installer misreads on a phone. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 10;

/** How long a code stays valid. */
export const ENROLMENT_TTL_MS = 24 * 3600_000;

/** A new one-time code, `XXXXX-XXXXX` (50 random bits; exchanges are rate-limited like logins). */
export function generateEnrolmentCode(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i += 1) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/**
 * The code as typed, in its canonical form: upper case, without spaces and dashes, with the
 * letters people confuse with digits read as those digits (O → 0, I and L → 1).
 */
export function normaliseEnrolmentCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

/** What is stored: SHA-256 of the canonical code. */
export function enrolmentCodeHash(typed: string): string {
  return createHash('sha256').update(normaliseEnrolmentCode(typed)).digest('hex');
}
