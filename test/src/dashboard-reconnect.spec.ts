import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiUser } from './testing/api-client';
import { launchChromium, waitFor } from '@campus/test-kit';
import { connectDevice } from './testing/device-client';
import {
  alertOf,
  logIn,
  openDashboard,
  publishEvent,
  saveFailureScreenshots,
  type AlertJson,
} from './testing/dashboard-page';
import { startTestPlatform, type TestPlatform } from './testing/test-platform';
import { SCHOOL_A } from './testing/test-sites';

/** After the connection is back: socket.io's reconnect backoff tops out at 5 s, plus a loaded machine. */
const RECOVERY_MS = 15_000;

/** A marker in the page's JS realm: still there at the end means the page was never reloaded. */
const markDocument = (page: Page) =>
  page.evaluate(() => {
    (globalThis as { __sameDocument?: boolean }).__sameDocument = true;
  });
const sameDocument = (page: Page) =>
  page.evaluate(() => (globalThis as { __sameDocument?: boolean }).__sameDocument === true);

const rowOf = (page: Page, id: string) => page.locator(`[data-testid=alert-row][data-alert-id="${id}"]`);

/** The number in a header count such as "紧急 2". */
async function headerCount(page: Page, severity: string): Promise<number> {
  const text = (await page.textContent(`[data-testid=count-${severity}]`)) ?? '';
  return Number(text.match(/\d+/g)?.at(-1) ?? NaN);
}

describe('the console after its socket is cut: it reloads what it missed and says it was offline', () => {
  let platform: TestPlatform | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    platform = await startTestPlatform();
    browser = await launchChromium();
  });
  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(() => saveFailureScreenshots(task.fullTestName, context?.pages() ?? []));
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await platform?.stop();
  });

  it('shows the alerts opened and the acknowledgement made while it was cut off, without a reload', async () => {
    const { base, mqttUrl } = platform!;
    const school1 = await ApiUser.login(base, 'school1');
    const county = await ApiUser.login(base, 'yanta');
    ({ context } = await openDashboard(browser!));
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await logIn(page, base, 'school1');

    // An alert the guard already has on screen; someone else acknowledges it while the guard is cut off.
    await publishEvent(mqttUrl, SCHOOL_A, 'smk-0001', 'smoke');
    const existing = await alertOf(school1, 'smk-0001');
    await rowOf(page, existing.id).waitFor({ timeout: 5_000 });
    expect(await rowOf(page, existing.id).getAttribute('data-status')).toBe('open');
    await markDocument(page);

    // Cut the network of the page's context. Chromium closes the open WebSocket at once (the
    // server sees "transport close") and fails every new request, so neither the WebSocket nor
    // socket.io's HTTP long-polling fallback can get through until it is restored.
    await context.setOffline(true);
    await page.waitForSelector('.console[data-live=true]', { state: 'detached', timeout: 10_000 });
    await page.waitForSelector('[data-testid=offline]', { state: 'visible', timeout: 5_000 });
    const offlineText = (await page.textContent('[data-testid=offline]')) ?? '';

    // While cut: two new alerts at two other devices (a one-key alarm, and a Zigbee smoke detector
    // behind the school's bridge), and the existing one acknowledged by the county officer.
    await publishEvent(mqttUrl, SCHOOL_A, 'sos-0001', 'sos');
    const bridge = await connectDevice(mqttUrl, 'z2m-01');
    await bridge.publishAsync('z2m-2161010001/lab/smoke_101', JSON.stringify({ smoke: true }), { qos: 1 });
    await bridge.endAsync();
    const sos = await alertOf(school1, 'sos-0001');
    const zigbeeSmoke = await alertOf(school1, 'smk-z-0001');
    const acked = await county.request('POST', `/api/alerts/${existing.id}/ack`, {});
    expect(acked.status, JSON.stringify(acked.body)).toBe(200);

    // Escalation steps re-broadcast an alert (its level rises): the test province pages the
    // county at 4 s and the city at 8 s, the province only at 60 s. Restoring only after the city
    // step means no broadcast of these alerts can reach the console after it reconnects; what
    // it shows must come from reloading the list.
    await waitFor(
      async () => {
        const levels = await Promise.all(
          [sos, zigbeeSmoke].map(
            async (a) => ((await school1.request('GET', `/api/alerts/${a.id}`)).body as AlertJson).level,
          ),
        );
        return levels.every((l) => l === 'city');
      },
      { timeoutMs: 20_000, what: 'the new alerts to reach their city step' },
    );
    // The cut is real: nothing of this reached the page.
    expect(await rowOf(page, sos.id).count()).toBe(0);
    expect(await rowOf(page, zigbeeSmoke.id).count()).toBe(0);
    expect(await rowOf(page, existing.id).getAttribute('data-status')).toBe('open');
    expect(await page.locator('.console[data-live=true]').count()).toBe(0);

    const restored = Date.now();
    await context.setOffline(false);
    await page.waitForSelector('.console[data-live=true]', { timeout: RECOVERY_MS });
    const live = Date.now() - restored;
    await rowOf(page, sos.id).waitFor({ timeout: 5_000 });
    await rowOf(page, zigbeeSmoke.id).waitFor({ timeout: 5_000 });
    await page.waitForSelector(
      `[data-testid=alert-row][data-alert-id="${existing.id}"][data-status=acknowledged]`,
      {
        timeout: 5_000,
      },
    );
    console.info(
      `[reconnect] live again ${live} ms after the network came back; list current ${Date.now() - restored} ms`,
    );

    expect(await rowOf(page, sos.id).getAttribute('data-status')).toBe('open');
    expect(await rowOf(page, zigbeeSmoke.id).getAttribute('data-status')).toBe('open');
    expect(await rowOf(page, existing.id).locator('[data-testid=ack]').count()).toBe(0);
    await expect.poll(() => headerCount(page, 'critical'), { timeout: 5_000 }).toBe(2);
    // The banner is gone, or it now says the console was offline and is back (not still "offline").
    await expect
      .poll(
        async () => {
          const banner = page.locator('[data-testid=offline]');
          if ((await banner.count()) === 0 || !(await banner.isVisible())) return 'gone';
          return (await banner.textContent()) === offlineText ? 'still offline' : 'says reconnected';
        },
        { timeout: 5_000 },
      )
      .not.toBe('still offline');
    expect(await sameDocument(page), 'the page was reloaded').toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
