import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** A real OpenID provider in this process (oidc-provider) standing in for the province's 统一身份认证. */
export interface TestIdentityProvider {
  /** `http://127.0.0.1:<port>`: OIDC_ISSUER. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Registers the platform's client for `redirectUrl` (call once, when the platform's port is known). */
  register(redirectUrl: string): void;
  /** Adds or replaces an account (its claims; `sub` is the login name typed at the provider). */
  addAccount(claims: { sub: string; [claim: string]: unknown }): void;
  close(): Promise<void>;
}

/**
 * Starts the provider's HTTP server on a free loopback port at once (the issuer URL is needed
 * before the platform starts), and the provider itself at `register`, with the platform's client
 * (confidential, client_secret_basic, PKCE required by the provider for every client) and an
 * in-memory account store. The provider's own login and consent pages (devInteractions) accept
 * any password: `signInAtProvider` drives them.
 * Scopes: `openid`, `profile` (preferred_username, name), `campus` (campus_role, campus_org).
 */
export async function startIdentityProvider(): Promise<TestIdentityProvider> {
  const accounts = new Map<string, { sub: string; [claim: string]: unknown }>();
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server: Server = createServer((req, res) => {
    if (handler === undefined) {
      res.statusCode = 503;
      res.end('the test identity provider has no client registered yet');
      return;
    }
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'campus-platform';
  const clientSecret = 'test-client-secret-0123456789abcdef';
  return {
    issuer,
    clientId,
    clientSecret,
    register(redirectUrl) {
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: clientId,
            client_secret: clientSecret,
            redirect_uris: [redirectUrl],
            token_endpoint_auth_method: 'client_secret_basic',
          },
        ],
        claims: {
          openid: ['sub'],
          profile: ['preferred_username', 'name'],
          campus: ['campus_role', 'campus_org'],
        },
        cookies: { keys: ['test-idp-cookie-key'] },
        findAccount: async (_ctx, id) => {
          const claims = accounts.get(id);
          return claims === undefined ? undefined : { accountId: id, claims: () => claims };
        },
      });
      handler = provider.callback();
    },
    addAccount(claims) {
      accounts.set(claims.sub, claims);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Cookies by name, as a browser keeps them for one site (enough for these tests). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
}

/** GET/POST without following redirects, carrying and updating `jar`. */
export async function jarFetch(jar: CookieJar, url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const cookie = jar.header();
  if (cookie !== '') headers.set('cookie', cookie);
  const res = await fetch(url, { ...init, headers, redirect: 'manual' });
  jar.take(res);
  return res;
}

function formAction(html: string, base: string): string {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (action === undefined) throw new Error(`no form on the provider's page: ${html.slice(0, 300)}`);
  return new URL(action.replaceAll('&amp;', '&'), base).href;
}

/**
 * Drives the provider's own pages the way a user does, from the authorization URL the platform
 * redirected to: the login form (as `login`), then the consent form (`allow`) or its cancel link
 * (`deny`). Returns the URL the provider finally sends the browser to (the platform's callback).
 */
export async function signInAtProvider(
  idp: Pick<TestIdentityProvider, 'issuer'>,
  authorizationUrl: string,
  login: string,
  consent: 'allow' | 'deny' = 'allow',
): Promise<string> {
  const jar = new CookieJar();
  let url = authorizationUrl;
  for (let step = 0; step < 20; step++) {
    const res = await jarFetch(jar, url);
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get('location') ?? '', url).href;
      if (!next.startsWith(idp.issuer)) return next;
      url = next;
      continue;
    }
    const html = await res.text();
    if (res.status !== 200)
      throw new Error(`the provider answered ${res.status} at ${url}: ${html.slice(0, 300)}`);
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    let answer: Response;
    if (html.includes('name="prompt" value="login"') || html.includes('name="login"')) {
      answer = await jarFetch(jar, formAction(html, url), {
        method: 'POST',
        headers: form,
        body: new URLSearchParams({ prompt: 'login', login, password: 'any' }).toString(),
      });
    } else if (consent === 'deny') {
      const abort = /href="([^"]*\/abort)"/.exec(html)?.[1];
      if (abort === undefined) throw new Error('no cancel link on the consent page');
      answer = await jarFetch(jar, new URL(abort.replaceAll('&amp;', '&'), url).href);
    } else {
      answer = await jarFetch(jar, formAction(html, url), {
        method: 'POST',
        headers: form,
        body: new URLSearchParams({ prompt: 'consent' }).toString(),
      });
    }
    const next = new URL(answer.headers.get('location') ?? '', url).href;
    if (!next.startsWith(idp.issuer)) return next;
    url = next;
  }
  throw new Error('the provider kept redirecting');
}
