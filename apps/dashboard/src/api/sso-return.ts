/** Where the server sends the browser back after single sign-on. */
export const SSO_RETURN_PATH = '/login/callback';

/** What the server handed over in the fragment of `/login/callback`: a one-time code, or a failure's code. */
export type SsoReturn = { code: string } | { error: string };

/**
 * The single sign-on outcome in a URL's path and fragment (`/login/callback#code=…` or
 * `#error=sso_…`); undefined for any other URL. Pure: the login page's test covers it.
 */
export function ssoReturnOf(pathname: string, hash: string): SsoReturn | undefined {
  if (!pathname.endsWith(SSO_RETURN_PATH)) return undefined;
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const code = params.get('code');
  if (code) return { code };
  const error = params.get('error');
  if (error && /^sso_[a-z_]{1,40}$/.test(error)) return { error };
  return { error: 'sso_failed' };
}
