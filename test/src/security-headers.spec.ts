import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { ApiUser } from './testing/api-client';
import { launchChromium, waitFor } from '@campus/test-kit';
import { connectDevice } from './testing/device-client';
import { DESKTOP, logIn, saveFailureScreenshots, visit } from './testing/dashboard-page';
import { startTestPlatform, type TestPlatform } from './testing/test-platform';
import { SCHOOL_A } from './testing/test-sites';

/** helmet's headers, as the alert service sets them on every answer. */
const HELMET_HEADERS: Record<string, RegExp> = {
  'content-security-policy': /default-src 'self'.*script-src 'self'/,
  'x-content-type-options': /^nosniff$/,
  'x-frame-options': /^DENY$/,
  // HSTS only on answers over HTTPS (HTTPS_PORT, or a trusted proxy's X-Forwarded-Proto): these are plain HTTP
  'strict-transport-security': /^$/,
  'referrer-policy': /^no-referrer$/,
  'cross-origin-opener-policy': /^same-origin$/,
  'cross-origin-resource-policy': /^same-origin$/,
};

function expectHelmet(res: Response, what: string): void {
  for (const [name, pattern] of Object.entries(HELMET_HEADERS)) {
    expect(res.headers.get(name) ?? '', `${name} on ${what}`).toMatch(pattern);
  }
  expect(res.headers.get('x-powered-by'), what).toBeNull();
}

describe('security headers and the Content-Security-Policy of the dashboard', () => {
  let platform: TestPlatform;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let alertId: string;
  /** Every CSP violation and page error the browser reported. */
  const problems: string[] = [];

  beforeAll(async () => {
    platform = await startTestPlatform();
    browser = await launchChromium();
    // Not openDashboard(): that one bypasses CSP (for axe), and here the policy is what is tested.
    context = await browser.newContext({ locale: 'zh-CN', viewport: DESKTOP });
    await context.addInitScript(() => {
      const w = globalThis as unknown as {
        __csp: string[];
        document: {
          addEventListener(
            t: string,
            f: (e: { violatedDirective: string; blockedURI: string }) => void,
          ): void;
        };
      };
      w.__csp = [];
      w.document.addEventListener('securitypolicyviolation', (e) =>
        w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    page = await context.newPage();
    page.on('console', (m) => {
      if (/Content[- ]Security[- ]Policy/i.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));

    // an alert with telemetry, so the alert detail draws its chart
    const smoke = await connectDevice(platform.mqttUrl, 'smk-0001');
    const topic = (channel: string) => `campus/v1/${SCHOOL_A}/smk-0001/${channel}`;
    await smoke.publishAsync(
      topic('telemetry'),
      JSON.stringify({ metrics: { battery: 80, temperature: 24 } }),
      {
        qos: 1,
      },
    );
    await smoke.publishAsync(topic('event'), JSON.stringify({ type: 'smoke' }), { qos: 1 });
    await smoke.endAsync();
    const yanta = await ApiUser.login(platform.base, 'yanta');
    alertId = await waitFor(
      async () => {
        const { body } = await yanta.request('GET', '/api/alerts?status=open');
        return (body as { items: { id: string; type: string }[] }).items.find((a) => a.type === 'smoke')?.id;
      },
      { what: 'the smoke alert' },
    );
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  const violations = async (): Promise<string[]> => [
    ...problems,
    ...(await page.evaluate(() => (globalThis as unknown as { __csp: string[] }).__csp)),
  ];

  it('helmet headers on /api/health, the dashboard index.html, its assets and API errors', async () => {
    expectHelmet(await fetch(`${platform.base}/api/health`), '/api/health');
    const index = await fetch(`${platform.base}/`);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    expectHelmet(index, 'index.html');
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(await index.text())?.[1];
    expect(asset).toBeDefined();
    expectHelmet(await fetch(`${platform.base}${asset}`), asset!);
    expectHelmet(await fetch(`${platform.base}/api/alerts`), '401 /api/alerts');
  });

  it('the policy is enforced: an inline script injected into the page is blocked and reported', async () => {
    await page.goto(platform.base);
    const ran = await page.evaluate(() => {
      const w = globalThis as unknown as {
        __inlineRan?: boolean;
        document: {
          createElement(t: string): { textContent: string };
          head: { append(n: unknown): void };
        };
      };
      const script = w.document.createElement('script');
      script.textContent = 'globalThis.__inlineRan = true';
      w.document.head.append(script);
      return w.__inlineRan === true;
    });
    expect(ran).toBe(false);
    await waitFor(async () => (await violations()).some((v) => v.startsWith('script-src')), {
      what: 'the inline script reported as a violation',
    });
    // start the real check from a clean slate
    problems.length = 0;
  });

  it('the console and every screen work under the policy: no violation, no page error', async () => {
    onTestFailed(() => saveFailureScreenshots('csp-dashboard', [page]));
    await page.close();
    problems.length = 0;
    page = await context.newPage();
    page.on('console', (m) => {
      if (/Content[- ]Security[- ]Policy/i.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));

    // the page really is under the policy (not just free of violations because there is none)
    const document = await page.goto(platform.base);
    expect(document?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    await logIn(page, platform.base, 'yanta');
    const screens: [string, string][] = [
      [`/alerts/${alertId}`, '[data-testid=alert-detail]'],
      ['/devices', '[data-testid=device-count-total]'],
      ['/risk-map', '[data-testid=risk-map-school]'],
      ['/hazards', '[data-testid=hazard-count-unclosed]'],
      [
        '/inspections',
        '[data-testid=inspection-coverage], [data-testid=inspection-filter], [data-testid=inspection-start]',
      ],
      ['/reports', '[data-testid=report-kpi-alerts]'],
      ['/console', '.console[data-live=true]'],
    ];
    for (const [path, ready] of screens) {
      await visit(page, platform.base, path);
      await page.waitForSelector(ready, { timeout: 20_000 });
      await page.waitForLoadState('networkidle');
    }
    // the charts drew (ECharts under the policy)
    await visit(page, platform.base, '/reports');
    await page.waitForSelector('[data-testid=report-kpi-alerts]');
    await page.waitForSelector('canvas', { timeout: 20_000 });
    await page.waitForLoadState('networkidle');
    expect(await violations()).toEqual([]);
  });

  it('the API docs (Swagger UI, on this machine) work under the policy too', async () => {
    const docs = await context.newPage();
    const found: string[] = [];
    docs.on('console', (m) => {
      if (/Content[- ]Security[- ]Policy/i.test(m.text())) found.push(m.text());
    });
    docs.on('pageerror', (err) => found.push(err.message));
    const res = await docs.goto(`${platform.base}/api/docs`);
    expect(res?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    await docs.waitForSelector('.swagger-ui .info .title', { timeout: 20_000 });
    await docs.waitForLoadState('networkidle');
    found.push(...(await docs.evaluate(() => (globalThis as unknown as { __csp: string[] }).__csp)));
    expect(found).toEqual([]);
    await docs.close();
  });
});
