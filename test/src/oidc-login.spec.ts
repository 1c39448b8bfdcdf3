import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { launchChromium, waitFor } from '@campus/test-kit';
import { openDashboard, publishEvent, saveFailureScreenshots } from './testing/dashboard-page';
import {
  CookieJar,
  jarFetch,
  signInAtProvider,
  startIdentityProvider,
  type TestIdentityProvider,
} from './testing/oidc-provider';
import { startTestPlatform, type TestPlatform } from './testing/test-platform';
import { SCHOOL_A, SCHOOL_B } from './testing/test-sites';

/**
 * Single sign-on with the province's identity service (统一身份认证): a real OpenID provider
 * (oidc-provider) in this process, the real platform process with OIDC_* pointing at it.
 * The platform's default redirect URL is `http://localhost:<PORT>/api/auth/oidc/callback`, so
 * the browser side of every flow here talks to the platform as `localhost`.
 */
let idp: TestIdentityProvider;
let platform: TestPlatform;
let web: string;

interface LoginAnswer {
  accessToken: string;
  refreshToken: string;
  user: { username: string; role: string; org: string };
}
interface AlertJson {
  school: string;
  type: string;
}

async function bearer(token: string, path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${web}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/** `/api/auth/oidc/login` → the provider's authorization URL, with the platform's state cookie in `jar`. */
async function startSignIn(jar: CookieJar): Promise<URL> {
  const res = await jarFetch(jar, `${web}/api/auth/oidc/login`);
  expect(res.status).toBe(302);
  expect(jar.get('campus_oidc_state')).toBeDefined();
  return new URL(res.headers.get('location')!);
}

/** The platform's callback for `callbackUrl` (from the provider): where it sends the browser. */
async function callback(jar: CookieJar, callbackUrl: string): Promise<URL> {
  expect(callbackUrl.startsWith(`${web}/api/auth/oidc/callback?`)).toBe(true);
  const res = await jarFetch(jar, callbackUrl);
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

/** The fragment parameters of the dashboard URL the callback redirected to. */
const fragment = (url: URL) => new URLSearchParams(url.hash.slice(1));

async function exchange(jar: CookieJar, code: string): Promise<Response> {
  return jarFetch(jar, `${web}/api/auth/oidc/exchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
}

/** The whole flow as a browser does it, for the provider's account `login`; the platform's login answer. */
async function signIn(login: string): Promise<LoginAnswer> {
  const jar = new CookieJar();
  const authorization = await startSignIn(jar);
  const landing = await callback(jar, await signInAtProvider(idp, authorization.href, login));
  const code = fragment(landing).get('code');
  expect(code, `refused: ${landing.hash}`).toBeTruthy();
  const res = await exchange(jar, code!);
  expect(res.status).toBe(200);
  return (await res.json()) as LoginAnswer;
}

beforeAll(async () => {
  idp = await startIdentityProvider();
  // yanta: a sites-file user (county 610113, over SCHOOL_A); li: known to the provider only, a school
  // guard of SCHOOL_B by the role/org claims; the others are refused.
  idp.addAccount({ sub: 'idp-yanta', preferred_username: 'yanta' });
  idp.addAccount({
    sub: 'idp-li',
    preferred_username: 'li.guard',
    campus_role: 'school_security',
    campus_org: SCHOOL_B,
  });
  idp.addAccount({ sub: 'idp-nobody', preferred_username: 'nobody' });
  idp.addAccount({
    sub: 'idp-wrongorg',
    preferred_username: 'wang',
    campus_role: 'county_officer',
    campus_org: SCHOOL_A,
  });
  idp.addAccount({ sub: 'idp-boss', preferred_username: 'boss', campus_role: 'admin', campus_org: '610000' });
  platform = await startTestPlatform({
    env: {
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: idp.clientId,
      OIDC_CLIENT_SECRET: idp.clientSecret,
      OIDC_SCOPES: 'openid profile campus',
      OIDC_ROLE_CLAIM: 'campus_role',
      OIDC_ORG_CLAIM: 'campus_org',
    },
  });
  web = platform.base.replace('127.0.0.1', 'localhost');
  idp.register(`${web}/api/auth/oidc/callback`);
  // one open alert in each county: scope shows in what each signed-in user sees
  await publishEvent(platform.mqttUrl, SCHOOL_A, 'smk-0001', 'smoke');
  await publishEvent(platform.mqttUrl, SCHOOL_B, 'smk-0101', 'smoke');
}, 90_000);

afterAll(async () => {
  await platform?.stop();
  await idp?.close();
});

describe('single sign-on (OIDC)', () => {
  it('tells the dashboard that SSO is on, and sends the browser to the provider with PKCE, state and nonce', async () => {
    const status = await fetch(`${web}/api/auth/oidc`);
    expect(await status.json()).toEqual({ enabled: true, displayName: '统一身份认证' });
    const authorization = await startSignIn(new CookieJar());
    expect(authorization.origin).toBe(idp.issuer);
    const params = authorization.searchParams;
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(params.get('state')).toBeTruthy();
    expect(params.get('nonce')).toBeTruthy();
    expect(params.get('redirect_uri')).toBe(`${web}/api/auth/oidc/callback`);
  });

  it('signs a sites-file user in: the exchanged token reads alerts in that user’s scope only', async () => {
    const answer = await signIn('idp-yanta');
    expect(answer.user).toEqual({ username: 'yanta', name: '刘洋', role: 'county_officer', org: '610113' });
    const alerts = await waitFor(
      async () => {
        const { status, body } = await bearer(answer.accessToken, '/api/alerts?status=open');
        expect(status).toBe(200);
        const items = (body as { items: AlertJson[] }).items;
        return items.some((a) => a.school === SCHOOL_A) ? items : undefined;
      },
      { what: 'the smoke alert of SCHOOL_A in yanta’s list' },
    );
    expect(alerts.every((a) => a.school === SCHOOL_A)).toBe(true);
    // the login is in the audit log with its method
    const audit = await bearer(answer.accessToken, '/api/audit?action=auth.login&actor=yanta');
    expect(audit.status).toBe(200);
    const entries = (audit.body as { items: { actor: string; detail?: { method?: string } }[] }).items;
    expect(entries.some((e) => e.actor === 'yanta' && e.detail?.method === 'oidc')).toBe(true);
  });

  it('signs in a user known only to the provider by the role and org claims, and refreshes the session', async () => {
    const answer = await signIn('idp-li');
    expect(answer.user).toEqual({ username: 'li.guard', role: 'school_security', org: SCHOOL_B });
    const alerts = await waitFor(
      async () => {
        const { status, body } = await bearer(answer.accessToken, '/api/alerts?status=open');
        expect(status).toBe(200);
        const items = (body as { items: AlertJson[] }).items;
        return items.some((a) => a.school === SCHOOL_B) ? items : undefined;
      },
      { what: 'the smoke alert of SCHOOL_B in li.guard’s list' },
    );
    expect(alerts.every((a) => a.school === SCHOOL_B)).toBe(true);
    const refreshed = await fetch(`${web}/api/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: answer.refreshToken }),
    });
    expect(refreshed.status).toBe(200);
    const again = (await refreshed.json()) as LoginAnswer;
    expect((await bearer(again.accessToken, '/api/auth/me')).body).toMatchObject({
      username: 'li.guard',
      role: 'school_security',
      org: SCHOOL_B,
    });
  });

  it('refuses an unknown user, a role or org the claims may not give, and a denied consent', async () => {
    for (const [login, reason] of [
      ['idp-nobody', 'sso_unknown_user'],
      ['idp-wrongorg', 'sso_bad_org'],
      ['idp-boss', 'sso_bad_role'],
    ] as const) {
      const jar = new CookieJar();
      const landing = await callback(jar, await signInAtProvider(idp, (await startSignIn(jar)).href, login));
      expect(landing.pathname).toBe('/login/callback');
      expect(fragment(landing).get('error')).toBe(reason);
      expect(fragment(landing).get('code')).toBeNull();
      expect(jar.get('campus_oidc_result')).toBeUndefined();
    }
    const jar = new CookieJar();
    const denied = await callback(
      jar,
      await signInAtProvider(idp, (await startSignIn(jar)).href, 'idp-yanta', 'deny'),
    );
    expect(fragment(denied).get('error')).toBe('sso_denied');
  });

  it('refuses a tampered state and a callback without the sign-in’s state cookie', async () => {
    const jar = new CookieJar();
    const back = new URL(await signInAtProvider(idp, (await startSignIn(jar)).href, 'idp-yanta'));
    const tampered = new URL(back);
    tampered.searchParams.set('state', `${back.searchParams.get('state')}x`);
    expect(fragment(await callback(jar, tampered.href)).get('error')).toBe('sso_invalid');

    const other = new CookieJar();
    const again = await signInAtProvider(idp, (await startSignIn(other)).href, 'idp-yanta');
    expect(fragment(await callback(new CookieJar(), again)).get('error')).toBe('sso_expired');
  });

  it('refuses a replayed authorization code at the callback and a replayed one-time code at the exchange', async () => {
    const jar = new CookieJar();
    const back = await signInAtProvider(idp, (await startSignIn(jar)).href, 'idp-yanta');
    const stateCookie = jar.get('campus_oidc_state')!;
    const landing = await callback(jar, back);
    const code = fragment(landing).get('code')!;
    const resultCookie = jar.get('campus_oidc_result')!;
    expect(code).toBeTruthy();

    // the provider's code again, with the state cookie an attacker kept: the provider refuses it
    const replayJar = new CookieJar();
    replayJar.take(new Response(null, { headers: { 'set-cookie': `campus_oidc_state=${stateCookie}` } }));
    expect(fragment(await callback(replayJar, back)).get('error')).toBe('sso_failed');

    const first = await exchange(jar, code);
    expect(first.status).toBe(200);
    // the same code with the same result cookie (kept by an attacker): refused
    const copy = new CookieJar();
    copy.take(new Response(null, { headers: { 'set-cookie': `campus_oidc_result=${resultCookie}` } }));
    const second = await exchange(copy, code);
    expect(second.status).toBe(401);
    expect(await second.json()).toMatchObject({ code: 'sso_code_used' });
    // a made-up code with a fresh sign-in's cookie: refused
    const fresh = new CookieJar();
    const freshLanding = await callback(
      fresh,
      await signInAtProvider(idp, (await startSignIn(fresh)).href, 'idp-yanta'),
    );
    expect(fragment(freshLanding).get('code')).toBeTruthy();
    expect((await exchange(fresh, 'A'.repeat(43))).status).toBe(401);
  });
});

