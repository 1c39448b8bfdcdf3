import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { beforeEach } from 'vitest';
import { connectDevice } from './device-client';
import { waitFor } from '@campus/test-kit';
import type { ApiUser } from './api-client';

/** Screenshots the browser tests leave for the user guide (`docs/user-guide.md`). */
export const ARTIFACTS = fileURLToPath(new URL('../../../test-artifacts', import.meta.url));

export const DESKTOP = { width: 1366, height: 768 } as const;
export const PHONE = { width: 390, height: 844 } as const;

export interface Viewport {
  width: number;
  height: number;
}

/** A fresh browser context (own sessionStorage, so its own login) and page on the dashboard. */
export async function openDashboard(
  browser: Browser,
  options: { viewport?: Viewport; timezoneId?: string } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    viewport: options.viewport ?? DESKTOP,
    // a wall clock of the test's choosing (the duty roster's "on duty now") without faking the instant
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
    // axe-core is injected as an inline script; a Content-Security-Policy must not block it.
    bypassCSP: true,
  });
  const page = await context.newPage();
  return { context, page };
}

/**
 * Logs in through the form (docs/user-guide.md) on the console's address and waits for the console to
 * be live. The session lives in the tab's sessionStorage, so later `page.goto`s stay logged in. (At
 * the bare address officials land on the overview instead: dashboard-overview.spec.ts.)
 */
export async function logIn(
  page: Page,
  base: string,
  username: string,
  password = 'demo-pass',
): Promise<void> {
  await page.goto(`${base}/console`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('[data-testid=login]');
  await page.waitForSelector('.console[data-live=true]', { timeout: 20_000 });
}

/** A full navigation to a dashboard path (the SPA fallback serves every path). */
export async function visit(page: Page, base: string, path: string): Promise<void> {
  await page.goto(`${base}${path}`);
}

/**
 * Writes a full-page screenshot to test-artifacts/, once the transient toasts (Element Plus
 * messages close by themselves after a few seconds) are gone, so the guide shows the screen.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.waitForFunction(
    () =>
      (
        globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
      ).document.querySelectorAll('.el-message, .el-notification').length === 0,
    undefined,
    { timeout: 15_000 },
  );
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });
}

/**
 * Saves the pages as they are to test-artifacts/failures/ (for an `onTestFailed` hook: what the
 * browser showed is most of a failed browser test's diagnosis).
 */
export async function saveFailureScreenshots(name: string, pages: readonly Page[]): Promise<void> {
  const dir = join(ARTIFACTS, 'failures');
  await mkdir(dir, { recursive: true });
  const slug = name
    .replace(/[^\p{L}\p{N}_-]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(-100);
  for (const [i, page] of pages.entries()) {
    if (!page.isClosed())
      await page.screenshot({ path: join(dir, `${slug}-${i}.png`), fullPage: true }).catch(() => undefined);
  }
}

/** For the calling suite: every failed test leaves screenshots of the pages of `contexts`. */
export function screenshotOnFailure(contexts: readonly BrowserContext[]): void {
  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(() =>
      saveFailureScreenshots(
        task.fullTestName,
        contexts.flatMap((c) => c.pages()),
      ),
    );
  });
}

/**
 * Picks an option in a form control marked with a data-testid, whatever the UI made of it: a
 * native `<select>`, an Element Plus `el-select` (the testid on the component or its input), or a
 * radio group. `label` is the visible text of the option, `value` its value.
 */
export async function chooseOption(
  page: Page,
  field: Locator,
  choice: { value: string; label: string },
): Promise<void> {
  const tag = await field.evaluate((el) => (el as { tagName: string }).tagName.toLowerCase());
  if (tag === 'select') {
    await field.selectOption(choice.value);
    return;
  }
  const radio = field.locator(`input[type=radio][value="${choice.value}"]`);
  if ((await radio.count()) > 0) {
    await radio.first().check({ force: true });
    return;
  }
  await field.click();
  const option = page
    .locator('.el-select-dropdown__item:visible, [role=option]:visible')
    .filter({ hasText: choice.label })
    .first();
  await option.click();
}

/** Fills a date field (native `input[type=date]` or an Element Plus date picker) with `YYYY-MM-DD`. */
export async function fillDate(field: Locator, day: string): Promise<void> {
  const tag = await field.evaluate((el) => (el as { tagName: string }).tagName.toLowerCase());
  const input = tag === 'input' ? field : field.locator('input').first();
  await input.fill(day);
  await input.press('Enter');
}

/** `YYYY-MM-DD` of `days` from now (UTC is close enough for a deadline weeks away). */
export function dayFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whether the page scrolls sideways (runs in the page; the test project has no DOM lib). */
export function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => {
    const g = globalThis as unknown as {
      innerWidth: number;
      document: { documentElement: { scrollWidth: number } };
    };
    return { scrollWidth: g.document.documentElement.scrollWidth, innerWidth: g.innerWidth };
  });
}

/** Publishes one native device event (docs/protocol.md) with the device's own credentials. */
export async function publishEvent(
  mqttUrl: string,
  school: string,
  device: string,
  type: string,
  password?: string,
): Promise<void> {
  const client = await connectDevice(mqttUrl, device, password === undefined ? {} : { password });
  try {
    await client.publishAsync(`campus/v1/${school}/${device}/event`, JSON.stringify({ type }), { qos: 1 });
  } finally {
    await client.endAsync();
  }
}

export interface AlertJson {
  id: string;
  type: string;
  status: string;
  severity: string;
  school: string;
  device: string;
  level: string;
}

/** Waits until the API shows `user` an alert of `device` (any status) and returns it. */
export function alertOf(user: ApiUser, device: string, timeoutMs = 15_000): Promise<AlertJson> {
  return waitFor(
    async () => {
      const { body } = await user.request('GET', '/api/alerts');
      return (body as { items: AlertJson[] }).items.find((a) => a.device === device);
    },
    { timeoutMs, what: `an alert of ${device} in the API` },
  );
}
