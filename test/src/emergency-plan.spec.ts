import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { jpegWithGps } from '@campus/alerting/testing';
import { launchChromium, waitFor } from '@campus/test-kit';
import { ApiUser } from './testing/api-client';
import { blockingViolations, formatViolations } from './testing/axe';
import {
  alertOf,
  DESKTOP,
  logIn,
  openDashboard,
  PHONE,
  publishEvent,
  saveFailureScreenshots,
  screenshot,
} from './testing/dashboard-page';
import { startTestPlatform, type TestPlatform } from './testing/test-platform';
import { SCHOOL_A } from './testing/test-sites';

/**
 * Issue #14 points 4 and 5 (docs/user-guide.md "应急预案", "派人到场", "处置报告"): on the running
 * platform, a smoke alarm; the guard works the fire plan's steps in Chromium and dispatches a staff
 * member, whose SMS (the Twilio double) carries the link of their phone page; a second page with a
 * phone's viewport marks 已到场 and 已处置 with a photo, which the console shows live; once
 * resolved, the printable incident report holds the steps, the dispatch, the photo and the
 * durations, and the reports screen shows the school's time to arrive.
 */

const GUARD = 'school1'; // 赵磊, school_security of 雁塔区第一小学
const STAFF = { name: '张伟', phone: '+8613800000001' }; // the school's contact (test-province.yaml)
const FIRE_STEPS = ['verify', 'alarm', 'call119', 'evacuate', 'muster', 'report'];

