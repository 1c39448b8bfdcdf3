import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, waitFor } from '@campus/test-kit';
import { ApiUser } from './testing/api-client';
import {
  alertOf,
  logIn,
  openDashboard,
  publishEvent,
  screenshotOnFailure,
  screenshot,
  visit,
  type AlertJson,
} from './testing/dashboard-page';
import { startTestPlatform, type TestPlatform } from './testing/test-platform';
import { SCHOOL_A } from './testing/test-sites';

/** test/fixtures/test-province.yaml: the county official yanta (610113) has two schools; school1 guards the first. */
const SCHOOL_A2 = '2161010002';
const SCHOOL_PHONE = '+8613800000001';

interface RollCallJson {
  id: string;
  closedAt: string | null;
  schools: { school: string; status: string; answeredBy: string | null }[];
}

/**
 * 督办 and 在线查岗 (docs/user-guide.md "督办与在线查岗") with the running platform and two
 * browsers: the county official urges the school about an open alarm and the guard's console
 * shows it at once (and the school's contact gets an SMS); a roll-call with a short deadline is
 * answered by one school and missed by the other, which the official's screen shows.
 */
describe('an official urges a school and checks that its guard is on duty', () => {
  let platform: TestPlatform | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  let guard: Page;
  let official: Page;
  let yanta: ApiUser;
  let alert: AlertJson;

  beforeAll(async () => {
    platform = await startTestPlatform();
    browser = await launchChromium();
    yanta = await ApiUser.login(platform.base, 'yanta');
    const opened = [await openDashboard(browser), await openDashboard(browser)];
    contexts.push(...opened.map((o) => o.context));
    [guard, official] = opened.map((o) => o.page) as [Page, Page];
    await logIn(guard, platform.base, 'school1');
    await logIn(official, platform.base, 'yanta');
  });
  screenshotOnFailure(contexts);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await platform?.stop();
  });

  it('督办: the guard’s console shows the county’s banner within seconds, the school’s contact gets an SMS', async () => {
    const { base, mqttUrl, twilio } = platform!;
    await publishEvent(mqttUrl, SCHOOL_A, 'smk-0001', 'smoke');
    alert = await alertOf(yanta, 'smk-0001');
    await guard.waitForSelector(`[data-testid=alert-row][data-alert-id="${alert.id}"]`, { timeout: 15_000 });

    await visit(official, base, `/alerts/${alert.id}`);
    await official.click('[data-testid=urge]');
    await official.fill('textarea[data-testid=urge-message]', '请立即到现场核实');
    const sentAt = Date.now();
    await official.click('[data-testid=urge-send]');

    const banner = guard.locator(`[data-testid=urge-banner][data-target-id="${alert.id}"]`);
    await banner.waitFor({ timeout: 5_000 });
    const text = (await banner.textContent()) ?? '';
    expect(text).toContain('县教育局督办：雁塔区第一小学 烟感报警');
    expect(text).toContain('留言：请立即到现场核实');
    expect(Date.now() - sentAt).toBeLessThan(5_000);
    await screenshot(guard, 'supervision-urge-banner.png');

    const sms = await waitFor(
      () => twilio.requests.find((r) => r.to === SCHOOL_PHONE && (r.body ?? '').includes('督办')),
      { timeoutMs: 10_000, what: 'the urge SMS to the school’s contact' },
    );
    expect(sms.body).toMatch(/^【校园安全】县教育局督办：雁塔区第一小学烟感报警/);
    expect(sms.body).not.toContain(alert.id);

    // the alert's timeline says who urged
    await official.waitForSelector('text=县教育局（刘洋）督办：请立即到现场核实', { timeout: 10_000 });

    // "已知悉": the banner goes, and stays gone after a reload
    await banner.locator('[data-testid=urge-dismiss]').click();
    await banner.waitFor({ state: 'detached', timeout: 5_000 });
    await guard.reload();
    await guard.waitForSelector('.console[data-live=true]', { timeout: 20_000 });
    expect(await guard.locator('[data-testid=urge-banner]').count()).toBe(0);
  });

  it('在线查岗: one school answers in the console, the other is 未应答 after the deadline', async () => {
    const { base } = platform!;
    const started = await yanta.request('POST', '/api/roll-calls', {
      schools: [SCHOOL_A, SCHOOL_A2],
      answerWithinSeconds: 10,
    });
    expect(started.status).toBe(201);
    const rollCall = started.body as RollCallJson;

    const prompt = guard.locator(`[data-testid=roll-call-prompt][data-roll-call-id="${rollCall.id}"]`);
    await prompt.waitFor({ timeout: 5_000 });
    expect(await prompt.textContent()).toContain('在线查岗：请在 10 秒内应答');
    await prompt.locator('[data-testid=roll-call-answer]').click();
    await prompt.waitFor({ state: 'detached', timeout: 5_000 });

    await visit(official, base, '/roll-calls');
    const card = official.locator(`[data-testid=roll-call][data-roll-call-id="${rollCall.id}"]`);
    await card.waitFor({ timeout: 10_000 });
    await official.waitForSelector(
      `[data-testid=roll-call][data-roll-call-id="${rollCall.id}"][data-state=closed]`,
      { timeout: 30_000 },
    );
    const line = (school: string) => card.locator(`[data-testid=roll-call-line][data-school="${school}"]`);
    await waitFor(async () => (await line(SCHOOL_A2).getAttribute('data-status')) === 'missed', {
      timeoutMs: 10_000,
      what: 'the second school shown as missed',
    });
    expect(await line(SCHOOL_A).getAttribute('data-status')).toBe('answered');
    expect(await line(SCHOOL_A).textContent()).toBe('已应答');
    expect(await line(SCHOOL_A2).textContent()).toBe('未应答');
    expect(
      await card.locator(`[data-testid=roll-call-answered-by][data-school="${SCHOOL_A}"]`).textContent(),
    ).toBe('school1');
    expect(await card.locator('[data-testid=roll-call-summary]').textContent()).toBe('应答 1 / 2，未应答 1');
    await screenshot(official, 'supervision-roll-call.png');
  });
});
