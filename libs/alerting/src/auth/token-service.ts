import { randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { Logger } from 'pino';
import { z } from 'zod';
import { parseDuration, ROLES, type Role } from '@campus/device-protocols';

/** What an access token says: who, with which role, for which org unit, and its token version. */
export interface TokenClaims {
  username: string;
  role: Role;
  org: string;
  /** The user's token version when it was issued (see TokenVersions). */
  version: number;
  /** Epoch seconds. */
  expiresAt: number;
  /** Single sign-on of a user outside the sites file: role and org came from the provider's claims (`ext`). */
  external?: boolean;
}

/** What a refresh token says: whose session, at which token version. */
export interface RefreshClaims {
  username: string;
  version: number;
  /** Epoch seconds: the end of the session (no refresh extends it). */
  expiresAt: number;
  /** Single sign-on of a user outside the sites file: the role and org the provider's claims gave (`ext`). */
  external?: { role: Role; org: string };
}

export interface SignedToken {
  token: string;
  /** Epoch seconds. */
  expiresAt: number;
}

export interface TokenServiceOptions {
  /** HS256 key; when absent a random key is made (see `fromEnv`). */
  secret?: string | Uint8Array;
  /** Access-token lifetime in seconds; 15 min by default (ACCESS_TOKEN_TTL). */
  ttlSeconds?: number;
  /** Refresh-token lifetime in seconds, the longest a session lasts; 12 h by default (REFRESH_TOKEN_TTL). */
  refreshTtlSeconds?: number;
  /** For tests: the time used when signing and verifying. */
  clock?: () => Date;
}

/** Access tokens: 15 minutes. */
export const TOKEN_TTL_SECONDS = 15 * 60;
/** Refresh tokens, i.e. the longest session without typing the password again: 12 hours. */
export const REFRESH_TOKEN_TTL_SECONDS = 12 * 60 * 60;
const ALG = 'HS256';

const version = z.number().int().min(0);

const payloadSchema = z.object({
  typ: z.literal('access'),
  sub: z.string().min(1),
  role: z.enum(ROLES),
  org: z.string().min(1),
  ver: version,
  exp: z.number(),
  ext: z.literal(true).optional(),
});

const refreshSchema = z.object({
  typ: z.literal('refresh'),
  sub: z.string().min(1),
  ver: version,
  exp: z.number(),
  ext: z.object({ role: z.enum(ROLES), org: z.string().min(1) }).optional(),
});

function ttlFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name]?.trim();
  if (text === undefined || text === '') return fallback;
  const seconds = parseDuration(/^\d+$/.test(text) ? Number(text) : text);
  if (seconds === undefined || seconds < 10) {
    throw new Error(
      `${name}="${text}" is not a lifetime: write seconds (900) or 90s, 15m, 12h (10 s to 7 days)`,
    );
  }
  return seconds;
}

/**
 * Tokens, JWT HS256 (jose), two kinds told apart by the `typ` claim:
 * - access tokens `{typ: "access", sub: username, role, org, ver}`, valid 15 min (ACCESS_TOKEN_TTL),
 *   sent as `Authorization: Bearer …` and as socket.io's `auth.token`;
 * - refresh tokens `{typ: "refresh", sub, ver}`, valid 12 h (REFRESH_TOKEN_TTL), only good at
 *   `POST /api/auth/refresh` for a new access token.
 * Neither is accepted in the other's place. `ver` is the user's token version (TokenVersions).
 */
export class TokenService {
  private readonly key: Uint8Array;
  private readonly ttl: number;
  private readonly refreshTtl: number;
  private readonly clock: () => Date;

  constructor(options: TokenServiceOptions = {}) {
    const secret = options.secret ?? randomBytes(32);
    this.key = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
    if (this.key.length === 0) throw new Error('the JWT secret is empty');
    this.ttl = options.ttlSeconds ?? TOKEN_TTL_SECONDS;
    this.refreshTtl = options.refreshTtlSeconds ?? REFRESH_TOKEN_TTL_SECONDS;
    if (this.refreshTtl < this.ttl) {
      throw new Error('REFRESH_TOKEN_TTL must not be shorter than ACCESS_TOKEN_TTL');
    }
    this.clock = options.clock ?? (() => new Date());
  }

