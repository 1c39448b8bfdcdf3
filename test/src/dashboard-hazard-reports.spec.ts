import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { jpegBytes, pngBytes } from '@campus/alerting/testing';
import { launchChromium, waitFor } from '@campus/test-kit';
import { ApiUser } from './testing/api-client';
import { blockingViolations, formatViolations } from './testing/axe';
import {
  chooseOption,
  dayFromNow,
  DESKTOP,
  logIn,
  openDashboard,
  PHONE,
  saveFailureScreenshots,
  horizontalOverflow,
  visit,
} from './testing/dashboard-page';
import { startTestPlatform, type TestPlatform } from './testing/test-platform';
import { testSitesWithUser } from './testing/test-sites';

/**
 * Issue #15 (人人参与) in Chromium against the running platform (docs/user-guide.md "隐患随手拍" and
 * "隐患上报"): a teacher reports from a phone with two photos, the guard sees it live and registers
 * it as 重大, rectification needs an "after" photo, a second user accepts seeing before and after,
 * and the teacher sees "已整改".
 */

const TEACHER = 'teacher1';
const GUARD = 'school1'; // school_security of 2161010001: triages and rectifies
const ACCEPTOR = 'yanta'; // the county officer: accepts (验收 by someone other than the rectifier)
const DESCRIPTION = '教学楼一楼东侧楼梯间被杂物堵塞，无法通行';

/** Whether every `<img>` under `scope` has loaded real pixels (its signed URL answered an image). */
const imagesLoaded = (scope: Locator) =>
  scope
    .locator('img')
    .evaluateAll((imgs) =>
      imgs.map((i) => (i as unknown as { complete: boolean; naturalWidth: number }).naturalWidth),
    );

/** No serious or critical axe violation, and no sideways scrolling (as dashboard-accessibility.spec.ts). */
async function expectUsable(page: Page, name: string): Promise<void> {
  const violations = await blockingViolations(page);
  expect(
    violations.map((v) => v.id),
    `serious/critical axe violations on ${name}:\n${formatViolations(violations)}`,
  ).toEqual([]);
  const { scrollWidth, innerWidth } = await horizontalOverflow(page);
  expect(scrollWidth, `${name} scrolls sideways`).toBeLessThanOrEqual(innerWidth);
}

/** Height of an element's box (targets on the phone must be at least 44 px). */
async function heightOf(el: Locator): Promise<number> {
  const box = await el.boundingBox();
  if (box === null) throw new Error('element has no box: is it visible?');
  return box.height;
}

