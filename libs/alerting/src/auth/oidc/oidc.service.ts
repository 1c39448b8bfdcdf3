import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import * as oidc from 'openid-client';
import type { Logger } from 'pino';
import { perSnapshot, type Sites } from '@campus/device-protocols';
import { AUDIT_SINK, type AuditSink } from '../../audit/audit-sink';
import { AuthService } from '../auth.service';
import type { LoginAnswer } from '../login.schema';
import type { OrgTree } from '../org-tree';
import { ORG_TREE } from '../tokens';
import { LOGGER, SITES } from '../../di/tokens';
import { mapClaims, type ClaimRefusal, type MappedIdentity, type MappingDirectory } from './claim-mapping';
import { dashboardCallbackUrl, type OidcConfig } from './oidc-config';
import type { CookieSeal } from './sealed-cookie';

/** Nest tokens: the SSO configuration (`OidcConfig | undefined`: off) and the cookie seal. */
export const OIDC_CONFIG = Symbol('OIDC_CONFIG');
export const OIDC_COOKIE_SEAL = Symbol('OIDC_COOKIE_SEAL');

/** Every way a single sign-on can fail; the dashboard shows each in words (i18n `sso.errors`). */
export type SsoFailure =
  ClaimRefusal | 'sso_denied' | 'sso_expired' | 'sso_invalid' | 'sso_failed' | 'sso_unavailable';

/** The sign-in in progress (state cookie): ten minutes to log in at the provider. */
export const STATE_TTL_SECONDS = 600;
/** From the callback to the dashboard's exchange: two minutes. */
export const RESULT_TTL_SECONDS = 120;
const STATE_PURPOSE = 'campus-oidc-state';
const RESULT_PURPOSE = 'campus-oidc-result';
/** Exchange codes this replica has taken, kept until they expire; bounded. */
const MAX_USED_CODES = 10_000;

export type CallbackOutcome =
  { ok: true; location: string; result: string } | { ok: false; location: string; reason: SsoFailure };

export class SsoExchangeError extends Error {
  constructor(readonly reason: 'sso_expired' | 'sso_code_used' | 'sso_invalid') {
    super(
      reason === 'sso_code_used'
        ? 'this sign-in code was already used: sign in again'
        : 'no sign-in to complete (expired, or from another browser): sign in again',
    );
    this.name = 'SsoExchangeError';
  }
}

function isString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/**
 * Single sign-on with the province's identity service: OpenID Connect authorization code flow
 * with PKCE (S256), state and nonce, through openid-client. No server-side session: the state,
 * nonce and PKCE verifier travel in a sealed httpOnly cookie (any replica can finish the
 * sign-in), and the mapped user in a second sealed cookie that the dashboard trades, with the
 * one-time code in its URL fragment, for the platform's tokens at `POST /api/auth/oidc/exchange`.
 * Tokens never appear in a URL. docs/user-guide.md describes the setup.
 */
@Injectable()
export class OidcService {
  private discovered: Promise<oidc.Configuration> | undefined;
  private readonly usedCodes = new Map<string, number>();
  private readonly usersOf = perSnapshot((sites) => new Map(sites.users.map((u) => [u.username, u])));
  private readonly directory: MappingDirectory;

  constructor(
    @Inject(OIDC_CONFIG) private readonly config: OidcConfig | undefined,
    @Inject(OIDC_COOKIE_SEAL) private readonly seal: CookieSeal,
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(SITES) private readonly sites: Sites,
    @Inject(ORG_TREE) tree: OrgTree,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() @Inject(AUDIT_SINK) private readonly audit?: AuditSink,
  ) {
    // read at each use: users and org units follow the registry
    this.directory = {
      user: (name) => this.usersOf(this.sites).get(name),
      levelOf: (org) => tree.unit(org)?.level,
    };
  }

  /** What the dashboard's login page needs: whether SSO is on, and the button's label. */
  get status(): { enabled: boolean; displayName?: string } {
    return this.config === undefined
      ? { enabled: false }
      : { enabled: true, displayName: this.config.displayName };
  }