  /**
   * The service for this process: key from `JWT_SECRET`, or a random one with a warning
   * (tokens then die with the process and replicas do not accept each other's); lifetimes from
   * ACCESS_TOKEN_TTL and REFRESH_TOKEN_TTL (seconds, or `90s`/`15m`/`12h`).
   */
  static fromEnv(env: NodeJS.ProcessEnv, logger: Logger): TokenService {
    const lifetimes = {
      ttlSeconds: ttlFromEnv(env, 'ACCESS_TOKEN_TTL', TOKEN_TTL_SECONDS),
      refreshTtlSeconds: ttlFromEnv(env, 'REFRESH_TOKEN_TTL', REFRESH_TOKEN_TTL_SECONDS),
    };
    const secret = env['JWT_SECRET'];
    if (secret === undefined || secret === '') {
      logger.warn(
        'JWT_SECRET is not set: access tokens are signed with a random key made at this start, ' +
          'so they will not survive a restart and replicas will not share them; set JWT_SECRET',
      );
      return new TokenService(lifetimes);
    }
    if (Buffer.byteLength(secret, 'utf8') < 32) {
      logger.warn('JWT_SECRET is shorter than 32 bytes; use a long random value for HS256');
    }
    return new TokenService({ secret, ...lifetimes });
  }

  /** Access-token lifetime in seconds. */
  get accessTtlSeconds(): number {
    return this.ttl;
  }

  /**
   * An access token for `user` at token version `version` (0 by default), and when it runs out:
   * after the access lifetime, or at `notAfter` (epoch seconds: the session's end) if earlier.
   */
  async sign(
    user: { username: string; role: Role; org: string; version?: number; external?: boolean },
    notAfter?: number,
  ): Promise<SignedToken> {
    return this.signed(
      {
        typ: 'access',
        role: user.role,
        org: user.org,
        ver: user.version ?? 0,
        ...(user.external ? { ext: true } : {}),
      },
      user.username,
      this.ttl,
      notAfter,
    );
  }

  /** A refresh token for `username` at `version`, and when the session ends (epoch seconds). */
  async signRefresh(
    username: string,
    version: number,
    external?: { role: Role; org: string },
  ): Promise<SignedToken> {
    return this.signed(
      { typ: 'refresh', ver: version, ...(external ? { ext: external } : {}) },
      username,
      this.refreshTtl,
    );
  }

  /** The claims of a valid, unexpired access token of ours; null for anything else (never throws). */
  async verify(token: string): Promise<TokenClaims | null> {
    const claims = payloadSchema.safeParse(await this.payloadOf(token));
    if (!claims.success) return null;
    const { sub, role, org, ver, exp, ext } = claims.data;
    return { username: sub, role, org, version: ver, expiresAt: exp, ...(ext ? { external: true } : {}) };
  }

  /** The claims of a valid, unexpired refresh token of ours; null for anything else (never throws). */
  async verifyRefresh(token: string): Promise<RefreshClaims | null> {
    const claims = refreshSchema.safeParse(await this.payloadOf(token));
    if (!claims.success) return null;
    const { sub, ver, exp, ext } = claims.data;
    return { username: sub, version: ver, expiresAt: exp, ...(ext ? { external: ext } : {}) };
  }

  private async signed(
    claims: Record<string, unknown>,
    subject: string,
    ttl: number,
    notAfter = Number.POSITIVE_INFINITY,
  ): Promise<SignedToken> {
    const now = Math.floor(this.clock().getTime() / 1000);
    const expiresAt = Math.min(now + ttl, notAfter);
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: ALG, typ: 'JWT' })
      .setSubject(subject)
      .setIssuedAt(now)
      .setExpirationTime(expiresAt)
      .sign(this.key);
    return { token, expiresAt };
  }

  private async payloadOf(token: string): Promise<unknown> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [ALG],
        currentDate: this.clock(),
        requiredClaims: ['sub', 'exp'],
      });
      return payload;
    } catch {
      return undefined;
    }
  }
}