describe('hazard reports in the browser (issue #15)', () => {
  let platform: TestPlatform | undefined;
  let browser: Browser | undefined;
  let dir = '';
  const contexts: BrowserContext[] = [];
  const pages: Page[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'campus-reports-'));
    // the test province plus a teacher (school_staff), with the test password
    const sitesFile = await testSitesWithUser(dir, {
      username: TEACHER,
      role: 'school_staff',
      org: '2161010001',
    });
    platform = await startTestPlatform({ sitesFile });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await platform?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function open(viewport: typeof PHONE | typeof DESKTOP): Promise<Page> {
    const { context, page } = await openDashboard(browser!, { viewport });
    contexts.push(context);
    pages.push(page);
    return page;
  }

  it('a teacher reports a blocked stairwell from a phone; the guard sees it live, registers it as 重大; after photo required; a second user accepts seeing both; the teacher sees 已整改', async () => {
    onTestFailed(() => saveFailureScreenshots('hazard-reports', pages));
    const base = platform!.base;
    // two real photo files, as a phone's camera would hand them to the page
    const photo1 = join(dir, 'stairs-1.png');
    const photo2 = join(dir, 'stairs-2.jpg');
    const after = join(dir, 'after.png');
    await writeFile(photo1, pngBytes(48, 32, [150, 40, 40]));
    await writeFile(photo2, jpegBytes());
    await writeFile(after, pngBytes(32, 48, [40, 150, 40]));

    // the guard at a desk, on the triage list
    const guard = await open(DESKTOP);
    await logIn(guard, base, GUARD);
    await guard.click('[data-testid=nav-hazard-reports]');
    await guard.waitForSelector('[data-testid=hazard-reports-page]');
    await guard.evaluate(() => ((globalThis as { __same?: boolean }).__same = true));

    // the teacher on a phone lands on the reporting page; the shell offers nothing else
    const teacher = await open(PHONE);
    await teacher.goto(base);
    await teacher.fill('input[name=username]', TEACHER);
    await teacher.fill('input[name=password]', 'demo-pass');
    await teacher.click('[data-testid=login]');
    await teacher.waitForSelector('[data-testid=report-page]', { timeout: 20_000 });
    expect(new URL(teacher.url()).pathname).toBe('/report');
    await teacher.click('[data-testid=menu]');
    const nav = teacher.locator('.el-drawer [data-testid^=nav-]');
    await nav.first().waitFor();
    expect(await nav.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))).toEqual([
      'nav-report',
    ]);
    await teacher.keyboard.press('Escape');
    await teacher.locator('.el-drawer').waitFor({ state: 'hidden' });
    // the console is not theirs: its address brings them back
    await visit(teacher, base, '/console');
    await teacher.waitForSelector('[data-testid=report-page]');
    expect(new URL(teacher.url()).pathname).toBe('/report');

    await chooseOption(teacher, teacher.locator('[data-testid=report-category]'), {
      value: 'fire_exit',
      label: '消防通道/安全出口',
    });
    await teacher.locator('[data-testid=report-building]').selectOption('教学楼');
    await teacher.locator('[data-testid=report-floor]').selectOption('1');
    await teacher.fill('[data-testid=report-description]', DESCRIPTION);
    await teacher.locator('[data-testid=report-photos]').setInputFiles([photo1, photo2]);
    await teacher.locator('[data-testid=report-thumbs] img').nth(1).waitFor();
    // thumb-sized targets on a 390×844 phone
    for (const target of [
      teacher.locator('[data-testid=report-category]'),
      teacher.locator('[data-testid=report-building]'),
      teacher.locator('[data-testid=report-description]'),
      teacher.locator('.pick'),
      teacher.locator('[data-testid=report-thumbs] button').first(),
      teacher.locator('[data-testid=report-submit]'),
      teacher.locator('[data-testid=menu]'),
    ]) {
      expect(
        await heightOf(target),
        await target.first().evaluate((e) => e.outerHTML.slice(0, 80)),
      ).toBeGreaterThanOrEqual(44);
    }
    await expectUsable(teacher, 'the reporting page (phone)');
    await teacher.click('[data-testid=report-submit]');
    const mine = teacher.locator('[data-testid=my-report]').filter({ hasText: DESCRIPTION });
    await mine.waitFor();
    expect(await mine.getAttribute('data-progress')).toBe('received');

    // the guard sees it without reloading, with the nav badge, and its two photos
    const row = guard.locator('[data-testid=report-row]').filter({ hasText: DESCRIPTION });
    await row.waitFor({ timeout: 10_000 });
    expect(await guard.evaluate(() => (globalThis as { __same?: boolean }).__same)).toBe(true);
    expect(await row.getAttribute('data-status')).toBe('new');
    expect(
      Number(await guard.locator('[data-testid=nav-hazard-reports-badge]').textContent()),
    ).toBeGreaterThan(0);
    await expectUsable(guard, 'the triage list');
    await row.locator('[data-testid=report-open]').click();
    const detail = guard.locator('[data-testid=report-detail]');
    await detail.waitFor();
    await waitFor(
      async () => {
        const widths = await imagesLoaded(detail.locator('[data-testid=photo]'));
        return widths.length === 2 && widths.every((w) => w > 0);
      },
      { what: 'the two report photos loaded by their signed URLs' },
    );

    // registered as 重大 with a deadline
    await detail.locator('[data-testid=triage-register]').click();
    await chooseOption(guard, detail.locator('[data-testid=triage-grade]'), {
      value: 'major',
      label: '重大隐患',
    });
    await detail.locator('[data-testid=triage-owner]').fill('张伟');
    // a native date field: filled without Enter, which would submit the form before the click below
    await detail.locator('[data-testid=triage-deadline]').fill(dayFromNow(14));
    await detail.locator('[data-testid=triage-confirm]').click();
    await guard.waitForSelector('[data-testid=report-detail][data-status=registered]');
    const api = await ApiUser.login(base, GUARD);
    const reports = (await api.request('GET', '/api/hazard-reports')).body as {
      items: { description: string; hazardId: string | null }[];
    };
    const hazardId = reports.items.find((r) => r.description === DESCRIPTION)?.hazardId;
    expect(hazardId).toBeTruthy();
    const hazard = (await api.request('GET', `/api/hazards/${hazardId}`)).body as {
      grade: string;
      owner: string;
    };
    expect(hazard).toMatchObject({ grade: 'major', owner: '张伟' });

    // rectification: refused without an "after" photo (said in zh-CN), accepted with one
    await detail.locator('[data-testid=report-hazard-link]').click();
    const hazardDetail = guard.locator(`[data-testid=hazard-detail][data-hazard-id="${hazardId}"]`);
    await hazardDetail.waitFor();
    await hazardDetail.locator('[data-testid=hazard-action-start]').click();
    await guard.click('[data-testid=hazard-dialog-confirm]');
    await hazardDetail.locator('[data-testid=hazard-action-submit]').waitFor();
    await hazardDetail.locator('[data-testid=hazard-action-submit]').click();
    await guard.click('[data-testid=hazard-dialog-confirm]');
    const refusal = guard.locator('[data-testid=hazard-dialog-error]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('重大隐患须先上传至少一张整改后照片');
    expect(await refusal.textContent()).not.toMatch(/[A-Za-z]{3,}/);
    await guard.keyboard.press('Escape');
    await hazardDetail.locator('[data-testid=upload-after]').setInputFiles([after]);
    await hazardDetail.locator('[data-testid=photos-after] [data-testid=photo]').waitFor();
    await hazardDetail.locator('[data-testid=hazard-action-submit]').click();
    await guard.click('[data-testid=hazard-dialog-confirm]');
    await waitFor(
      async () =>
        ((await api.request('GET', `/api/hazards/${hazardId}`)).body as { state: string }).state ===
        'awaiting_acceptance',
      { what: 'the hazard awaiting acceptance' },
    );

    // a second user accepts, seeing the before and after photos side by side
    const acceptor = await open(DESKTOP);
    await logIn(acceptor, base, ACCEPTOR);
    await visit(acceptor, base, `/hazards?id=${hazardId}`);
    const accepting = acceptor.locator(`[data-testid=hazard-detail][data-hazard-id="${hazardId}"]`);
    await accepting.waitFor();
    await waitFor(
      async () => {
        const before = await imagesLoaded(accepting.locator('[data-testid=photos-before]'));
        const afterShown = await imagesLoaded(accepting.locator('[data-testid=photos-after]'));
        return (
          before.length === 2 && afterShown.length === 1 && [...before, ...afterShown].every((w) => w > 0)
        );
      },
      { what: 'two before and one after photo, loaded' },
    );
    const [b, a] = [
      await accepting.locator('[data-testid=photos-before]').boundingBox(),
      await accepting.locator('[data-testid=photos-after]').boundingBox(),
    ];
    expect(b && a && Math.abs(b.y - a.y) < 2 && a.x > b.x).toBe(true); // side by side
    await accepting.locator('[data-testid=hazard-action-accept]').click();
    await acceptor.click('[data-testid=hazard-dialog-confirm]');
    await waitFor(
      async () =>
        ((await api.request('GET', `/api/hazards/${hazardId}`)).body as { state: string }).state === 'closed',
      { what: 'the hazard closed' },
    );

    // the teacher's page says 已整改
    await teacher.reload();
    const fixed = teacher
      .locator('[data-testid=my-report][data-progress=fixed]')
      .filter({ hasText: DESCRIPTION });
    await fixed.waitFor({ timeout: 10_000 });
    expect(await fixed.locator('[data-testid=my-report-progress]').textContent()).toContain('已整改');
  }, 180_000);
});
