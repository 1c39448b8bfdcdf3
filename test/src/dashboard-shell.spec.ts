import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiUser } from './testing/api-client';
import { blockingViolations, formatViolations } from './testing/axe';
import { launchChromium } from '@campus/test-kit';
import {
  alertOf,
  horizontalOverflow,
  logIn,
  openDashboard,
  PHONE,
  publishEvent,
  screenshot,
} from './testing/dashboard-page';
import { startTestPlatform, type TestPlatform } from './testing/test-platform';
import { SCHOOL_A, SCHOOL_B } from './testing/test-sites';

/** The `data-school` of every console row. */
const rowSchools = (page: Page) =>
  page
    .locator('[data-testid=alert-row]')
    .evaluateAll((rows) =>
      rows.map((r) =>
        (r as unknown as { getAttribute(n: string): string | null }).getAttribute('data-school'),
      ),
    );

/** `data-testid` of the focused element (runs in the page). */
const focusedTestId = (page: Page) =>
  page.evaluate(
    () =>
      (
        globalThis as unknown as {
          document: { activeElement: { getAttribute(n: string): string | null } | null };
        }
      ).document.activeElement?.getAttribute('data-testid') ?? null,
  );

const htmlLang = (page: Page) =>
  page.evaluate(
    () =>
      (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement
        .lang,
  );

async function expectNoBlockingViolations(page: Page, where: string) {
  const violations = await blockingViolations(page);
  expect(violations, `axe-core on ${where}:\n${formatViolations(violations)}`).toEqual([]);
}

describe('the dashboard shell: org tree scope and filter, keyboard, phone width, language, accessibility', () => {
  let platform: TestPlatform | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    platform = await startTestPlatform();
    browser = await launchChromium();
    const { base, mqttUrl } = platform;
    // One open critical alarm at a school of each city.
    await publishEvent(mqttUrl, SCHOOL_A, 'smk-0001', 'smoke');
    await publishEvent(mqttUrl, SCHOOL_B, 'smk-0101', 'smoke');
    const province = await ApiUser.login(base, 'shaanxi');
    await alertOf(province, 'smk-0001');
    await alertOf(province, 'smk-0101');
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await platform?.stop();
  });

  async function pageAt(viewport?: { width: number; height: number }): Promise<Page> {
    const { context, page } = await openDashboard(browser!, viewport ? { viewport } : {});
    contexts.push(context);
    return page;
  }

  it('filters the console by the unit picked in the org tree, and offers inspections to an officer', async () => {
    const page = await pageAt();
    await logIn(page, platform!.base, 'shaanxi');
    const tree = page.locator('[data-testid=org-tree]');
    await tree.locator('[data-org="610000"]').waitFor();
    await expect.poll(() => rowSchools(page)).toHaveLength(2);
    expect((await rowSchools(page)).sort()).toEqual([SCHOOL_A, SCHOOL_B].sort());
    // A province officer sees which school each alarm is at, and may start inspections.
    expect(await page.locator('[data-testid=alert-row]').first().textContent()).toMatch(/小学/);
    expect(await page.locator('[data-testid=nav-inspections-start]').count()).toBe(1);

    await tree.locator('[data-org="610300"]').click();
    await expect.poll(() => rowSchools(page)).toEqual([SCHOOL_B]);
    await tree.locator('[data-org="610302"]').click();
    await tree.locator(`[data-org="${SCHOOL_B}"]`).click();
    await expect.poll(() => rowSchools(page)).toEqual([SCHOOL_B]);
    await tree.locator('[data-org="610100"]').click();
    await expect.poll(() => rowSchools(page)).toEqual([SCHOOL_A]);
    // The header counts stay the whole scope's: an alarm elsewhere is never hidden by a filter.
    await expect.poll(() => page.textContent('[data-testid=count-critical]')).toContain('2');

    await page.getByRole('button', { name: '查看全部' }).click();
    await expect.poll(() => rowSchools(page)).toHaveLength(2);
    await expectNoBlockingViolations(page, 'the console at 1366×768');
  });

  it('works by keyboard: rows and their buttons take focus, Enter opens the detail', async () => {
    const page = await pageAt();
    await logIn(page, platform!.base, 'school1');
    const row = page.locator('[data-testid=alert-row]').first();
    await row.waitFor();
    await row.focus();
    expect(await focusedTestId(page)).toBe('alert-row');
    await page.keyboard.press('Tab');
    expect(await focusedTestId(page)).toBe('ack');
    await page.keyboard.press('Tab');
    expect(await focusedTestId(page)).toBe('resolve');
    await page.keyboard.press('Tab');
    expect(await focusedTestId(page)).toBe('open-detail');
    await row.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL('**/alerts/**');
    await page.locator('[data-testid=alert-detail] [data-testid=status]').waitFor();
    await page.waitForSelector('[data-testid=timeline-item]');
    await expectNoBlockingViolations(page, 'the alert detail at 1366×768');
    // A school user may not start inspections: no such entry in the nav.
    expect(await page.locator('[data-testid=nav-inspections-start]').count()).toBe(0);
  });

  it('fits a phone: cards, no sideways scrolling, the nav behind a menu button', async () => {
    const page = await pageAt(PHONE);
    await logIn(page, platform!.base, 'yanta');
    const card = page.locator('[data-testid=alert-row]').first();
    await card.waitFor();
    expect(await card.evaluate((el) => (el as unknown as { tagName: string }).tagName)).toBe('LI');
    const { scrollWidth, innerWidth } = await horizontalOverflow(page);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    await screenshot(page, 'console-phone.png');
    await expectNoBlockingViolations(page, 'the console at 390×844');

    expect(await page.locator('[data-testid=nav-devices]').count()).toBe(0);
    const menu = page.locator('[data-testid=menu]');
    expect(await menu.getAttribute('aria-label')).toBeTruthy();
    await menu.click();
    await page.locator('[data-testid=nav-devices]').waitFor();
    await expectNoBlockingViolations(page, 'the nav drawer at 390×844');
    await page.locator('[data-testid=nav-console]').click();
    await page.locator('[data-testid=nav-devices]').waitFor({ state: 'hidden' });

    await card.locator('[data-testid=open-detail]').click();
    await page.locator('[data-testid=alert-detail] [data-testid=status]').waitFor();
    const detail = await horizontalOverflow(page);
    expect(detail.scrollWidth).toBeLessThanOrEqual(detail.innerWidth);
  });

  it('switches the language of the page, <html lang> included, and back', async () => {
    const page = await pageAt();
    await page.goto(platform!.base);
    expect(await htmlLang(page)).toBe('zh-CN');
    await expectNoBlockingViolations(page, 'the login form');
    await logIn(page, platform!.base, 'school1');
    expect(await page.textContent('h1')).toContain('实时告警');
    await page.click('[data-testid=language-switch]');
    await expect.poll(() => htmlLang(page)).toBe('en');
    expect(await page.textContent('h1')).toContain('Live alerts');
    expect(await page.textContent('[data-testid=count-critical]')).toContain('Critical');
    await page.click('[data-testid=language-switch]');
    await expect.poll(() => htmlLang(page)).toBe('zh-CN');
    expect(await page.textContent('h1')).toContain('实时告警');
  });
});
