import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiUser } from './testing/api-client';
import { launchChromium } from '@campus/test-kit';
import { blockingViolations, formatViolations } from './testing/axe';
import {
  chooseOption,
  horizontalOverflow,
  logIn,
  openDashboard,
  PHONE,
  screenshotOnFailure,
  screenshot,
  visit,
} from './testing/dashboard-page';
import { startTestPlatform, type TestPlatform } from './testing/test-platform';
import { SCHOOL_A, SCHOOL_B } from './testing/test-sites';

/**
 * The audit log screen (审计日志) against the real platform: a county official opens it from the
 * menu and sees the entries of the county — an inspection they started, a school guard's refused
 * request — but not another county's; the action filter narrows the table; a school guard has no
 * such menu entry. Writes test-artifacts/audit.png for the user guide.
 */

interface Row {
  action: string | null;
  actor: string | null;
  outcome: string | null;
}

/** The table's rows as the page shows them (runs in the page; the test project has no DOM lib). */
function rows(page: Page): Promise<Row[]> {
  return page.locator('[data-testid=audit-row]').evaluateAll((els) =>
    els.map((e) => {
      const el = e as { getAttribute(a: string): string | null };
      return {
        action: el.getAttribute('data-action'),
        actor: el.getAttribute('data-actor'),
        outcome: el.getAttribute('data-outcome'),
      };
    }),
  );
}

describe('the audit log screen', () => {
  let platform: TestPlatform | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    platform = await startTestPlatform();
    browser = await launchChromium();
    // entries: two in county 610113 (school A), one in county 610302 (school B)
    const yanta = await ApiUser.login(platform.base, 'yanta');
    expect((await yanta.request('POST', '/api/inspections', { school: SCHOOL_A })).status).toBe(201);
    const school1 = await ApiUser.login(platform.base, 'school1');
    expect((await school1.request('GET', '/api/audit')).status).toBe(403);
    const weibin = await ApiUser.login(platform.base, 'weibin');
    expect((await weibin.request('POST', '/api/inspections', { school: SCHOOL_B })).status).toBe(201);
  });
  screenshotOnFailure(contexts);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await platform?.stop();
  });

  it('a county official opens it from the menu and sees the county’s entries only, with user and address', async () => {
    const { context, page } = await openDashboard(browser!);
    contexts.push(context);
    await logIn(page, platform!.base, 'yanta');
    await page.click('[data-testid=nav-audit]');
    await page.waitForSelector('[data-testid=audit-row][data-action="access.denied"]', { timeout: 15_000 });
    const seen = await rows(page);
    expect(seen).toContainEqual({ action: 'inspection.create', actor: 'yanta', outcome: 'ok' });
    expect(seen).toContainEqual({ action: 'access.denied', actor: 'school1', outcome: 'denied' });
    expect(seen.map((r) => r.actor)).not.toContain('weibin');
    const denied = page.locator('[data-testid=audit-row][data-action="access.denied"]').first();
    const text = (await denied.textContent()) ?? '';
    // people by name (test/fixtures/test-province.yaml), the request in words; the line itself stays in data-target
    for (const part of ['拒绝访问', '赵磊', '接口请求', '127.0.0.1', '被拒绝', '雁塔区第一小学'])
      expect(text).toContain(part);
    expect(await denied.locator('[data-target]').getAttribute('data-target')).toBe('GET /api/audit');
    await screenshot(page, 'audit.png');

    await chooseOption(page, page.locator('[data-testid=audit-filter-action]'), {
      value: 'inspection.create',
      label: '发起督查',
    });
    await expect.poll(async () => (await rows(page)).map((r) => r.action)).toEqual(['inspection.create']);
    expect(new URL(page.url()).searchParams.get('action')).toBe('inspection.create');
  });

  it('has no serious axe violations and no sideways scrolling on a phone', async () => {
    const { context, page } = await openDashboard(browser!, { viewport: PHONE });
    contexts.push(context);
    await logIn(page, platform!.base, 'xian');
    await visit(page, platform!.base, '/audit');
    await page.waitForSelector('[data-testid=audit-row]', { timeout: 15_000 });
    const violations = await blockingViolations(page);
    expect(
      violations.map((v) => v.id),
      formatViolations(violations),
    ).toEqual([]);
    const { scrollWidth, innerWidth } = await horizontalOverflow(page);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  });

  it('a school guard has no audit log in the menu', async () => {
    const { context, page } = await openDashboard(browser!);
    contexts.push(context);
    await logIn(page, platform!.base, 'school1');
    await page.waitForSelector('[data-testid=nav-reports]');
    expect(await page.locator('[data-testid=nav-audit]').count()).toBe(0);
  });
});
