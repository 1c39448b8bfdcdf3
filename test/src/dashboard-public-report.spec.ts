import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { hasExif, jpegWithGps, S3Double } from '@campus/alerting/testing';
import { launchChromium, waitFor } from '@campus/test-kit';
import { ApiUser } from './testing/api-client';
import { blockingViolations, formatViolations } from './testing/axe';
import {
  DESKTOP,
  horizontalOverflow,
  logIn,
  openDashboard,
  PHONE,
  saveFailureScreenshots,
  visit,
} from './testing/dashboard-page';
import { startTestPlatform, type TestPlatform } from './testing/test-platform';
import { testSitesWithUser } from './testing/test-sites';

/**
 * Issue #15, everyone takes part (docs/user-guide.md "公开上报链接", "二维码海报", "草稿与离线"):
 * an anonymous person on a phone reports through a school's public link and follows it to 已整改
 * (and gets the SMS); a teacher's unsent report survives a reload while the API is unreachable and
 * goes once it is back; the poster's QR code decodes to the public link. The platform keeps the
 * photos in S3-compatible storage (a local S3 API double), re-encoded without EXIF.
 */

const SCHOOL = '2161010001';
const SCHOOL_NAME = '雁塔区第一小学';
const TEACHER = 'teacher1';
const GUARD = 'school1'; // school_security: registers and rectifies
const ACCEPTOR = 'yanta'; // county officer: accepts
const PHONE_NUMBER = '13900000001';

/** No serious or critical axe violation and no sideways scrolling on the phone. */
async function expectUsable(page: Page, name: string): Promise<void> {
  const violations = await blockingViolations(page);
  expect(
    violations.map((v) => v.id),
    `serious/critical axe violations on ${name}:\n${formatViolations(violations)}`,
  ).toEqual([]);
  const { scrollWidth, innerWidth } = await horizontalOverflow(page);
  expect(scrollWidth, `${name} scrolls sideways`).toBeLessThanOrEqual(innerWidth);
}

