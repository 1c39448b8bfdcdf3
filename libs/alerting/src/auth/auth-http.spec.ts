import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from './token-service';
import { call, startTestApp, type TestApp } from '../testing/test-app.fixture';
import { JWT_TEST_SECRET } from '../testing/test-sites.fixture';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const login = (body: unknown) => call(`${t.url}/api/auth/login`, { body });

describe('POST /api/auth/login', () => {
  it('answers a token and the user for the right password', async () => {
    const res = await login({ username: 'yanta', password: 'yanta-pass' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      accessToken: expect.any(String),
      user: { username: 'yanta', role: 'county_officer', org: '610113' },
    });
    const { accessToken } = res.body as { accessToken: string };
    const me = await call(`${t.url}/api/auth/me`, { token: accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      username: 'yanta',
      role: 'county_officer',
      org: '610113',
      level: 'county',
    });
  });

  it('answers 401 with the same body for a wrong password and an unknown user', async () => {
    const wrong = await login({ username: 'yanta', password: 'guard-pass' });
    const unknown = await login({ username: 'nobody', password: 'yanta-pass' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual({ error: 'invalid username or password' });
    expect(unknown.body).toEqual(wrong.body);
  });

  it('answers 400 with details for a malformed body', async () => {
    const res = await login({ username: 'yanta' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: 'invalid request body',
      details: [{ path: 'password', message: expect.any(String) }],
    });
    const wrongType = await login({ username: 'yanta', password: 42 });
    expect(wrongType.status).toBe(400);
    expect(JSON.stringify(wrongType.body)).toContain('"path":"password"');
  });

  it('answers 400 {error} for a body that is not JSON, without a stack', async () => {
    const res = await call(`${t.url}/api/auth/login`, { rawBody: '{"username": "yanta", ' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'request body is not valid JSON' });
  });
});

describe('bearer tokens', () => {
  it('401 without a token, with garbage, and with a token of another key', async () => {
    const url = `${t.url}/api/auth/me`;
    expect(await call(url)).toMatchObject({ status: 401, body: { error: 'missing bearer token' } });
    expect(await call(url, { token: 'garbage' })).toMatchObject({
      status: 401,
      body: { error: 'invalid or expired token' },
    });
    const foreign = await new TokenService().sign({ username: 'root', role: 'admin', org: '610000' });
    expect((await call(url, { token: foreign.token })).status).toBe(401);
  });

  it('401 for an expired token', async () => {
    const past = new TokenService({
      secret: JWT_TEST_SECRET,
      clock: () => new Date(Date.now() - 13 * 3600_000),
    });
    const { token } = await past.sign({ username: 'yanta', role: 'county_officer', org: '610113' });
    expect(await call(`${t.url}/api/auth/me`, { token })).toMatchObject({
      status: 401,
      body: { error: 'invalid or expired token' },
    });
  });

  it('401 for a well-signed token whose user is not (or no longer so) in the sites file', async () => {
    const tokens = new TokenService({ secret: JWT_TEST_SECRET });
    const ghost = await tokens.sign({ username: 'ghost', role: 'admin', org: '610000' });
    const promoted = await tokens.sign({ username: 'guard1', role: 'admin', org: '610000' });
    expect((await call(`${t.url}/api/auth/me`, { token: ghost.token })).status).toBe(401);
    expect((await call(`${t.url}/api/auth/me`, { token: promoted.token })).status).toBe(401);
  });
});

describe('@Requires', () => {
  it('403 when the role lacks the permission, 200 when it holds it', async () => {
    const url = `${t.url}/api/test/schools/2161010001/drill`;
    const guard = await call(url, { method: 'POST', token: await t.tokenOf('guard1') });
    expect(guard.status).toBe(403);
    expect(guard.body).toEqual({ error: 'role school_security may not drill_mode.set' });
    const head = await call(url, { method: 'POST', token: await t.tokenOf('head1') });
    expect(head).toMatchObject({ status: 200, body: { drill: '2161010001' } });
    expect((await call(url, { method: 'POST' })).status).toBe(401);
  });
});

describe('errors', () => {
  it('a thrown error is 500 {error} to the client and logged with its stack', async () => {
    const res = await call(`${t.url}/api/test/boom`, { token: await t.tokenOf('root') });
    expect(res).toMatchObject({ status: 500, body: { error: 'internal server error' } });
    expect(JSON.stringify(res.body)).not.toContain('secret internal detail');
    const logged = t.logs.find((l) => l['msg'] === 'request failed');
    expect(logged).toMatchObject({ level: 50, status: 500, url: '/api/test/boom' });
    expect(JSON.stringify(logged)).toContain('secret internal detail');
    expect(JSON.stringify(logged)).toContain('probe.fixture');
  });

  it('an unknown route is 404 {error}', async () => {
    const res = await call(`${t.url}/api/nothing-here`, { token: await t.tokenOf('root') });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: expect.any(String) });
  });
});
