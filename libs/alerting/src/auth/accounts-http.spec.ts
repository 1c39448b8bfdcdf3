import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../testing/test-app.fixture';
import { passwordOf } from '../testing/test-sites.fixture';
import { AccountRepository } from '../db/account-repository';
import type { Database } from '../db/database';
import { openDatabase } from '../db/open-database';

/**
 * The account endpoints over HTTP on the alert service's app, with the accounts table on a real
 * (in-memory PGlite) database: password change, admin reset, logout, refresh, and the revocation
 * of older tokens each of them implies.
 */
let t: TestApp;
let db: Database;
beforeAll(async () => {
  db = await openDatabase({});
  t = await startTestApp({ accounts: new AccountRepository(db) });
});
afterAll(async () => {
  await t.close();
  await db.close();
});

interface Login {
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
  refreshExpiresAt: string;
}

async function login(username: string, password = passwordOf(username)): Promise<Login> {
  const res = await call(`${t.url}/api/auth/login`, { body: { username, password } });
  if (res.status !== 200)
    throw new Error(`login of ${username} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as Login;
}

const me = (token: string) => call(`${t.url}/api/auth/me`, { token });
const refresh = (refreshToken: unknown) => call(`${t.url}/api/auth/refresh`, { body: { refreshToken } });

/** Whether socket.io admits this token at the handshake. */
function socketAdmits(token: string): Promise<boolean> {
  const socket = io(t.url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: { token },
  });
  return new Promise<boolean>((resolve) => {
    socket.once('connect', () => resolve(true));
    socket.once('connect_error', () => resolve(false));
  }).finally(() => socket.close());
}

describe('login answer', () => {
  it('keeps the contract fields and adds a 15-minute access token and a refresh token', async () => {
    const res = await call(`${t.url}/api/auth/login`, {
      body: { username: 'yanta', password: 'yanta-pass' },
    });
    expect(res.status).toBe(200);
    const body = res.body as Login & { user: unknown };
    expect(body).toMatchObject({
      accessToken: expect.any(String),
      user: { username: 'yanta', role: 'county_officer', org: '610113' },
      refreshToken: expect.any(String),
    });
    const ttl = Date.parse(body.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(14 * 60_000);
    expect(ttl).toBeLessThanOrEqual(15 * 60_000);
    expect(Date.parse(body.refreshExpiresAt) - Date.now()).toBeGreaterThan(11 * 3600_000);
  });
});

describe('POST /api/auth/refresh', () => {
  it('exchanges the refresh token for a working access token', async () => {
    const first = await login('weiyang');
    const res = await refresh(first.refreshToken);
    expect(res.status).toBe(200);
    const renewed = res.body as Login;
    expect(renewed).toMatchObject({ refreshToken: first.refreshToken, user: { username: 'weiyang' } });
    expect((await me(renewed.accessToken)).status).toBe(200);
  });

  it('refuses an access token, garbage and a malformed body', async () => {
    const first = await login('weiyang');
    expect(await refresh(first.accessToken)).toMatchObject({
      status: 401,
      body: { error: 'invalid or expired refresh token; sign in again' },
    });
    expect((await refresh('garbage')).status).toBe(401);
    expect((await refresh(42)).status).toBe(400);
    // and a refresh token is no access token
    expect((await me(first.refreshToken)).status).toBe(401);
  });
});

describe('POST /api/auth/logout', () => {
  it('revokes the user’s access tokens (HTTP and socket.io) and refresh tokens; a new login works', async () => {
    const tab1 = await login('xian');
    const tab2 = await login('xian');
    const other = await login('shaanxi');
    expect(await socketAdmits(tab1.accessToken)).toBe(true);

    const out = await call(`${t.url}/api/auth/logout`, { method: 'POST', token: tab1.accessToken });
    expect(out.status).toBe(204);

    for (const token of [tab1.accessToken, tab2.accessToken]) {
      expect(await me(token)).toMatchObject({ status: 401, body: { error: 'invalid or expired token' } });
    }
    expect(await socketAdmits(tab2.accessToken)).toBe(false);
    expect((await refresh(tab1.refreshToken)).status).toBe(401);
    expect((await refresh(tab2.refreshToken)).status).toBe(401);
    // another user is not affected
    expect((await me(other.accessToken)).status).toBe(200);

    const again = await login('xian');
    expect((await me(again.accessToken)).status).toBe(200);
    expect((await refresh(again.refreshToken)).status).toBe(200);
  });

  it('needs a token', async () => {
    expect((await call(`${t.url}/api/auth/logout`, { method: 'POST' })).status).toBe(401);
  });
});

describe('POST /api/auth/password', () => {
  const change = (token: string, body: unknown) => call(`${t.url}/api/auth/password`, { token, body });

  it('changes the password: old tokens and the old password are refused, the new one works', async () => {
    const before = await login('guard1');
    const res = await change(before.accessToken, {
      currentPassword: 'guard-pass',
      newPassword: 'gate-north-2026',
    });
    expect(res.status).toBe(204);

    expect(await me(before.accessToken)).toMatchObject({ status: 401 });
    expect((await refresh(before.refreshToken)).status).toBe(401);
    expect(
      await call(`${t.url}/api/auth/login`, { body: { username: 'guard1', password: 'guard-pass' } }),
    ).toMatchObject({
      status: 401,
      body: { error: 'invalid username or password' },
    });
    const after = await login('guard1', 'gate-north-2026');
    expect((await me(after.accessToken)).status).toBe(200);
    // stored in the database as an scrypt hash, not as the password
    const { rows } = await db.query<{ password_hash: string }>(
      "SELECT password_hash FROM alerting.accounts WHERE username = 'guard1'",
    );
    expect(rows[0]?.password_hash).toMatch(/^scrypt\$/);
  });

  it('refuses a wrong current password (403) and a new one against the policy (400), changing nothing', async () => {
    const session = await login('head1');
    expect(
      await change(session.accessToken, { currentPassword: 'nope', newPassword: 'school-admin-2026' }),
    ).toEqual(expect.objectContaining({ status: 403, body: { error: 'the current password is wrong' } }));
    expect(await change(session.accessToken, { currentPassword: 'head-pass', newPassword: 'short' })).toEqual(
      expect.objectContaining({
        status: 400,
        body: { error: 'the new password is too short: use at least 10 characters' },
      }),
    );
    expect(
      await change(session.accessToken, { currentPassword: 'head-pass', newPassword: 'password123' }),
    ).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/too common/) },
    });
    expect(await change(session.accessToken, { currentPassword: 'head-pass' })).toMatchObject({
      status: 400,
      body: {
        error: 'invalid request body',
        details: [{ path: 'newPassword', message: expect.any(String) }],
      },
    });
    // nothing changed: the session and the password still work
    expect((await me(session.accessToken)).status).toBe(200);
    await login('head1');
  });
});

describe('POST /api/users/{username}/password (admin reset)', () => {
  const reset = (token: string, username: string, newPassword = 'reset-by-admin-01') =>
    call(`${t.url}/api/users/${username}/password`, { token, body: { newPassword } });

  it('is refused to roles without the permission (403), outside the scope (404) and for oneself (400)', async () => {
    const officer = await login('yanta');
    expect(await reset(officer.accessToken, 'weiyang')).toMatchObject({
      status: 403,
      body: { error: 'role county_officer may not users.reset_password' },
    });
    const schoolAdmin = await login('head1');
    // a county officer and another county's officer are above or beside the school: not in scope
    for (const name of ['yanta', 'weiyang', 'root', 'nobody']) {
      expect(await reset(schoolAdmin.accessToken, name), name).toMatchObject({
        status: 404,
        body: { error: `no user ${name} in your scope` },
      });
    }
    expect(await reset(schoolAdmin.accessToken, 'head1')).toMatchObject({ status: 400 });
    const root = await login('root');
    expect(await reset(root.accessToken, 'weiyang', 'weiyang')).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/too short|user name/) },
    });
  });

  it('works for an admin in scope: the user’s tokens are revoked and only the new password signs in', async () => {
    const victim = await login('shaanxi');
    const root = await login('root');
    expect((await reset(root.accessToken, 'shaanxi', 'province-duty-77')).status).toBe(204);
    expect((await me(victim.accessToken)).status).toBe(401);
    expect((await refresh(victim.refreshToken)).status).toBe(401);
    expect(
      (await call(`${t.url}/api/auth/login`, { body: { username: 'shaanxi', password: 'shaanxi-pass' } }))
        .status,
    ).toBe(401);
    await login('shaanxi', 'province-duty-77');
    // the admin's own session is untouched
    expect((await me(root.accessToken)).status).toBe(200);
  });

  it('works for a school admin on the school’s own users', async () => {
    const schoolAdmin = await login('head1');
    // guard1 may have changed the password in the test above
    const guard = await login('guard1', 'gate-north-2026').catch(() => login('guard1', 'guard-pass'));
    expect((await reset(schoolAdmin.accessToken, 'guard1', 'guard-reset-2026')).status).toBe(204);
    expect((await me(guard.accessToken)).status).toBe(401);
    await login('guard1', 'guard-reset-2026');
  });
});

describe('login throttling over HTTP', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await startTestApp({ env: { LOGIN_IP_BURST: '8', LOGIN_IP_PER_MINUTE: '1' } });
  });
  afterAll(() => limited.close());

  const attempt = (username: string, password: string, headers: Record<string, string> = {}) =>
    fetch(`${limited.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ username, password }),
    });

  it('answers 429 with Retry-After and a JSON error once the account is locked, even to the right password', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt('xian', `wrong-${i}`)).status).toBe(401);
    const locked = await attempt('xian', 'xian-pass');
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('900');
    expect(await locked.json()).toEqual({
      error: 'too many login attempts; try again in 900 s',
      retryAfterSeconds: 900,
    });
  });

  it('limits one address however it spells X-Forwarded-For (TRUST_PROXY unset)', async () => {
    // use up the address's burst of 8, whatever the tests before left of it
    let status = 0;
    for (let i = 0; i < 10 && status !== 429; i++) status = (await attempt(`ghost-${i}`, 'x')).status;
    expect(status).toBe(429);
    // a fresh X-Forwarded-For is no fresh address
    for (let i = 0; i < 3; i++) {
      const res = await attempt(`spoof-${i}`, 'x', { 'x-forwarded-for': `203.0.113.${i}` });
      expect(res.status).toBe(429);
    }
    // refused at the door, before validation and the controller (a body without a password would be 400 there)
    const early = await fetch(`${limited.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ghost-x' }),
    });
    expect(early.status).toBe(429);
    expect(Number(early.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await early.json()).toEqual({
      error: expect.stringMatching(/^too many login attempts; try again in \d+ s$/),
      retryAfterSeconds: Number(early.headers.get('retry-after')),
    });
  });

  it('honours X-Forwarded-For when TRUST_PROXY says a proxy is in front', async () => {
    const proxied = await startTestApp({
      env: { TRUST_PROXY: '1', LOGIN_IP_BURST: '2', LOGIN_IP_PER_MINUTE: '1' },
    });
    try {
      const from = (ip: string, name: string) =>
        fetch(`${proxied.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
          body: JSON.stringify({ username: name, password: 'x' }),
        }).then((r) => r.status);
      expect([
        await from('198.51.100.1', 'a'),
        await from('198.51.100.1', 'b'),
        await from('198.51.100.1', 'c'),
      ]).toEqual([401, 401, 429]);
      // another client behind the same proxy is counted on its own
      expect(await from('198.51.100.2', 'd')).toBe(401);
    } finally {
      await proxied.close();
    }
  });
});
