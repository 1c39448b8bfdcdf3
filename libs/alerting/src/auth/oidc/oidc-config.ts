import { z } from 'zod';

/**
 * Single sign-on with the province's identity service (统一身份认证) over OpenID Connect, as the
 * alert service reads it from its environment (docs/user-guide.md, "Signing in with 统一身份认证").
 * Off when OIDC_ISSUER is unset.
 */
export interface OidcConfig {
  /** The provider's issuer; its metadata comes from `<issuer>/.well-known/openid-configuration`. */
  issuer: URL;
  clientId: string;
  /** Absent: a public client, authenticated by PKCE alone. Never logged. */
  clientSecret?: string;
  /** Where the provider sends the browser back: `…/api/auth/oidc/callback`, registered at the provider. */
  redirectUrl: URL;
  /** Always holds `openid`. */
  scopes: string[];
  /** The claim whose value names a sites-file user (default `preferred_username`). */
  usernameClaim: string;
  /** Both or neither: role and org of a user who is not in the sites file. */
  roleClaim?: string;
  orgClaim?: string;
  /** The label of the dashboard's button. */
  displayName: string;
  /** Plain http to the provider: only for a provider on this machine (loopback), as in tests. */
  allowInsecure: boolean;
}

export const OIDC_DEFAULT_SCOPES = 'openid profile';
export const OIDC_DEFAULT_USERNAME_CLAIM = 'preferred_username';
export const OIDC_DEFAULT_DISPLAY_NAME = '统一身份认证';
export const OIDC_CALLBACK_PATH = '/api/auth/oidc/callback';

export class OidcConfigError extends Error {
  override name = 'OidcConfigError';
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const claimName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.:/-]{1,100}$/, 'a claim name: letters, digits and _ . : / - (at most 100)');

function blankToUndefined(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text === undefined || text === '' ? undefined : text;
}

function httpUrl(name: string, text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new OidcConfigError(`${name} is not a URL: "${text}" (write e.g. https://sso.example.gov.cn/oidc)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OidcConfigError(`${name} must be an http(s) URL, got "${text}"`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new OidcConfigError(`${name} must not have a query or fragment: "${text}"`);
  }
  return url;
}

/**
 * The SSO configuration from the environment; undefined when OIDC_ISSUER is unset (SSO off).
 * Throws OidcConfigError with the variable and the fix for anything wrong, so that the service
 * refuses to start rather than fail at the first sign-in. The client secret never appears in a
 * message.
 */
export function oidcConfigFromEnv(env: NodeJS.ProcessEnv): OidcConfig | undefined {
  const issuerText = blankToUndefined(env['OIDC_ISSUER']);
  if (issuerText === undefined) {
    const stray = ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_ROLE_CLAIM', 'OIDC_ORG_CLAIM'].filter(
      (name) => blankToUndefined(env[name]) !== undefined,
    );
    if (stray.length > 0) {
      throw new OidcConfigError(
        `${stray.join(', ')} ${stray.length === 1 ? 'is' : 'are'} set but OIDC_ISSUER is not: set OIDC_ISSUER to the identity provider's issuer URL to turn single sign-on on, or unset ${stray.join(', ')}`,
      );
    }
    return undefined;
  }
  const issuer = httpUrl('OIDC_ISSUER', issuerText);
  const loopback = LOOPBACK.has(issuer.hostname);
  if (issuer.protocol === 'http:' && !loopback) {
    throw new OidcConfigError(
      `OIDC_ISSUER must be https (got "${issuerText}"): plain http is accepted only for a provider on this machine`,
    );
  }
  const clientId = blankToUndefined(env['OIDC_CLIENT_ID']);
  if (clientId === undefined) {
    throw new OidcConfigError(
      'OIDC_ISSUER is set but OIDC_CLIENT_ID is not: set it to the client id the identity provider registered for the platform',
    );
  }
  const clientSecret = blankToUndefined(env['OIDC_CLIENT_SECRET']);

  const redirectText = blankToUndefined(env['OIDC_REDIRECT_URL']) ?? defaultRedirectUrl(env);
  const redirectUrl = httpUrl('OIDC_REDIRECT_URL', redirectText);

  const scopes = (blankToUndefined(env['OIDC_SCOPES']) ?? OIDC_DEFAULT_SCOPES)
    .split(/[\s,]+/)
    .filter(Boolean);
  if (!scopes.includes('openid')) {
    throw new OidcConfigError(
      `OIDC_SCOPES must include openid (got "${scopes.join(' ')}"); the default is "${OIDC_DEFAULT_SCOPES}"`,
    );
  }
  const claim = (name: string, fallback?: string): string | undefined => {
    const text = blankToUndefined(env[name]) ?? fallback;
    if (text === undefined) return undefined;
    const parsed = claimName.safeParse(text);
    if (!parsed.success) {
      throw new OidcConfigError(
        `${name}="${text}" is not ${parsed.error.issues[0]?.message ?? 'a claim name'}`,
      );
    }
    return parsed.data;
  };
  const usernameClaim = claim('OIDC_USERNAME_CLAIM', OIDC_DEFAULT_USERNAME_CLAIM)!;
  const roleClaim = claim('OIDC_ROLE_CLAIM');
  const orgClaim = claim('OIDC_ORG_CLAIM');
  if ((roleClaim === undefined) !== (orgClaim === undefined)) {
    throw new OidcConfigError(
      'set OIDC_ROLE_CLAIM and OIDC_ORG_CLAIM together (a user outside the sites file needs both a role and an org), or neither',
    );
  }
  const displayName = (blankToUndefined(env['OIDC_DISPLAY_NAME']) ?? OIDC_DEFAULT_DISPLAY_NAME).slice(0, 60);
  return {
    issuer,
    clientId,
    ...(clientSecret === undefined ? {} : { clientSecret }),
    redirectUrl,
    scopes,
    usernameClaim,
    ...(roleClaim === undefined ? {} : { roleClaim }),
    ...(orgClaim === undefined ? {} : { orgClaim }),
    displayName,
    allowInsecure: issuer.protocol === 'http:' && loopback,
  };
}

/** `<PUBLIC_URL>/api/auth/oidc/callback`, else `http://localhost:<PORT or 8080>/api/auth/oidc/callback`. */
function defaultRedirectUrl(env: NodeJS.ProcessEnv): string {
  const publicUrl = blankToUndefined(env['PUBLIC_URL']);
  const base = publicUrl ?? `http://localhost:${blankToUndefined(env['PORT']) ?? '8080'}`;
  return `${base.replace(/\/+$/, '')}${OIDC_CALLBACK_PATH}`;
}

/**
 * Where the dashboard takes over after the callback: `/login/callback` beside the API, i.e. the
 * redirect URL with `/api/auth/oidc/callback` replaced (so a PUBLIC_URL with a path keeps it).
 */
export function dashboardCallbackUrl(config: Pick<OidcConfig, 'redirectUrl'>): URL {
  const url = new URL(config.redirectUrl);
  const path = url.pathname.endsWith(OIDC_CALLBACK_PATH)
    ? url.pathname.slice(0, -OIDC_CALLBACK_PATH.length)
    : '';
  url.pathname = `${path}/login/callback`;
  url.search = '';
  url.hash = '';
  return url;
}