describe('the emergency plan, a responder and the incident report in the browser (issue #14)', () => {
  let platform: TestPlatform | undefined;
  let browser: Browser | undefined;
  let dir = '';
  const contexts: BrowserContext[] = [];
  const pages: Page[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'campus-plan-'));
    platform = await startTestPlatform();
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

  it('the guard works the fire plan, dispatches a staff member who marks arrival and handling with a photo; the report holds it all', async () => {
    onTestFailed(() => saveFailureScreenshots('emergency-plan', pages));
    const { base, mqttUrl, twilio } = platform!;
    const guard = await ApiUser.login(base, GUARD);

    const page = await open(DESKTOP);
    await logIn(page, base, GUARD);
    await publishEvent(mqttUrl, SCHOOL_A, 'smk-0001', 'smoke');
    const alert = await alertOf(guard, 'smk-0001');
    expect((await guard.request('POST', `/api/alerts/${alert.id}/ack`, {})).status).toBe(200);

    // the fire plan's steps, ticked one by one; the paging and device steps ask first
    await page.goto(`${base}/alerts/${alert.id}`);
    const panel = page.locator('[data-testid=plan-panel]');
    await panel.locator('[data-testid=plan-step]').first().waitFor();
    expect(
      await panel
        .locator('[data-testid=plan-step]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-step'))),
    ).toEqual(FIRE_STEPS);
    expect(await panel.textContent()).toContain('视频/现场确认火情');
    for (const step of FIRE_STEPS) {
      const row = panel.locator(`[data-testid=plan-step][data-step=${step}]`);
      await row.locator('[data-testid=plan-step-done]').click();
      if (step === 'alarm' || step === 'report') {
        await page.locator('.el-message-box__btns .el-button--primary').click();
      }
      await page.locator(`[data-testid=plan-step][data-step=${step}][data-done=true]`).waitFor();
      expect(await row.locator('[data-testid=plan-step-by]').textContent()).toContain('赵磊');
    }
    // the test school's lab building has no siren: the step says so, in the product language
    expect(
      await panel
        .locator('[data-testid=plan-step][data-step=alarm] [data-testid=plan-step-problem]')
        .textContent(),
    ).toContain('本楼没有声光报警器');
    // the report step paged the county's duty phone; the timeline has each step
    await twilio.waitFor((r) =>
      r.some((x) => x.to === '+8613800000002' && (x.body ?? '').includes('上报县教育局')),
    );
    await page
      .locator('[data-testid=timeline-item][data-kind=plan_step]')
      .nth(FIRE_STEPS.length - 1)
      .waitFor();

    // dispatch the staff member; the SMS carries the phone page's link
    await page
      .locator('[data-testid=dispatch-person]')
      .selectOption({ label: `${STAFF.name} +86138****0001` });
    await page.locator('[data-testid=dispatch]').click();
    const dispatched = page.locator('[data-testid=dispatch-item]');
    await dispatched.waitFor();
    expect(await dispatched.getAttribute('data-state')).toBe('dispatched');
    const sms = await twilio.waitFor((r) =>
      r.some((x) => x.to === STAFF.phone && /\/r\//.test(x.body ?? '')),
    );
    const text = sms.find((x) => x.to === STAFF.phone && /\/r\//.test(x.body ?? ''))!.body!;
    const link = /(https?:\/\/\S+\/r\/[A-Za-z0-9_-]{43})/.exec(text)?.[1];
    expect(link, text).toBeDefined();
    expect(text).toContain('雁塔区第一小学');
    expect(text).not.toContain(alert.id);

    // the phone page, no login: 已到场, then 已处置 with a photo
    const phone = await open(PHONE);
    await phone.goto(link!);
    await phone.locator('[data-testid=responder-page]').waitFor();
    expect(await phone.locator('input[name=username]').count()).toBe(0);
    const violations = await blockingViolations(phone);
    expect(
      violations.map((v) => v.id),
      formatViolations(violations),
    ).toEqual([]);
    expect(await phone.locator('[data-testid=responder-state]').getAttribute('data-state')).toBe(
      'dispatched',
    );
    await phone.locator('[data-testid=responder-mark-on_site]').click();
    await phone.locator('[data-testid=responder-state][data-state=on_site]').waitFor();
    // the console shows it live (socket.io), without a reload
    await page.locator('[data-testid=dispatch-item][data-state=on_site]').waitFor();

    const photo = join(dir, 'scene.jpg');
    await writeFile(photo, await jpegWithGps(160, 120));
    await phone.locator('[data-testid=responder-photos]').setInputFiles([photo]);
    await phone.locator('[data-testid=responder-thumbs] img').first().waitFor();
    await phone.locator('[data-testid=responder-mark-handled]').click();
    await phone.locator('[data-testid=responder-state][data-state=handled]').waitFor();
    expect(await phone.locator('[data-testid=responder-photo-count]').textContent()).toContain('1');
    await page.locator('[data-testid=dispatch-item][data-state=handled]').waitFor();
    await page.locator('[data-testid=dispatch-photo]').first().waitFor();
    await screenshot(page, 'emergency-plan.png');
    await screenshot(phone, 'responder-phone.png');

    // resolved: the incident report
    expect(
      (
        await guard.request('POST', `/api/alerts/${alert.id}/resolve`, {
          disposition: 'genuine',
          note: '实验室冒烟，已处置',
        })
      ).status,
    ).toBe(200);
    await page.locator('[data-testid=incident-report-link]').click();
    const sheet = page.locator('[data-testid=incident-report]');
    await sheet.waitFor();
    expect(await page.locator('[data-testid=incident-step][data-done=true]').count()).toBe(FIRE_STEPS.length);
    expect(await page.locator('[data-testid=incident-dispatch]').textContent()).toContain(STAFF.name);
    const media = page.locator('[data-testid=incident-media][data-kind=photo] img');
    await media.first().waitFor();
    await waitFor(async () =>
      (await media.first().evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)) > 0
        ? true
        : undefined,
    );
    for (const d of ['duration-ack', 'duration-arrive', 'duration-handle']) {
      expect(await page.locator(`[data-testid=${d}]`).textContent(), d).toMatch(/秒|分|小时/);
    }
    expect(await sheet.textContent()).toContain('突发事件处置报告');
    await screenshot(page, 'incident-report.png');

    // the reports screen: the school's time to arrive next to the time to acknowledge
    await page.goto(`${base}/reports`);
    const arrive = page.locator('[data-testid=report-kpi-arrive]');
    await arrive.waitFor();
    await waitFor(async () => ((await arrive.textContent())?.match(/秒|分|小时/) ? true : undefined), {
      what: 'the time to arrive on the reports screen',
    });
  }, 180_000);
});
