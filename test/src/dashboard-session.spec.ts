import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiUser } from './testing/api-client';
import { launchChromium, waitFor } from '@campus/test-kit';
import { alertOf, logIn, openDashboard, publishEvent, screenshotOnFailure } from './testing/dashboard-page';
import { startTestPlatform, type TestPlatform } from './testing/test-platform';
import { SCHOOL_A } from './testing/test-sites';

/** Short access tokens, so the test sees the dashboard renew them (the default is 15 minutes). */
const ACCESS_TTL_SECONDS = 12;

/** An item of the tab's sessionStorage, where the dashboard keeps its session. */
const stored = (page: Page, key: string) =>
  page.evaluate(
    (k) =>
      (
        globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }
      ).sessionStorage.getItem(k),
    key,
  );

/** The tab's current access token. */
const storedToken = (page: Page) => stored(page, 'campus.token');

const loginStatus = async (base: string, username: string, password: string): Promise<number> =>
  (
    await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    })
  ).status;

/**
 * The dashboard's session with short-lived access tokens: it renews them before they run out,
 * retries a request refused with 401 once after renewing, reconnects socket.io with the new token
 * (alarms keep arriving), changes the password from the user menu without losing the screen, and
 * says when sign-in is throttled.
 */
describe('the dashboard session: token renewal, change password, throttled sign-in', () => {
  let platform: TestPlatform | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    platform = await startTestPlatform({ env: { ACCESS_TOKEN_TTL: `${ACCESS_TTL_SECONDS}s` } });
    browser = await launchChromium();
  });
  screenshotOnFailure(contexts);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await platform?.stop();
  });

  async function newPage(): Promise<Page> {
    const { context, page } = await openDashboard(browser!);
    contexts.push(context);
    return page;
  }

  it('renews the access token before it runs out and keeps the console live past its end', async () => {
    const { base, mqttUrl } = platform!;
    const page = await newPage();
    await logIn(page, base, 'school1');
    const first = await storedToken(page);
    const firstRunsOut = Date.parse((await stored(page, 'campus.expiresAt')) ?? '');
    const signedInAt = Date.now();

    // renewed before the end (a quarter of the lifetime before), not after a refusal
    await waitFor(async () => (await storedToken(page)) !== first, {
      timeoutMs: ACCESS_TTL_SECONDS * 1000 + 5_000,
      what: 'a renewed access token in the tab',
    });
    expect(Date.now()).toBeLessThan(firstRunsOut);
    // past the first token's end the server closes its socket; the dashboard reconnects
    await waitFor(() => Date.now() - signedInAt > (ACCESS_TTL_SECONDS + 2) * 1000, {
      timeoutMs: (ACCESS_TTL_SECONDS + 5) * 1000,
      intervalMs: 250,
      what: 'the first token’s end',
    });
    await page.waitForSelector('.console[data-live=true]', { timeout: 15_000 });
    expect(await page.locator('input[name=password]').count()).toBe(0);

    // an alarm still reaches the screen, through the socket opened with the renewed token
    await publishEvent(mqttUrl, SCHOOL_A, 'smk-0001', 'smoke');
    const school1 = await ApiUser.login(base, 'school1');
    const alert = await alertOf(school1, 'smk-0001');
    await page.locator(`[data-testid=alert-row][data-alert-id="${alert.id}"]`).waitFor({ timeout: 10_000 });
  });

  it('renews and retries once when a request is refused with 401', async () => {
    const { base } = platform!;
    const page = await newPage();
    await logIn(page, base, 'yanta');
    // the renewal itself, answered: comparing the token strings is not enough, since two tokens
    // issued within the same second for the same user and version are the same string
    const renewals: number[] = [];
    page.on('response', (res) => {
      if (res.url().endsWith('/api/auth/refresh') && res.request().method() === 'POST')
        renewals.push(res.status());
    });
    // the server refuses the next request for the devices as if the token had run out
    let refused = 0;
    await page.route('**/api/devices**', async (route) => {
      if (refused++ === 0) {
        await route.fulfill({
          status: 401,
          contentType: 'application/json',
          body: '{"error":"invalid or expired token"}',
        });
        return;
      }
      await route.continue();
    });
    await page.click('a[href="/devices"]');
    await page.waitForSelector('[data-testid=device-row]', { timeout: 15_000 });
    expect(refused).toBeGreaterThanOrEqual(2);
    expect(renewals.length).toBeGreaterThanOrEqual(1);
    expect(renewals.every((status) => status === 200)).toBe(true);
    expect(await page.locator('input[name=password]').count()).toBe(0);
  });

  it('changes the password from the user menu; the tab stays signed in, the old password is refused', async () => {
    const { base } = platform!;
    const page = await newPage();
    await logIn(page, base, 'xian');
    await page.click('[data-testid=user-menu]');
    await page.click('[data-testid=change-password]');
    await page.fill('input[name=current-password]', 'demo-pass');
    await page.fill('input[name=new-password]', 'demo-pass');
    await page.fill('input[name=repeat-password]', 'demo-pass');
    await page.click('[data-testid=password-submit]');
    // refused in the form before anything is sent
    await page.waitForSelector('[data-testid=password-problem]');
    expect(await page.textContent('[data-testid=password-problem]')).toContain('10');

    await page.fill('input[name=new-password]', 'xian-duty-2026');
    await page.fill('input[name=repeat-password]', 'xian-duty-2026');
    await page.click('[data-testid=password-submit]');
    await page.waitForSelector('[data-testid=password-dialog]', { state: 'detached', timeout: 15_000 });

    expect(await loginStatus(base, 'xian', 'demo-pass')).toBe(401);
    expect(await loginStatus(base, 'xian', 'xian-duty-2026')).toBe(200);
    // the tab signed in again with the new password: still on the live console
    await page.waitForSelector('.console[data-live=true]', { timeout: 15_000 });
    expect(await page.locator('input[name=password]').count()).toBe(0);
  });

  it('says on the sign-in form when an account is locked, and for how long', async () => {
    const { base } = platform!;
    const page = await newPage();
    await page.goto(base);
    for (let i = 0; i < 5; i++) {
      await page.fill('input[name=username]', 'shaanxi');
      await page.fill('input[name=password]', `wrong-${i}`);
      await page.click('[data-testid=login]');
      await page.waitForSelector('.el-alert--error', { timeout: 10_000 });
    }
    await page.fill('input[name=password]', 'demo-pass');
    await page.click('[data-testid=login]');
    await page.waitForFunction(
      () =>
        (
          globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }
        ).document
          .querySelector('.el-alert--error')
          ?.textContent.includes('15 分钟') ?? false,
      undefined,
      { timeout: 10_000 },
    );
    expect(await page.textContent('.el-alert--error')).toContain('登录尝试次数过多');
  });
});
