import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../testing/test-app.fixture';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('GET /api/health', () => {
  it('503 starting until ready, then 200 ok, without a token', async () => {
    expect(await call(`${t.url}/api/health`)).toMatchObject({ status: 503, body: { status: 'starting' } });
    t.handle.readiness.markReady();
    expect(await call(`${t.url}/api/health`)).toMatchObject({ status: 200, body: { status: 'ok' } });
  });
});

interface OpenApiDoc {
  info: { title: string };
  paths: Record<string, Record<string, { security?: unknown[] }>>;
  components: { securitySchemes: Record<string, { type: string; scheme: string }> };
  security?: unknown[];
}

describe('OpenAPI', () => {
  it('GET /api/docs-json is the document, with login and bearer auth', async () => {
    const res = await call(`${t.url}/api/docs-json`);
    expect(res.status).toBe(200);
    const doc = res.body as OpenApiDoc;
    expect(doc.info.title).toBe('Campus Safety Platform API');
    expect(doc.paths['/api/auth/login']?.['post']).toBeDefined();
    expect(doc.paths['/api/health']?.['get']).toBeDefined();
    expect(doc.components.securitySchemes['bearer']).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/api/auth/login']?.['post']?.security).toEqual([{}]);
  });

  it('GET /api/docs serves the Swagger UI from local assets', async () => {
    const page = await fetch(`${t.url}/api/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('swagger-ui');
    const scripts = [...html.matchAll(/src="([^"]+\.js)"/g)].map((m) => m[1] ?? '');
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      const asset = await fetch(new URL(src, `${t.url}/api/docs/`));
      expect(asset.status, src).toBe(200);
      expect((await asset.arrayBuffer()).byteLength, src).toBeGreaterThan(1000);
    }
  });
});
