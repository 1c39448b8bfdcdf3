import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium, waitFor } from '@campus/test-kit';
import { ApiUser } from './testing/api-client';
import {
  DESKTOP,
  openDashboard,
  PHONE,
  publishEvent,
  saveFailureScreenshots,
  type AlertJson,
  type Viewport,
} from './testing/dashboard-page';
import { startTestPlatform, type TestPlatform } from './testing/test-platform';
import { SCHOOL_A } from './testing/test-sites';

/**
 * Issue #11 points 1 and 2 in Chromium against the running platform (docs/user-guide.md "告警的排列
 * 顺序" and "实时状态"): the console lists alerts in triage order, and it knows whether its list is
 * complete.
 */

const rows = (page: Page) => page.locator('[data-testid=alert-row]');
const rowOf = (page: Page, id: string) => page.locator(`[data-testid=alert-row][data-alert-id="${id}"]`);
const order = (page: Page) =>
  rows(page).evaluateAll((els) =>
    els.map((el) => (el as unknown as { dataset: { alertId: string } }).dataset.alertId),
  );

/** The open alert of `device` (of `type`) once the API shows it. */
function openAlertOf(user: ApiUser, device: string, type: string): Promise<AlertJson> {
  return waitFor(
    async () => {
      const { body } = await user.request('GET', '/api/alerts?status=open');
      return (body as { items: AlertJson[] }).items.find((a) => a.device === device && a.type === type);
    },
    { timeoutMs: 15_000, what: `an open ${type} alert of ${device} in the API` },
  );
}

