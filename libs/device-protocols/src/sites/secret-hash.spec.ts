import { describe, expect, it } from 'vitest';
import { hashSecret, parseSecretHash, SecretHashError, verifySecret } from './secret-hash';

describe('secret hashes', () => {
  const hash = hashSecret('demo-secret');

  it('writes the documented format', () => {
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    const parsed = parseSecretHash(hash);
    expect(parsed).toMatchObject({ N: 16384, r: 8, p: 1 });
    expect(parsed.salt).toHaveLength(16);
    expect(parsed.hash).toHaveLength(32);
    expect(hashSecret('demo-secret')).not.toBe(hash); // random salt
  });

  it('round-trips and refuses wrong secrets', () => {
    expect(verifySecret('demo-secret', { secretHash: hash })).toBe(true);
    expect(verifySecret('demo-secret', { secretHash: hash })).toBe(true); // cached
    expect(verifySecret('demo-secreT', { secretHash: hash })).toBe(false);
    expect(verifySecret('', { secretHash: hash })).toBe(false);
    expect(verifySecret('demo-secret', { secretHash: hashSecret('other') })).toBe(false);
  });

  it('handles non-ASCII secrets', () => {
    const h = hashSecret('校园安全');
    expect(verifySecret('校园安全', { secretHash: h })).toBe(true);
    expect(verifySecret('校园安', { secretHash: h })).toBe(false);
  });

  it('compares plain secrets too', () => {
    expect(verifySecret('demo-secret', { secret: 'demo-secret' })).toBe(true);
    expect(verifySecret('demo-secre', { secret: 'demo-secret' })).toBe(false);
    expect(verifySecret('demo-secret-and-more', { secret: 'demo-secret' })).toBe(false);
    expect(verifySecret('demo-secret', {})).toBe(false);
  });

  it('prefers the hash when both are stored, and refuses against a malformed hash', () => {
    expect(verifySecret('a', { secret: 'a', secretHash: hashSecret('b') })).toBe(false);
    expect(verifySecret('a', { secretHash: 'scrypt$1$2$3' })).toBe(false);
  });

  it.each([
    ['', 'not of the form'],
    ['bcrypt$2b$10$abcdefghijklmnopqrstuv', 'not of the form'],
    ['scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==', 'not of the form'],
    ['scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==', 'power of two'],
    ['scrypt$x$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==', 'not a positive integer'],
    ['scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==', '256 MiB'],
    ['scrypt$16384$8$1$A!AA$AAAAAAAAAAAAAAAAAAAAAA==', 'salt is not valid base64'],
    ['scrypt$16384$8$1$AAAA$AAAAAAAAAAAAAAAAAAAAAA==', 'salt is 3 bytes'],
    ['scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA', 'hash is 3 bytes'],
  ])('refuses the malformed hash %j', (text, words) => {
    expect(() => parseSecretHash(text)).toThrow(SecretHashError);
    expect(() => parseSecretHash(text)).toThrow(words);
  });
});