describe('the public reporting link, drafts and the poster in the browser (issue #15)', () => {
  let platform: TestPlatform | undefined;
  let s3: S3Double | undefined;
  let browser: Browser | undefined;
  let dir = '';
  const contexts: BrowserContext[] = [];
  const pages: Page[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'campus-public-'));
    // the test province plus a teacher (school_staff), with the test password
    const sitesFile = await testSitesWithUser(dir, { username: TEACHER, role: 'school_staff', org: SCHOOL });
    s3 = await S3Double.start();
    platform = await startTestPlatform({
      sitesFile,
      env: { S3_URL: s3.s3url('evidence') },
    });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await platform?.stop();
    await s3?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function open(
    viewport: typeof PHONE | typeof DESKTOP,
  ): Promise<{ page: Page; context: BrowserContext }> {
    const { context, page } = await openDashboard(browser!, { viewport });
    contexts.push(context);
    pages.push(page);
    return { page, context };
  }

  it('an anonymous person reports from a phone through /p/{code}, follows it, and is told by SMS once it is fixed', async () => {
    onTestFailed(() => saveFailureScreenshots('public-report', pages));
    const base = platform!.base;
    const photo = join(dir, 'IMG_0001.jpg');
    const camera = await jpegWithGps(120, 90);
    expect(hasExif(camera)).toBe(true);
    await writeFile(photo, camera);

    const { page } = await open(PHONE);
    await page.goto(`${base}/p/${SCHOOL}`);
    await page.waitForSelector('[data-testid=public-report-page]');
    expect(await page.locator('[data-testid=public-school]').textContent()).toBe(SCHOOL_NAME);
    expect(await page.locator('input[name=username]').count()).toBe(0); // no login form
    await page.locator('[data-testid=public-category]').selectOption('fire_exit');
    await page.locator('[data-testid=public-building]').selectOption('教学楼');
    await page.fill('[data-testid=public-where]', '一楼东侧楼梯间');
    await page.fill('[data-testid=public-description]', '楼梯间堆满纸箱，挡住了安全出口');
    await page.locator('[data-testid=public-photos]').setInputFiles([photo]);
    await page.locator('[data-testid=public-thumbs] img').first().waitFor();
    await page.fill('[data-testid=public-contact]', PHONE_NUMBER);
    await expectUsable(page, 'the public reporting page');
    for (const target of ['public-category', 'public-description', 'public-contact', 'public-submit']) {
      const box = await page.locator(`[data-testid=${target}]`).boundingBox();
      expect(box?.height ?? 0, target).toBeGreaterThanOrEqual(44);
    }
    await page.click('[data-testid=public-submit]');

    await page.waitForSelector('[data-testid=public-follow-page]');
    expect(await page.locator('[data-testid=public-sent]').textContent()).toContain('已提交');
    const progress = page.locator('[data-testid=follow-progress]');
    await progress.waitFor();
    expect(await progress.getAttribute('data-progress')).toBe('received');
    expect(await progress.textContent()).toContain('已收到');
    await expectUsable(page, 'the follow page');
    const followUrl = page.url();
    const reportId = decodeURIComponent(new URL(followUrl).pathname.split('/').pop()!);

    // the photo went to the S3 bucket, under the prefix, re-encoded without its EXIF/GPS
    const objects = [...s3!.objects.entries()].filter(([k]) => k.startsWith('evidence/'));
    expect(objects.length).toBeGreaterThan(0);
    for (const [, o] of objects) expect(hasExif(o.bytes)).toBe(false);

    // the school registers it, rectifies it; the county accepts it
    const guard = await ApiUser.login(base, GUARD);
    const listed = (await guard.request('GET', '/api/hazard-reports?status=unverified')).body as {
      items: { id: string; contact: string | null }[];
    };
    expect(listed.items.find((r) => r.id === reportId)?.contact).toBe(PHONE_NUMBER);
    const registered = await guard.request('POST', `/api/hazard-reports/${reportId}/register`, {
      grade: 'general',
      owner: '总务处',
      deadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });
    const hazardId = (registered.body as { hazardId: string }).hazardId;
    for (const to of ['rectifying', 'awaiting_acceptance']) {
      expect((await guard.request('POST', `/api/hazards/${hazardId}/transition`, { to })).status).toBe(200);
    }
    await page.reload();
    await page.waitForSelector('[data-testid=follow-progress][data-progress=rectifying]');
    const county = await ApiUser.login(base, ACCEPTOR);
    expect(
      (await county.request('POST', `/api/hazards/${hazardId}/transition`, { to: 'closed' })).status,
    ).toBe(200);

    // the SMS double receives the "fixed" message: zh-CN, no internal ids
    const sms = await platform!.twilio.waitFor((r) => r.some((x) => x.to === `+86${PHONE_NUMBER}`));
    const fixedSms = sms.find((x) => x.to === `+86${PHONE_NUMBER}`)!;
    expect(fixedSms.kind).toBe('sms');
    expect(fixedSms.body).toContain(SCHOOL_NAME);
    expect(fixedSms.body).toContain('已整改');
    expect(fixedSms.body).not.toContain(reportId);
    expect(fixedSms.body).not.toContain(hazardId);

    // and the follow page shows 已整改
    await page.reload();
    const fixed = page.locator('[data-testid=follow-progress][data-progress=fixed]');
    await fixed.waitFor();
    expect(await fixed.textContent()).toContain('已整改');
  }, 180_000);

  it("with the API unreachable the teacher's draft survives a reload and is sent once it is back", async () => {
    onTestFailed(() => saveFailureScreenshots('report-draft', pages));
    const base = platform!.base;
    const photo = join(dir, 'socket.jpg');
    await writeFile(photo, await jpegWithGps(64, 64));
    const description = `插座外壳破裂，电线外露 ${Date.now()}`;

    const { page, context } = await open(PHONE);
    await page.goto(base);
    await page.fill('input[name=username]', TEACHER);
    await page.fill('input[name=password]', 'demo-pass');
    await page.click('[data-testid=login]');
    await page.waitForSelector('[data-testid=report-page]', { timeout: 20_000 });

    await page.locator('[data-testid=report-category]').selectOption('electrical');
    await page.locator('[data-testid=report-building]').selectOption('教学楼');
    await page.fill('[data-testid=report-description]', description);
    await page.locator('[data-testid=report-photos]').setInputFiles([photo]);
    await page.locator('[data-testid=report-thumbs] img').first().waitFor();

    // the reporting API cannot be reached (the page itself still loads)
    const cut = (route: {
      request(): { method(): string };
      abort(code?: string): Promise<void>;
      continue(): Promise<void>;
    }) => (route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue());
    await page.route('**/api/hazard-reports', cut);
    await page.click('[data-testid=report-submit]');
    const notice = page.locator('[data-testid=draft-pending]');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('报告已保存在本机');
    expect(await page.locator('[data-testid=report-error]').textContent()).toMatch(/提交失败/);

    // a reload: the draft is still there, photo and all, and still unsent
    await page.reload();
    await page.waitForSelector('[data-testid=report-page]');
    await page.locator('[data-testid=draft-pending]').waitFor();
    await waitFor(
      async () => (await page.locator('[data-testid=report-description]').inputValue()) === description,
      {
        what: 'the description put back from the draft',
      },
    );
    expect(await page.locator('[data-testid=report-category]').inputValue()).toBe('electrical');
    expect(await page.locator('[data-testid=report-building]').inputValue()).toBe('教学楼');
    expect(await page.locator('[data-testid=report-thumbs] img').count()).toBe(1);
    const api = await ApiUser.login(base, TEACHER);
    const mine = async () =>
      (
        (await api.request('GET', '/api/hazard-reports')).body as { items: { description: string }[] }
      ).items.filter((r) => r.description === description);
    expect(await mine()).toEqual([]);

    // back online: sent by itself, once; the form is empty and the draft gone
    await page.unroute('**/api/hazard-reports', cut);
    await context.setOffline(true);
    await context.setOffline(false); // the page hears `online`
    const sent = page.locator('[data-testid=my-report]').filter({ hasText: description });
    await sent.waitFor({ timeout: 15_000 });
    await page.locator('[data-testid=draft-pending]').waitFor({ state: 'detached' });
    expect(await page.locator('[data-testid=report-description]').inputValue()).toBe('');
    expect(await mine()).toHaveLength(1);
    await page.reload();
    await page.waitForSelector('[data-testid=report-page]');
    await sent.waitFor();
    expect(await page.locator('[data-testid=report-description]').inputValue()).toBe('');
    expect(await page.locator('[data-testid=draft-restored]').count()).toBe(0);
    expect(await mine()).toHaveLength(1);
  }, 120_000);

  it("the poster shows the school's name and a QR code that decodes to its public link", async () => {
    onTestFailed(() => saveFailureScreenshots('report-poster', pages));
    const base = platform!.base;
    const { page } = await open(DESKTOP);
    await logIn(page, base, GUARD);
    await visit(page, base, '/hazard-reports');
    await page.click('[data-testid=open-poster]');
    await page.waitForSelector('[data-testid=poster]');
    expect(await page.locator('[data-testid=poster-school-name]').textContent()).toBe(SCHOOL_NAME);
    const url = `${base}/p/${SCHOOL}`;
    expect(await page.locator('[data-testid=poster-url]').textContent()).toBe(url);
    const qr = page.locator('[data-testid=poster-qr]');
    await waitFor(
      async () => (await qr.evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth)) > 0,
      {
        what: 'the QR image drawn',
      },
    );
    const png = PNG.sync.read(await qr.screenshot());
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toBe(url);

    // and the link it encodes opens the public form without an account
    const { page: phone } = await open(PHONE);
    await phone.goto(decoded!.data);
    await phone.waitForSelector('[data-testid=public-report-page]');
    expect(await phone.locator('[data-testid=public-school]').textContent()).toBe(SCHOOL_NAME);
  }, 120_000);
});
