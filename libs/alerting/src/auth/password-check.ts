import { randomBytes } from 'node:crypto';
import { parseSecretHash, verifySecret, type SiteUser } from '@campus/device-protocols';

/** The stored credential shape `verifySecret` takes. */
export interface StoredSecret {
  secret?: string;
  secretHash?: string;
}
export type VerifySecret = (plain: string, stored: StoredSecret) => boolean;

const credentialOf = (u: SiteUser): StoredSecret =>
  u.passwordHash !== undefined ? { secretHash: u.passwordHash } : { secret: u.password ?? '' };

/** An scrypt hash that nothing matches, with the parameters of `like` (so it costs the same to check). */
function decoyHash(like: string): string {
  const h = parseSecretHash(like);
  const salt = randomBytes(h.salt.length).toString('base64');
  const hash = randomBytes(h.hash.length).toString('base64');
  return ['scrypt', h.N, h.r, h.p, salt, hash].join('$');
}

/**
 * Checks a login against the sites file's users (plain `password` or scrypt `passwordHash`).
 *
 * Unknown user and wrong password give the same answer (null) after the same work:
 * - the comparison itself is constant time (`verifySecret`);
 * - an unknown user is checked against a decoy credential, so the work is still done;
 * - when any user has an scrypt hash, every login costs exactly one scrypt derivation: an unknown
 *   user's decoy is an scrypt hash with the parameters of the first hashed user, and a plain-password
 *   user is padded with one decoy derivation. A file of plain passwords costs SHA-256s only.
 * (`verifySecret` caches successful scrypt checks; that only speeds up right passwords.)
 * A hash that cannot be parsed is refused at start by the sites parser, so it never reaches here.
 */
export class PasswordCheck {
  private readonly byName: ReadonlyMap<string, SiteUser>;
  private readonly decoy: StoredSecret;
  private readonly padPlain: boolean;

  constructor(
    users: readonly SiteUser[],
    private readonly verify: VerifySecret = verifySecret,
  ) {
    this.byName = new Map(users.map((u) => [u.username, u]));
    const hashed = users.find((u) => u.passwordHash !== undefined)?.passwordHash;
    this.padPlain = hashed !== undefined;
    this.decoy =
      hashed !== undefined
        ? { secretHash: decoyHash(hashed) }
        : { secret: randomBytes(24).toString('base64') };
  }

  /** The user when `password` is theirs; null for an unknown user or a wrong password alike. */
  check(username: string, password: string): SiteUser | null {
    const user = this.byName.get(username);
    const ok = this.verify(password, user === undefined ? this.decoy : credentialOf(user));
    if (user !== undefined && user.passwordHash === undefined && this.padPlain)
      this.verify(password, this.decoy);
    return ok && user !== undefined ? user : null;
  }
}
