import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.fixture';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

function directives(header: string | null): Map<string, string> {
  return new Map(
    (header ?? '')
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name = '', ...values] = d.split(/\s+/);
        return [name, values.join(' ')] as const;
      }),
  );
}

describe('security headers (helmet)', () => {
  it('on API answers, errors included', async () => {
    for (const path of ['/api/health', '/api/alerts', '/api/no-such-route']) {
      const res = await fetch(`${t.url}${path}`);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(res.headers.get('content-security-policy'), path).toContain("default-src 'self'");
      expect(res.headers.get('x-powered-by'), path).toBeNull();
    }
  });

  it('a policy the dashboard works under: no inline or foreign script, socket.io allowed, no upgrade', async () => {
    const csp = directives((await fetch(`${t.url}/api/health`)).headers.get('content-security-policy'));
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('object-src')).toBe("'none'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(csp.get('connect-src')).toBe("'self' ws: wss:");
    expect(csp.get('style-src')).toBe("'self' 'unsafe-inline'");
    // plain HTTP on a LAN address must keep working
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
  });
});
