import { hkdfSync, randomBytes } from 'node:crypto';
import { EncryptJWT, jwtDecrypt } from 'jose';

/**
 * Small encrypted, authenticated values for httpOnly cookies (JWE, dir + A256GCM): the browser
 * carries the sign-in's state between replicas, cannot read it and cannot change it. The key is
 * derived from JWT_SECRET (every replica has the same), else random for this process only.
 */
export class CookieSeal {
  private readonly key: Uint8Array;

  constructor(secret: string | Uint8Array | undefined) {
    const material = secret === undefined || secret.length === 0 ? randomBytes(32) : secret;
    this.key = new Uint8Array(hkdfSync('sha256', material, 'campus-oidc', 'campus oidc cookie v1', 32));
  }

  /** `value` sealed for `purpose`, good for `ttlSeconds`. */
  async seal(purpose: string, value: Record<string, unknown>, ttlSeconds: number): Promise<string> {
    return new EncryptJWT(value)
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setAudience(purpose)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .encrypt(this.key);
  }

  /** The value of an unexpired cookie sealed for `purpose`; undefined for anything else. */
  async open(purpose: string, sealed: string | undefined): Promise<Record<string, unknown> | undefined> {
    if (sealed === undefined || sealed === '' || sealed.length > 8192) return undefined;
    try {
      const { payload } = await jwtDecrypt(sealed, this.key, { audience: purpose });
      return payload;
    } catch {
      return undefined;
    }
  }
}

/** The value of cookie `name` in a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** A Set-Cookie line: httpOnly, SameSite, Secure on https, scoped to `path`; maxAge 0 deletes it. */
export function setCookie(
  name: string,
  value: string,
  options: { path: string; maxAgeSeconds: number; secure: boolean; sameSite: 'Lax' | 'Strict' },
): string {
  return [
    `${name}=${value}`,
    `Path=${options.path}`,
    `Max-Age=${options.maxAgeSeconds}`,
    'HttpOnly',
    `SameSite=${options.sameSite}`,
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}
