import { randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { Logger } from 'pino';
import { z } from 'zod';
import { ROLES, type Role } from '@campus/device-protocols';

/** What an access token says: who, with which role, for which org unit. */
export interface TokenClaims {
  username: string;
  role: Role;
  org: string;
  /** Epoch seconds. */
  expiresAt: number;
}

export interface SignedToken {
  token: string;
  /** Epoch seconds. */
  expiresAt: number;
}

export interface TokenServiceOptions {
  /** HS256 key; when absent a random key is made (see `fromEnv`). */
  secret?: string | Uint8Array;
  /** Lifetime in seconds; 12 h by default. */
  ttlSeconds?: number;
  /** For tests: the time used when signing and verifying. */
  clock?: () => Date;
}

export const TOKEN_TTL_SECONDS = 12 * 60 * 60;
const ALG = 'HS256';

const payloadSchema = z.object({
  sub: z.string().min(1),
  role: z.enum(ROLES),
  org: z.string().min(1),
  exp: z.number(),
});

/** Access tokens: JWT HS256 (jose) carrying `{sub: username, role, org}`, valid 12 h. */
export class TokenService {
  private readonly key: Uint8Array;
  private readonly ttl: number;
  private readonly clock: () => Date;

  constructor(options: TokenServiceOptions = {}) {
    const secret = options.secret ?? randomBytes(32);
    this.key = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
    if (this.key.length === 0) throw new Error('the JWT secret is empty');
    this.ttl = options.ttlSeconds ?? TOKEN_TTL_SECONDS;
    this.clock = options.clock ?? (() => new Date());
  }

  /**
   * The service for this process: key from `JWT_SECRET`, or a random one with a warning
   * (tokens then die with the process and replicas do not accept each other's).
   */
  static fromEnv(env: NodeJS.ProcessEnv, logger: Logger): TokenService {
    const secret = env['JWT_SECRET'];
    if (secret === undefined || secret === '') {
      logger.warn(
        'JWT_SECRET is not set: access tokens are signed with a random key made at this start, ' +
          'so they will not survive a restart and replicas will not share them; set JWT_SECRET',
      );
      return new TokenService();
    }
    if (Buffer.byteLength(secret, 'utf8') < 32) {
      logger.warn('JWT_SECRET is shorter than 32 bytes; use a long random value for HS256');
    }
    return new TokenService({ secret });
  }

  /** A token for `user`, and when it runs out (epoch seconds). */
  async sign(user: { username: string; role: Role; org: string }): Promise<SignedToken> {
    const now = Math.floor(this.clock().getTime() / 1000);
    const expiresAt = now + this.ttl;
    const token = await new SignJWT({ role: user.role, org: user.org })
      .setProtectedHeader({ alg: ALG, typ: 'JWT' })
      .setSubject(user.username)
      .setIssuedAt(now)
      .setExpirationTime(expiresAt)
      .sign(this.key);
    return { token, expiresAt };
  }

  /** The claims of a valid, unexpired token of ours; null for anything else (never throws). */
  async verify(token: string): Promise<TokenClaims | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [ALG],
        currentDate: this.clock(),
        requiredClaims: ['sub', 'exp'],
      });
      const claims = payloadSchema.safeParse(payload);
      if (!claims.success) return null;
      const { sub, role, org, exp } = claims.data;
      return { username: sub, role, org, expiresAt: exp };
    } catch {
      return null;
    }
  }
}
