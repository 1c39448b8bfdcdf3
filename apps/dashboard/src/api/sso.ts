import type { SsoStatus } from '@campus/api-contract';
import { api } from './http';
import { ssoReturnOf, type SsoReturn } from './sso-return';

export { SSO_RETURN_PATH, type SsoReturn } from './sso-return';

/** `GET /api/auth/oidc`: whether the login page offers single sign-on (统一身份认证), and its label. */
export type { SsoStatus } from '@campus/api-contract';

export function ssoStatus(): Promise<SsoStatus> {
  return api<SsoStatus>('GET', '/api/auth/oidc');
}

/**
 * Taken from the address bar when the app loads (before the router redirects `/login/callback`),
 * and wiped from it and from the history entry at once: the one-time code is not left behind.
 */
let pending: SsoReturn | undefined = ssoReturnOf(window.location.pathname, window.location.hash);
if (pending !== undefined) window.history.replaceState(null, '', '/');

/** The pending outcome, once (the login page consumes it). */
export function takeSsoReturn(): SsoReturn | undefined {
  const taken = pending;
  pending = undefined;
  return taken;
}
