import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TwilioDouble } from '@campus/alerting/testing';
import { launchChromium } from '@campus/test-kit';
import { connectDevice } from './testing/device-client';
import { startTestPlatform, type TestPlatform } from './testing/test-platform';
import { SCHOOL_A } from './testing/test-sites';

const SCHOOL_PHONE = '+8613800000001';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ARTIFACTS = join(ROOT, 'test-artifacts');

/** Runs in the page (the test project has no DOM lib): the element's CSS animation. */
const animationName = (el: unknown): string =>
  (globalThis as unknown as { getComputedStyle(e: unknown): { animationName: string } }).getComputedStyle(el)
    .animationName;

describe('the dashboard: a guard sees the alarm at once and acknowledges it', () => {
  let platform: TestPlatform | undefined;
  let browser: Browser | undefined;
  let base: string;
  let mqttUrl: string;
  let twilio: TwilioDouble;

  beforeAll(async () => {
    platform = await startTestPlatform();
    ({ base, mqttUrl, twilio } = platform);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('serves the built console at / with the SPA fallback, leaving /api alone', async () => {
    const index = await fetch(`${base}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    expect(await index.text()).toContain('<div id="app">');
    const deep = await fetch(`${base}/some/console/path`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="app">');
    const health = await fetch(`${base}/api/health`);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect((await fetch(`${base}/api/no-such-route`)).status).toBe(404);
  });

  it('shows a smoke alarm live within a second, flashing, and acknowledges it in one click', async () => {
    const page = await browser!.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 720 } });
    await page.goto(base);
    await page.fill('input[name=username]', 'school1');
    await page.fill('input[name=password]', 'demo-pass');
    await page.click('[data-testid=login]');
    await page.waitForSelector('.console[data-live=true]', { timeout: 10_000 });
    expect(await page.locator('[data-testid=alert-row]').count()).toBe(0);

    const device = await connectDevice(mqttUrl, 'smk-0001');
    await device.publishAsync(`campus/v1/${SCHOOL_A}/smk-0001/event`, JSON.stringify({ type: 'smoke' }), {
      qos: 1,
    });
    const published = Date.now();
    await page.waitForSelector('[data-testid=alert-row]', { timeout: 1_000 });
    expect(Date.now() - published).toBeLessThan(1_000);
    await device.endAsync();

    const row = page.locator('[data-testid=alert-row]').first();
    expect(await row.getAttribute('data-alert-id')).toBeTruthy();
    expect(await row.getAttribute('data-status')).toBe('open');
    await expect.poll(() => row.evaluate(animationName)).not.toBe('none');
    await expect.poll(() => page.textContent('[data-testid=count-critical]')).toContain('1');

    await row.locator('[data-testid=ack]').click();
    await page.waitForSelector('[data-testid=alert-row][data-status=acknowledged]', { timeout: 5_000 });
    expect(await row.locator('[data-testid=status]').textContent()).toContain('已确认');
    expect(await row.locator('[data-testid=ack]').count()).toBe(0);
    expect(await row.evaluate(animationName)).toBe('none');
    await expect.poll(() => page.textContent('[data-testid=count-critical]')).toContain('0');

    // The county is paged 4 s after opening (test province policy) unless someone acknowledged:
    // once that moment has passed, the Twilio double must hold the school's messages only.
    const countyStepPassed = published + 5_000;
    await expect.poll(() => Date.now() >= countyStepPassed, { timeout: 10_000, interval: 100 }).toBe(true);
    expect(twilio.requests.some((q) => q.to === SCHOOL_PHONE)).toBe(true);
    expect(twilio.requests.filter((q) => q.to !== SCHOOL_PHONE)).toEqual([]);

    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'console.png'), fullPage: true });
    await page.close();
  });
});