/** Resolves every open and acknowledged alert, so the next run starts from an empty console. */
async function resolveAll(user: ApiUser): Promise<void> {
  for (const status of ['open', 'acknowledged']) {
    const { body } = await user.request('GET', `/api/alerts?status=${status}`);
    for (const a of (body as { items: AlertJson[] }).items) {
      const res = await user.request('POST', `/api/alerts/${a.id}/resolve`, { disposition: 'drill' });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
  }
}

/** Logs in through the form without waiting for "live" (the list may be failing on purpose). */
async function signIn(page: Page, base: string, username: string): Promise<void> {
  await page.goto(base);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', 'demo-pass');
  await page.click('[data-testid=login]');
  await page.waitForSelector('[data-testid=live-indicator]', { timeout: 20_000 });
}

const markDocument = (page: Page) =>
  page.evaluate(() => {
    (globalThis as { __sameDocument?: boolean }).__sameDocument = true;
  });
const sameDocument = (page: Page) =>
  page.evaluate(() => (globalThis as { __sameDocument?: boolean }).__sameDocument === true);

const VIEWPORTS: [string, Viewport][] = [
  ['phone 390×844', PHONE],
  ['desktop 1366×768', DESKTOP],
];

describe('the console in triage order, with an honest live state (issue #11)', () => {
  let platform: TestPlatform | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    platform = await startTestPlatform();
    browser = await launchChromium();
  });
  beforeEach(async ({ task, onTestFailed }) => {
    onTestFailed(() => saveFailureScreenshots(task.fullTestName, context?.pages() ?? []));
    await resolveAll(await ApiUser.login(platform!.base, 'school1'));
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await platform?.stop();
  });

  it.each(VIEWPORTS)(
    '%s: an unacknowledged SOS raised first stands above newer high alerts, and sinks below them once acknowledged',
    async (_name, viewport) => {
      const { base, mqttUrl } = platform!;
      const school1 = await ApiUser.login(base, 'school1');
      await context?.close();
      let page: Page;
      ({ context, page } = await openDashboard(browser!, { viewport }));
      await signIn(page, base, 'school1');
      await page.waitForSelector('.console[data-live=true]', { timeout: 20_000 });

      // The one-key alarm first, then two high alerts, each newer than the SOS (from tmp-0001, a
      // blue risk point: a red one would raise them to critical, docs/alerting.md 风险分级管控).
      await publishEvent(mqttUrl, SCHOOL_A, 'sos-0001', 'sos');
      const sos = await openAlertOf(school1, 'sos-0001', 'sos');
      await rowOf(page, sos.id).waitFor({ timeout: 5_000 });
      await publishEvent(mqttUrl, SCHOOL_A, 'tmp-0001', 'gas');
      const gas = await openAlertOf(school1, 'tmp-0001', 'gas');
      await publishEvent(mqttUrl, SCHOOL_A, 'tmp-0001', 'intrusion');
      const intrusion = await openAlertOf(school1, 'tmp-0001', 'intrusion');
      expect([gas.severity, intrusion.severity]).toEqual(['high', 'high']);

      await expect.poll(() => order(page), { timeout: 5_000 }).toEqual([sos.id, intrusion.id, gas.id]);
      // a person in danger in words and an icon, not colour alone
      const danger = rowOf(page, sos.id).locator('[data-testid=person-in-danger]');
      expect(await danger.textContent()).toContain('人员求救');
      expect(await danger.locator('svg').count()).toBe(1);
      expect(await rowOf(page, gas.id).locator('[data-testid=person-in-danger]').count()).toBe(0);
      // The test province pages the county after 4 s: the SOS says so, and how long it has waited.
      const escalated = rowOf(page, sos.id).locator('[data-testid=escalated]');
      await escalated.waitFor({ timeout: 15_000 });
      expect(await escalated.textContent()).toMatch(/已升级至(区县|市级|省级) · 已等待 \d+(秒|分)/);

      await rowOf(page, sos.id).locator('[data-testid=ack]').click();
      await page.waitForSelector(
        `[data-testid=alert-row][data-alert-id="${sos.id}"][data-status=acknowledged]`,
        {
          timeout: 5_000,
        },
      );
      await expect.poll(() => order(page), { timeout: 5_000 }).toEqual([intrusion.id, gas.id, sos.id]);
    },
  );

  it.each(VIEWPORTS)(
    '%s: an alert list that fails at sign-in is completed without a reload once the API answers; the badge is not "live" meanwhile',
    async (_name, viewport) => {
      const { base, mqttUrl } = platform!;
      const school1 = await ApiUser.login(base, 'school1');
      // Alerts the list must bring: opened before the guard signs in.
      await publishEvent(mqttUrl, SCHOOL_A, 'sos-0001', 'sos');
      const sos = await openAlertOf(school1, 'sos-0001', 'sos');
      await publishEvent(mqttUrl, SCHOOL_A, 'smk-0001', 'smoke');
      const smoke = await openAlertOf(school1, 'smk-0001', 'smoke');

      await context?.close();
      let page: Page;
      ({ context, page } = await openDashboard(browser!, { viewport }));
      // A proxy in the test, in front of the platform: the list answers 503 until released.
      // Only `GET /api/alerts?status=…` fails; login, socket.io and everything else pass.
      let failing = true;
      let failed = 0;
      await context.route(
        (url) => url.pathname === '/api/alerts' && url.searchParams.has('status'),
        (route: Route) => {
          if (!failing || route.request().method() !== 'GET') return route.continue();
          failed += 1;
          return route.fulfill({
            status: 503,
            contentType: 'application/json',
            body: JSON.stringify({ error: 'Service Unavailable' }),
          });
        },
      );
      const pageErrors: string[] = [];
      page.on('pageerror', (err) => pageErrors.push(err.message));

      await signIn(page, base, 'school1');
      await markDocument(page);
      // socket.io is up, the list is not: the badge says the list is incomplete, not 实时.
      const badge = page.locator('[data-testid=live-indicator]');
      await page.waitForSelector('[data-testid=live-indicator][data-state=incomplete]', { timeout: 15_000 });
      expect(await badge.textContent()).toContain('列表不完整');
      expect(await badge.textContent()).not.toContain('实时');
      expect(await page.locator('.console[data-live=true]').count()).toBe(0);
      // no real-looking zeros: the header counts say "—" until the list arrives
      const critical = page.locator('[data-testid=count-critical]');
      expect(await critical.getAttribute('data-loading')).toBe('true');
      expect(await critical.textContent()).toContain('—');
      expect(await critical.textContent()).not.toMatch(/\d/);
      // the error in zh-CN, no "Failed to fetch" nor the server's English
      const banner = page.locator('[data-testid=load-failed]');
      await banner.waitFor({ timeout: 5_000 });
      const bannerText = (await banner.textContent()) ?? '';
      expect(bannerText).toContain('服务暂时不可用（503）');
      expect(bannerText).not.toMatch(/[A-Za-z]/);

      // It retries by itself (with backoff): wait for two more failed reads, then let the API answer.
      await waitFor(() => failed >= 3, { timeoutMs: 20_000, what: 'the console to retry the list' });
      expect(await badge.getAttribute('data-state')).toBe('incomplete');
      failing = false;

      await page.waitForSelector('.console[data-live=true]', { timeout: 20_000 });
      expect(await badge.textContent()).toContain('实时');
      await rowOf(page, sos.id).waitFor({ timeout: 5_000 });
      await rowOf(page, smoke.id).waitFor({ timeout: 5_000 });
      await expect.poll(() => order(page), { timeout: 5_000 }).toEqual([sos.id, smoke.id]);
      await expect
        .poll(async () => (await critical.textContent())?.match(/\d+/)?.[0], { timeout: 5_000 })
        .toBe('2');
      expect(await banner.count()).toBe(0);
      expect(await sameDocument(page), 'the page was reloaded').toBe(true);
      expect(pageErrors).toEqual([]);
    },
  );
});
