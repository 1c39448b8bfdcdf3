import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, waitFor } from '@campus/test-kit';
import { ApiUser } from './testing/api-client';
import { blockingViolations, formatViolations } from './testing/axe';
import { chooseOption, logIn, openDashboard, PHONE, screenshotOnFailure } from './testing/dashboard-page';
import { formatUnreadable, unreadableText } from './testing/readable-text';
import { startTestPlatform, type TestPlatform } from './testing/test-platform';
import { SCHOOL_A, testSitesWithUser } from './testing/test-sites';

/**
 * 组织机构, 联系人与值班, 用户与角色 in Chromium against the running platform (docs/user-guide.md):
 * a county officer adds a night-shift contact and sees it on or off duty as the browser's clock
 * says; a school admin adds a guard whose shown initial password signs in; a county officer
 * renames a school and the overview names it so. Each screen passes axe and the readable-text check.
 */
const COUNTY = '610113';

/** An IANA zone (`Etc/GMT±N`) whose wall clock now reads `hour` o'clock. */
function zoneAtHour(hour: number): string {
  let offset = (hour - new Date().getUTCHours() + 24) % 24;
  if (offset > 14) offset -= 24;
  // Etc/GMT names are sign-inverted: Etc/GMT-8 is UTC+8
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

const visibleText = (page: Page) =>
  page.evaluate(
    () => (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText,
  );

async function accessible(page: Page, screen: string, allowedWords: string[] = []): Promise<void> {
  // the screen as it stays: a "已保存" toast (Element Plus's own colours) is gone after 3 s
  await page.locator('.el-message').first().waitFor({ state: 'detached' });
  const violations = await blockingViolations(page);
  expect(
    violations,
    `serious/critical axe violations on ${screen}:\n${formatViolations(violations)}`,
  ).toEqual([]);
  const found = unreadableText(await visibleText(page), { allowedWords });
  expect(found, `${screen} shows what a reader should not see:\n${formatUnreadable(found)}`).toEqual([]);
}

describe('组织机构, 联系人与值班, 用户与角色 screens', () => {
  let platform: TestPlatform;
  let browser: Browser;
  let dir: string;
  const contexts: BrowserContext[] = [];
  screenshotOnFailure(contexts);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'campus-dashboard-people-'));
    const sitesFile = await testSitesWithUser(dir, {
      username: 'head1',
      role: 'school_admin',
      org: SCHOOL_A,
    });
    platform = await startTestPlatform({ sitesFile });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await platform?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function open(user: string, timezoneId?: string, viewport?: typeof PHONE) {
    const { context, page } = await openDashboard(browser, {
      ...(timezoneId ? { timezoneId } : {}),
      ...(viewport ? { viewport } : {}),
    });
    contexts.push(context);
    await logIn(page, platform.base, user);
    return page;
  }

  it('a county officer adds a contact with night hours: on duty at 23:00, not at noon', async () => {
    const night = await open('yanta', zoneAtHour(23));
    await night.click('[data-testid=nav-contacts]');
    const county = night.locator(`[data-testid=contact-unit][data-org="${COUNTY}"]`);
    await county.waitFor();
    await night.click('[data-testid=contacts-add]');
    const form = night.locator('[data-testid=contact-form]');
    await form.locator('[data-testid=contact-name]').fill('夜班值守 王强');
    await form.locator('[data-testid=contact-phone]').fill('+8613800000077');
    await form.locator('[data-testid=shift-add]').click();
    await form.locator('[data-testid=shift-from]').fill('22:00');
    await form.locator('[data-testid=shift-to]').fill('06:00');
    await night.click('[data-testid=contact-save]');
    await form.waitFor({ state: 'hidden' });

    const yanta = await ApiUser.login(platform.base, 'yanta');
    const { body } = await yanta.request('GET', `/api/contacts?org=${COUNTY}`);
    const added = (body as { items: { id: string; name: string; org: string; hours: unknown }[] }).items.find(
      (c) => c.name === '夜班值守 王强',
    );
    expect(added).toMatchObject({ org: COUNTY, hours: [{ from: '22:00', to: '06:00' }] });

    const row = night.locator(`[data-testid=contact-row][data-contact-id="${added!.id}"]`);
    await expect(row.getAttribute('data-on-duty')).resolves.toBe('true');
    await expect(row.locator('[data-testid=contact-duty]').innerText()).resolves.toBe('值班中');
    expect(await county.locator('[data-testid=duty-line]').innerText()).toContain('夜班值守 王强');
    await accessible(night, '联系人与值班');

    const noon = await open('yanta', zoneAtHour(12), PHONE);
    await noon.goto(`${platform.base}/registry/contacts`);
    const noonRow = noon.locator(`[data-testid=contact-row][data-contact-id="${added!.id}"]`);
    await noonRow.waitFor();
    await expect(noonRow.getAttribute('data-on-duty')).resolves.toBe('false');
    await expect(noonRow.locator('[data-testid=contact-duty]').innerText()).resolves.toBe('非值班');
    expect(
      await noon
        .locator(`[data-testid=contact-unit][data-org="${COUNTY}"] [data-testid=duty-line]`)
        .innerText(),
    ).not.toContain('夜班值守 王强');
  });

  it('a school admin adds a guard; the guard signs in with the password shown once', async () => {
    const page = await open('head1');
    await page.click('[data-testid=nav-users]');
    await page.waitForSelector('[data-testid=users-table]');
    await page.click('[data-testid=users-add]');
    const form = page.locator('[data-testid=user-form]');
    await form.locator('[data-testid=user-username]').fill('guard9');
    await form.locator('[data-testid=user-name]').fill('李明');
    await chooseOption(page, form.locator('[data-testid=user-role-select]'), {
      value: 'school_security',
      label: '学校保卫',
    });
    await page.click('[data-testid=user-save]');
    const dialog = page.locator('[data-testid=password-dialog]');
    await dialog.waitFor({ state: 'visible' });
    const password = (await dialog.locator('[data-testid=initial-password]').innerText()).trim();
    expect(password.length).toBeGreaterThanOrEqual(12);
    // only "我已记下" closes it
    await page.mouse.click(5, 5);
    await expect(dialog.isVisible()).resolves.toBe(true);
    await page.click('[data-testid=password-noted]');
    await dialog.waitFor({ state: 'hidden' });
    const row = page.locator('[data-testid=user-row][data-username=guard9]');
    await row.waitFor();
    await expect(row.locator('[data-testid=user-role]').innerText()).resolves.toBe('学校保卫');
    expect(await page.content()).not.toContain(password);
    // the logins are what this screen is for (the login's letters are the words checked)
    await accessible(page, '用户与角色', ['head', 'guard', 'school']);

    const { context, page: guardPage } = await openDashboard(browser);
    contexts.push(context);
    await logIn(guardPage, platform.base, 'guard9', password);
    await guardPage.waitForSelector('[data-testid=nav-console]');
  });

  it('a county officer renames a school and the overview shows the new name', async () => {
    const page = await open('yanta');
    await page.click('[data-testid=nav-org-registry]');
    const row = page.locator(`[data-testid=org-row][data-org="${SCHOOL_A}"]`);
    await row.waitFor();
    await accessible(page, '组织机构');
    await row.locator('[data-testid=org-edit]').click();
    const form = page.locator('[data-testid=org-form]');
    await form.locator('[data-testid=org-name-input]').fill('雁塔区第一小学曲江校区');
    await form.locator('[data-testid=org-location]').fill('not a place');
    await page.click('[data-testid=org-save]');
    await expect(form.locator('.field-error').first().innerText()).resolves.toContain('纬度');
    await form.locator('[data-testid=org-location]').fill('34.2236, 108.9486');
    await page.click('[data-testid=org-save]');
    await form.waitFor({ state: 'hidden' });
    await expect(row.locator('[data-testid=org-name]').innerText()).resolves.toBe('雁塔区第一小学曲江校区');

    await page.click('[data-testid=nav-overview]');
    await waitFor(
      async () =>
        (
          await page
            .locator('[data-testid=league-table]')
            .innerText()
            .catch(() => '')
        ).includes('雁塔区第一小学曲江校区') || undefined,
      { what: 'the overview naming the renamed school' },
    );
  });

  it('shows a refused change at its field: a school code that is taken', async () => {
    const page = await open('yanta');
    await page.goto(`${platform.base}/registry/orgs`);
    await page.locator(`[data-testid=org-row][data-org="${COUNTY}"] [data-testid=org-add]`).click();
    const form = page.locator('[data-testid=org-form]');
    await form.locator('[data-testid=org-code]').fill(SCHOOL_A);
    await form.locator('[data-testid=org-name-input]').fill('重复的学校');
    await page.click('[data-testid=org-save]');
    const error = form.locator('.field-error').first();
    await error.waitFor();
    expect(await error.innerText()).toContain(SCHOOL_A);
  });

  it('is not in the menu of a school guard', async () => {
    const page = await open('school1');
    await page.waitForSelector('[data-testid=nav-devices]');
    for (const key of ['org-registry', 'contacts', 'users'])
      expect(await page.locator(`[data-testid=nav-${key}]`).count()).toBe(0);
  });
});
