import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.fixture';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/** As a reverse proxy on this machine relays a remote client: loopback socket, forwarded header. */
const FROM_ELSEWHERE = { 'x-forwarded-for': '203.0.113.9' };

describe('/api/docs: signed-in users and this machine only', () => {
  it('refuses a request from elsewhere without a token (UI, JSON, YAML, assets) with 401', async () => {
    for (const path of [
      '/api/docs',
      '/api/docs/',
      '/api/docs-json',
      '/api/docs-yaml',
      '/api/docs/swagger-ui-init.js',
    ]) {
      const res = await fetch(`${t.url}${path}`, { headers: FROM_ELSEWHERE });
      expect(res.status, path).toBe(401);
      expect(res.headers.get('www-authenticate'), path).toBe('Bearer');
      expect(((await res.json()) as { error: string }).error, path).toMatch(/Bearer/);
    }
  });

  it('refuses a bad token, serves a signed-in user', async () => {
    const bad = await fetch(`${t.url}/api/docs-json`, {
      headers: { ...FROM_ELSEWHERE, authorization: 'Bearer not.a.token' },
    });
    expect(bad.status).toBe(401);
    const token = await t.tokenOf('guard1');
    const ok = await fetch(`${t.url}/api/docs-json`, {
      headers: { ...FROM_ELSEWHERE, authorization: `Bearer ${token}` },
    });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { info: { title: string } }).info.title).toBe('Campus Safety Platform API');
  });

  it('serves a direct request from this machine without a token', async () => {
    expect((await fetch(`${t.url}/api/docs-json`)).status).toBe(200);
    expect((await fetch(`${t.url}/api/docs`)).status).toBe(200);
  });

  it('leaves the rest of the API alone (no docs lookalike is caught)', async () => {
    const res = await fetch(`${t.url}/api/health`, { headers: FROM_ELSEWHERE });
    expect(res.status).not.toBe(401);
    const docsLike = await fetch(`${t.url}/api/docsx`, { headers: FROM_ELSEWHERE });
    expect(docsLike.headers.get('www-authenticate')).toBeNull();
  });
});
