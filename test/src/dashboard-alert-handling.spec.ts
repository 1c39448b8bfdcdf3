import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiUser } from './testing/api-client';
import { launchChromium } from '@campus/test-kit';
import { connectDevice } from './testing/device-client';
import { alertOf, logIn, openDashboard, publishEvent, screenshot } from './testing/dashboard-page';
import { startTestPlatform, type TestPlatform } from './testing/test-platform';
import { SCHOOL_A } from './testing/test-sites';

interface PlayedSound {
  at: number;
  pattern: string;
  alertId: string;
}

/** What the page's alarm sound actually played (window.__campusSound; the test project has no DOM lib). */
const played = (page: Page): Promise<PlayedSound[]> =>
  page.evaluate(
    () => (globalThis as { __campusSound?: { played: PlayedSound[] } }).__campusSound?.played ?? [],
  );

const rowOf = (page: Page, id: string) => page.locator(`[data-testid=alert-row][data-alert-id="${id}"]`);

describe('the guard handles alarms: sound, one-click acknowledge, detail with timeline and telemetry, resolve', () => {
  let platform: TestPlatform | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    platform = await startTestPlatform();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await platform?.stop();
  });

  it('sounds a one-key alarm with its own pattern, stays silent when muted, and plays what was missed once unmuted', async () => {
    const { base, mqttUrl } = platform!;
    const school1 = await ApiUser.login(base, 'school1');
    ({ context } = await openDashboard(browser!));
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await logIn(page, base, 'school1');

    // The sign-in click unlocked the audio: sound is on and no "click to enable sound" warning.
    const toggle = page.locator('[data-testid=sound-toggle]');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('[data-testid=sound-unlock]').count()).toBe(0);
    expect(await played(page)).toEqual([]);

    await publishEvent(mqttUrl, SCHOOL_A, 'sos-0001', 'sos');
    const sos = await alertOf(school1, 'sos-0001');
    await expect
      .poll(async () => (await played(page)).map((p) => [p.pattern, p.alertId]), { timeout: 5_000 })
      .toEqual([['sos', sos.id]]);

    // Muted: a new smoke alarm shows but plays nothing. Sounds are decided before the row renders,
    // so once the row is there, a play would already be on record.
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await publishEvent(mqttUrl, SCHOOL_A, 'smk-0001', 'smoke');
    const smoke = await alertOf(school1, 'smk-0001');
    await rowOf(page, smoke.id).waitFor({ timeout: 5_000 });
    expect(await played(page)).toHaveLength(1);

    // Unmuted: the alarm that came in meanwhile sounds at once (the one-key alarm only repeats at 30 s).
    const unmuted = Date.now();
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(async () => (await played(page)).length, { timeout: 5_000 }).toBe(2);
    const second = (await played(page))[1]!;
    if (second.at - (await played(page))[0]!.at < 30_000) {
      expect([second.pattern, second.alertId]).toEqual(['critical', smoke.id]);
    }
    expect(second.at).toBeGreaterThanOrEqual(unmuted - 1_000);

    // Acknowledged in one click: the one-key alarm stops flashing and its row keeps only "resolve".
    await rowOf(page, sos.id).locator('[data-testid=ack]').click();
    await page.waitForSelector(
      `[data-testid=alert-row][data-alert-id="${sos.id}"][data-status=acknowledged]`,
      {
        timeout: 5_000,
      },
    );
    expect(await rowOf(page, sos.id).locator('[data-testid=resolve]').count()).toBe(1);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('opens the detail from the row: where, timeline live, telemetry chart; acknowledges and resolves there', async () => {
    const { base, mqttUrl } = platform!;
    const page = await context!.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await logIn(page, base, 'school1');

    // Readings of the temperature sensor over the last ten minutes, then a fire event from it (a
    // "heat" alert would need 10 s above 57 °C; an event keeps the test short).
    const sensor = await connectDevice(mqttUrl, 'tmp-0001');
    const now = Date.now();
    for (let i = 10; i >= 0; i--) {
      const metrics = { temperature: 22 + (10 - i) * 0.5, battery: 90 };
      await sensor.publishAsync(
        `campus/v1/${SCHOOL_A}/tmp-0001/telemetry`,
        JSON.stringify({ ts: now - i * 60_000, metrics }),
        { qos: 1 },
      );
    }
    await sensor.publishAsync(`campus/v1/${SCHOOL_A}/tmp-0001/event`, JSON.stringify({ type: 'fire' }), {
      qos: 1,
    });
    await sensor.endAsync();
    const school1 = await ApiUser.login(base, 'school1');
    const fire = await alertOf(school1, 'tmp-0001');

    const row = rowOf(page, fire.id);
    await row.waitFor({ timeout: 5_000 });
    expect(await row.textContent()).toContain('火警');
    expect(await row.textContent()).toContain('教学楼');
    await row.locator('[data-testid=open-detail]').click();
    await page.waitForURL(`**/alerts/${fire.id}`);
    const detail = page.locator('[data-testid=alert-detail]');
    await detail.waitFor();
    await expect.poll(() => detail.textContent(), { timeout: 5_000 }).toContain('雁塔区第一小学');
    expect(await detail.textContent()).toContain('101');
    expect(await detail.textContent()).toContain('低风险');

    // The school was paged at once (sms + voice to the Twilio double): on the timeline.
    await page.waitForSelector('[data-testid=timeline-item][data-kind=opened]', { timeout: 5_000 });
    await page.waitForSelector('[data-testid=timeline-item][data-kind=notified]', { timeout: 10_000 });
    expect(
      await page.locator('[data-testid=timeline-item][data-kind=notified]').first().textContent(),
    ).toContain('+8613800000001');

    // The temperature around the alert: the chart has the eleven readings.
    const chart = page.locator('[data-testid=telemetry-chart]');
    await expect.poll(() => chart.getAttribute('data-metric'), { timeout: 10_000 }).toBe('temperature');
    expect(Number(await chart.getAttribute('data-points'))).toBe(11);
    expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
    await screenshot(page, 'alert-detail.png');

    // Acknowledge on the detail: the status and the timeline follow without a reload.
    await detail.locator('[data-testid=ack]').click();
    await page.waitForSelector('[data-testid=alert-detail][data-status=acknowledged]', { timeout: 5_000 });
    await page.waitForSelector('[data-testid=timeline-item][data-kind=acknowledged]', { timeout: 5_000 });
    // who acknowledged, by name (test/fixtures/test-province.yaml gives school1 one)
    expect(await page.locator('[data-testid=timeline-item][data-kind=acknowledged]').textContent()).toContain(
      '赵磊',
    );

    // Resolve through the dialog: a disposition is required, the note is optional.
    await detail.locator('[data-testid=resolve]').click();
    const dialog = page.locator('[data-testid=resolve-dialog]');
    await dialog.waitFor();
    expect(await dialog.locator('[data-testid=resolve-submit]').isDisabled()).toBe(true);
    await dialog.locator('[data-testid=disposition-false_alarm]').click();
    await dialog.locator('textarea[name=note]').fill('测试按钮误触');
    await dialog.locator('[data-testid=resolve-submit]').click();
    await page.waitForSelector('[data-testid=alert-detail][data-status=resolved]', { timeout: 5_000 });
    await page.waitForSelector('[data-testid=timeline-item][data-kind=resolved]', { timeout: 5_000 });
    expect(await page.locator('[data-testid=timeline-item][data-kind=resolved]').textContent()).toContain(
      '误报',
    );
    const stored = (await school1.request('GET', `/api/alerts/${fire.id}`)).body as {
      status: string;
      disposition: string;
      note: string;
    };
    expect(stored).toMatchObject({ status: 'resolved', disposition: 'false_alarm', note: '测试按钮误触' });

    // Back on the console the resolved alert has left the list.
    await page.click('[data-testid=nav-console]');
    await page.waitForSelector('.console[data-live=true]');
    expect(await rowOf(page, fire.id).count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