describe('single sign-on in the dashboard', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the SSO button leads through the provider’s login to the official’s first screen, the overview', async () => {
    const { context, page } = await openDashboard(browser);
    const pages: Page[] = [page];
    onTestFailed(() => saveFailureScreenshots('oidc-login', pages));
    try {
      await page.goto(web);
      const button = page.locator('[data-testid=sso-login]');
      await button.waitFor({ timeout: 15_000 });
      expect(await button.textContent()).toContain('统一身份认证');
      await button.click();
      await page.waitForURL((url) => url.href.startsWith(idp.issuer), { timeout: 15_000 });
      await page.fill('input[name=login]', 'idp-yanta');
      await page.fill('input[name=password]', 'any');
      await page.click('button[type=submit]');
      // the provider's consent page
      await page.waitForSelector('input[name=prompt][value=consent]', { state: 'attached', timeout: 15_000 });
      await page.click('button[type=submit]');
      // a county official lands on 态势总览 (docs/user-guide.md "Signing in")
      await page.waitForSelector('.overview[data-live=true]', { timeout: 20_000 });
      expect(new URL(page.url()).pathname).toBe('/overview');
      expect(new URL(page.url()).hash).toBe('');
      const stored = await page.evaluate(() =>
        (
          globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }
        ).sessionStorage.getItem('campus.user'),
      );
      expect(JSON.parse(stored ?? '{}')).toMatchObject({ username: 'yanta' });
    } finally {
      await context.close();
    }
  });

  it('shows the reason when the provider’s user is refused', async () => {
    const { context, page } = await openDashboard(browser);
    onTestFailed(() => saveFailureScreenshots('oidc-login-refused', [page]));
    try {
      await page.goto(web);
      await page.locator('[data-testid=sso-login]').click();
      await page.waitForURL((url) => url.href.startsWith(idp.issuer), { timeout: 15_000 });
      await page.fill('input[name=login]', 'idp-nobody');
      await page.fill('input[name=password]', 'any');
      await page.click('button[type=submit]');
      // the provider's consent page
      await page.waitForSelector('input[name=prompt][value=consent]', { state: 'attached', timeout: 15_000 });
      await page.click('button[type=submit]');
      const alert = page.locator('[data-testid=sso-error]');
      await alert.waitFor({ timeout: 15_000 });
      expect(await alert.textContent()).toContain('未登记');
    } finally {
      await context.close();
    }
  });
});