  get settings(): OidcConfig | undefined {
    return this.config;
  }

  /**
   * The provider's authorization URL for a new sign-in and the sealed state cookie's value.
   * Rejects when the provider cannot be reached (its discovery document).
   */
  async begin(): Promise<{ url: string; state: string }> {
    const config = this.required();
    const client = await this.client();
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(client, {
      redirect_uri: config.redirectUrl.href,
      scope: config.scopes.join(' '),
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    const sealed = await this.seal.seal(
      STATE_PURPOSE,
      { s: state, n: nonce, v: verifier },
      STATE_TTL_SECONDS,
    );
    return { url: url.href, state: sealed };
  }

  /**
   * The provider sent the browser back to `currentUrl` (the callback with its query) carrying the
   * state cookie `stateCookie`. Checks state, PKCE, nonce and the ID token (openid-client), maps
   * the claims, and answers where to send the browser: the dashboard with a one-time code (and
   * the sealed result cookie to set), or the login page with the failure's code.
   */
  async finish(currentUrl: URL, stateCookie: string | undefined, client: string): Promise<CallbackOutcome> {
    const config = this.required();
    const pending = await this.seal.open(STATE_PURPOSE, stateCookie);
    if (
      pending === undefined ||
      !isString(pending['s']) ||
      !isString(pending['n']) ||
      !isString(pending['v'])
    ) {
      return this.refused('sso_expired', client);
    }
    // the state names this browser's sign-in: anything else is a forged or crossed callback
    if (currentUrl.searchParams.get('state') !== pending['s']) return this.refused('sso_invalid', client);
    const error = currentUrl.searchParams.get('error');
    if (error !== null) return this.refused(error === 'access_denied' ? 'sso_denied' : 'sso_failed', client);

    let claims: Record<string, unknown>;
    try {
      const provider = await this.client();
      const tokens = await oidc.authorizationCodeGrant(provider, this.callbackUrl(currentUrl, config), {
        pkceCodeVerifier: pending['v'],
        expectedState: pending['s'],
        expectedNonce: pending['n'],
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (idClaims === undefined) return this.refused('sso_invalid', client);
      claims = { ...idClaims };
      if (provider.serverMetadata().userinfo_endpoint !== undefined) {
        const info = await oidc.fetchUserInfo(provider, tokens.access_token, idClaims.sub);
        // the ID token's own claims (sub, iss, aud, nonce) win over userinfo's
        claims = { ...info, ...idClaims };
      }
    } catch (err) {
      return this.refused(this.failureOf(err), client);
    }

    const mapping = mapClaims(claims, config, this.directory);
    if (!mapping.ok) return this.refused(mapping.reason, client, mapping.username);
    const code = randomBytes(32).toString('base64url');
    const result = await this.seal.seal(RESULT_PURPOSE, { c: code, u: mapping.identity }, RESULT_TTL_SECONDS);
    const location = dashboardCallbackUrl(config);
    location.hash = new URLSearchParams({ code }).toString();
    return { ok: true, location: location.href, result };
  }

  /**
   * The platform's tokens for the one-time `code` of a finished sign-in whose sealed result the
   * browser sent back (`resultCookie`): once per code on this replica, within two minutes.
   * Records `auth.login` with `{method: "oidc"}`.
   */
  async exchange(code: string, resultCookie: string | undefined, client: string): Promise<LoginAnswer> {
    this.required();
    const result = await this.seal.open(RESULT_PURPOSE, resultCookie);
    const identity = result?.['u'] as MappedIdentity | undefined;
    if (
      result === undefined ||
      !isString(result['c']) ||
      identity === undefined ||
      !isString(identity.username)
    ) {
      throw new SsoExchangeError('sso_expired');
    }
    const expected = Buffer.from(result['c']);
    const given = Buffer.from(code);
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      throw new SsoExchangeError('sso_invalid');
    if (
      !this.takeCode(
        code,
        typeof result['exp'] === 'number' ? result['exp'] * 1000 : Date.now() + RESULT_TTL_SECONDS * 1000,
      )
    ) {
      throw new SsoExchangeError('sso_code_used');
    }
    const answer = await this.auth.loginVerified(
      { username: identity.username, role: identity.role, org: identity.org },
      identity.external === true,
    );
    this.logger.info(
      { username: identity.username, client, method: 'oidc', external: identity.external === true },
      'login succeeded',
    );
    await this.audit?.record({
      action: 'auth.login',
      actor: identity.username,
      ip: client,
      org: identity.org,
      detail: { method: 'oidc', ...(identity.external === true ? { mappedBy: 'claims' } : {}) },
    });
    return answer;
  }

  /** The failure's redirect, logged and recorded as `auth.login_failed`. */
  private async refused(reason: SsoFailure, client: string, username?: string): Promise<CallbackOutcome> {
    const location = dashboardCallbackUrl(this.required());
    location.hash = new URLSearchParams({ error: reason }).toString();
    this.logger.info(
      { reason, client, ...(username === undefined ? {} : { username }), method: 'oidc' },
      'login refused',
    );
    await this.audit?.record({
      action: 'auth.login_failed',
      actor: username ?? 'unknown',
      ip: client,
      outcome: 'failed',
      detail: { method: 'oidc', reason },
    });
    return { ok: false, location: location.href, reason };
  }

  private failureOf(err: unknown): SsoFailure {
    if (err instanceof oidc.AuthorizationResponseError)
      return err.error === 'access_denied' ? 'sso_denied' : 'sso_failed';
    // the provider refused the code (used already, expired) or the client
    if (err instanceof oidc.ResponseBodyError) {
      this.logger.warn({ error: err.error, status: err.status }, 'the identity provider refused the sign-in');
      return 'sso_failed';
    }
    if (err instanceof oidc.ClientError) {
      this.logger.warn(
        { code: err.code, message: err.message },
        "the identity provider's answer failed validation",
      );
      return 'sso_invalid';
    }
    this.logger.warn(
      { err: err instanceof Error ? err.message : String(err) },
      'the identity provider could not be reached',
    );
    this.discovered = undefined;
    return 'sso_unavailable';
  }

  /** The callback URL as the provider built it: our registered redirect URL plus the query it added. */
  private callbackUrl(currentUrl: URL, config: OidcConfig): URL {
    const url = new URL(config.redirectUrl);
    url.search = currentUrl.search;
    return url;
  }

  private takeCode(code: string, expiresAt: number): boolean {
    const now = Date.now();
    if (this.usedCodes.size >= MAX_USED_CODES) {
      for (const [c, until] of this.usedCodes) if (until <= now) this.usedCodes.delete(c);
      // still full of live codes: drop the oldest (their cookies are gone from the browsers anyway)
      while (this.usedCodes.size >= MAX_USED_CODES) {
        const oldest = this.usedCodes.keys().next().value;
        if (oldest === undefined) break;
        this.usedCodes.delete(oldest);
      }
    }
    if (this.usedCodes.has(code)) return false;
    this.usedCodes.set(code, expiresAt);
    return true;
  }

  private required(): OidcConfig {
    if (this.config === undefined) throw new Error('single sign-on is not configured (OIDC_ISSUER)');
    return this.config;
  }

  /** The provider's metadata, discovered at the first sign-in and kept; found again after a failure. */
  private client(): Promise<oidc.Configuration> {
    const config = this.required();
    this.discovered ??= oidc
      .discovery(
        config.issuer,
        config.clientId,
        config.clientSecret === undefined ? {} : { client_secret: config.clientSecret },
        config.clientSecret === undefined ? oidc.None() : oidc.ClientSecretBasic(config.clientSecret),
        { timeout: 10, ...(config.allowInsecure ? { execute: [oidc.allowInsecureRequests] } : {}) },
      )
      .catch((err: unknown) => {
        this.discovered = undefined;
        this.logger.warn(
          { issuer: config.issuer.href, err: err instanceof Error ? err.message : String(err) },
          'OpenID Connect discovery failed: check OIDC_ISSUER and that the identity provider is reachable',
        );
        throw err;
      });
    return this.discovered;
  }
}
