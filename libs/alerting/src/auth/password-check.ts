import { randomBytes } from 'node:crypto';
import { parseSecretHash, verifySecretAsync, type SiteUser } from '@campus/device-protocols';

/** The stored credential shape `verifySecretAsync` takes. */
export interface StoredSecret {
  secret?: string;
  secretHash?: string;
}
export type VerifySecret = (plain: string, stored: StoredSecret) => Promise<boolean>;

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
 * - the comparison itself is constant time (`verifySecretAsync`);
 * - an unknown user is checked against a decoy credential, so the work is still done;
 * - when any user has an scrypt hash, every login costs exactly one scrypt derivation: an unknown
 *   user's decoy is an scrypt hash with the parameters of the first hashed user, and a plain-password
 *   user is padded with one decoy derivation. A file of plain passwords costs SHA-256s only.
 * (`verifySecretAsync` caches successful scrypt checks; that only speeds up right passwords.)
 * The derivations run on the thread pool, a bounded number at once: a burst of logins waits its turn
 * instead of stalling the event loop, and past the waiting list's bound `check` rejects with
 * `CredentialCheckBusyError`.
 * A hash that cannot be parsed is refused at start by the sites parser, so it never reaches here.
 *
 * A password set through the API (stored in the database) is passed to `check` as `stored` and
 * replaces the file's. It is always an scrypt hash: from the first one seen, unknown users and
 * plain-password users are checked against (or padded with) an scrypt decoy as well, so a changed
 * password does not make its user's logins measurably slower than an unknown name's.
 */
export class PasswordCheck {
  private readonly byName: ReadonlyMap<string, SiteUser>;
  private decoy: StoredSecret;
  private padPlain: boolean;

  constructor(
    users: readonly SiteUser[],
    private readonly verify: VerifySecret = verifySecretAsync,
  ) {
    this.byName = new Map(users.map((u) => [u.username, u]));
    const hashed = users.find((u) => u.passwordHash !== undefined)?.passwordHash;
    this.padPlain = hashed !== undefined;
    this.decoy =
      hashed !== undefined
        ? { secretHash: decoyHash(hashed) }
        : { secret: randomBytes(24).toString('base64') };
  }

  /**
   * The user when `password` is theirs; null for an unknown user or a wrong password alike.
   * `stored`: the user's password set through the API (an scrypt hash), which replaces the file's.
   */
  async check(username: string, password: string, stored?: { secretHash: string }): Promise<SiteUser | null> {
    const user = this.byName.get(username);
    if (user !== undefined && stored !== undefined && !this.padPlain) {
      this.decoy = { secretHash: decoyHash(stored.secretHash) };
      this.padPlain = true;
    }
    const credential = user === undefined ? this.decoy : (stored ?? credentialOf(user));
    const checks = [this.verify(password, credential)];
    if (credential.secretHash === undefined && user !== undefined && this.padPlain)
      checks.push(this.verify(password, this.decoy));
    const [ok] = await Promise.all(checks);
    return ok === true && user !== undefined ? user : null;
  }
}
