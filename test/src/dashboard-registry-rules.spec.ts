import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { launchChromium, waitFor } from '@campus/test-kit';
import { ApiUser } from './testing/api-client';
import { blockingViolations, formatViolations } from './testing/axe';
import { logIn, openDashboard, screenshot, screenshotOnFailure } from './testing/dashboard-page';
import { connectDevice } from './testing/device-client';
import { startTestPlatform, type TestPlatform } from './testing/test-platform';
import { SCHOOL_A, TEST_SITES_PATH } from './testing/test-sites';

/**
 * 规则与升级 in Chromium against the running platform (docs/user-guide.md "规则与升级"): an admin
 * edits a threshold rule, sees the API's refusal of a bad value at the field, previews it over last
 * week (readings published first by a real MQTT client), saves it with a note and sees the history;
 * a county officer sees the screen read-only; the escalation editor changes a step's delay and the
 * history shows it. Writes test-artifacts/rules-editor.png for the user guide.
 */
describe('规则与升级 screen', () => {
  let platform: TestPlatform;
  let browser: Browser;
  let dir: string;
  const contexts: BrowserContext[] = [];
  const ADMIN = 'rules-admin';
  const PASSWORD = 'rules-admin-pass';
  const LAB_HEAT = {
    id: 'lab-heat',
    kind: 'threshold',
    match: { deviceKinds: ['temperature_sensor'], metric: 'temperature', schedule: 'always' },
    op: '>=',
    value: 80,
    forSeconds: 30,
    alert: { type: 'heat', severity: 'high' },
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'campus-dashboard-rules-'));
    const doc = parse(await readFile(TEST_SITES_PATH, 'utf8')) as {
      users: Record<string, unknown>[];
      rules?: unknown[];
    };
    doc.users.push({ username: ADMIN, name: '管理员', password: PASSWORD, role: 'admin', org: '610000' });
    doc.rules = [LAB_HEAT];
    const sitesFile = join(dir, 'sites.yaml');
    await writeFile(sitesFile, stringify(doc));
    platform = await startTestPlatform({ sitesFile });
    browser = await launchChromium();

    // last week's readings, through the broker as the sensor sends them: 50 °C held for two
    // minutes two hours ago (over 45 for 30 s), then back to 20
    const at = Date.now() - 2 * 3600_000;
    const device = await connectDevice(platform.mqttUrl, 'tmp-0001');
    for (const [offset, temperature] of [
      [0, 50],
      [60_000, 52],
      [120_000, 20],
    ] as const)
      await device.publishAsync(
        `campus/v1/${SCHOOL_A}/tmp-0001/telemetry`,
        JSON.stringify({ ts: at + offset, metrics: { temperature } }),
        { qos: 1 },
      );
    await device.endAsync();
    const admin = await ApiUser.login(platform.base, ADMIN, PASSWORD);
    await waitFor(
      async () => {
        const { body } = await admin.request(
          'GET',
          `/api/telemetry?device=tmp-0001&metric=temperature&from=${at - 1000}&to=${at + 200_000}`,
        );
        return ((body as { points?: unknown[] }).points?.length ?? 0) >= 3 ? true : undefined;
      },
      { what: 'the three readings stored' },
    );
  }, 120_000);
  screenshotOnFailure(contexts);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await platform?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function open(username: string, password?: string): Promise<Page> {
    const { context, page } = await openDashboard(browser);
    contexts.push(context);
    await logIn(page, platform.base, username, password);
    await page.click('[data-testid=nav-rules]');
    await page.waitForSelector('[data-testid=rules-row][data-rule-id="lab-heat"]');
    return page;
  }

  async function expectAccessible(page: Page, what: string): Promise<void> {
    const violations = await blockingViolations(page);
    expect(
      violations.map((v) => v.id),
      `axe on ${what}:\n${formatViolations(violations)}`,
    ).toEqual([]);
  }

  it('an admin edits a threshold rule: a bad value refused at the field, a preview of last week, saved with a note, in the history', async () => {
    const page = await open(ADMIN, PASSWORD);
    await expectAccessible(page, 'the rules list');
    await page.click('[data-testid=rules-row][data-rule-id="lab-heat"] [data-testid=rules-edit]');
    const editor = page.locator('[data-testid=rule-editor]');
    await editor.waitFor({ state: 'visible' });
    expect(await editor.locator('[data-testid=rule-value]').inputValue()).toBe('80');

    await editor.locator('[data-testid=rule-value]').fill('很热');
    await page.click('[data-testid=rule-save]');
    const fieldError = editor.locator('[data-testid=rule-value-error]');
    await fieldError.waitFor({ state: 'visible' });
    expect(await fieldError.innerText()).toMatch(/value/);

    await editor.locator('[data-testid=rule-value]').fill('45');
    await page.click('[data-testid=rule-preview-run]');
    const summary = editor.locator('[data-testid=rule-preview-summary]');
    await summary.waitFor({ state: 'visible' });
    const n = Number(/会产生 (\d+) 条告警/.exec(await summary.innerText())?.[1]);
    expect(n).toBeGreaterThan(0);
    expect(await editor.locator('[data-testid=rule-preview-school]').first().innerText()).toContain(
      '雁塔区第一小学',
    );
    await expectAccessible(page, 'the rule editor with its preview');
    await screenshot(page, 'rules-editor.png');

    await editor.locator('[data-testid=rule-note]').fill('实验室温度阈值下调');
    await page.click('[data-testid=rule-save]');
    await editor.waitFor({ state: 'hidden' });
    const admin = await ApiUser.login(platform.base, ADMIN, PASSWORD);
    expect((await admin.request('GET', '/api/rules/lab-heat')).body).toMatchObject({ value: 45 });

    await page.click('[data-testid=rules-row][data-rule-id="lab-heat"] [data-testid=rules-history]');
    const first = page.locator('[data-testid=history-dialog] [data-testid=history-item]').first();
    await first.waitFor({ state: 'visible' });
    expect(await first.locator('[data-testid=history-actor]').innerText()).toBe(ADMIN);
    const text = await first.innerText();
    expect(text).toContain('实验室温度阈值下调');
    expect(text).toMatch(/value\s+80\s+→\s+45/);
  });

  it('a county officer sees rules and escalation read-only', async () => {
    const page = await open('yanta');
    await page.waitForSelector('[data-testid=rules-read-only]');
    expect(await page.locator('[data-testid=rules-add]').count()).toBe(0);
    expect(await page.locator('[data-testid=rules-remove]').count()).toBe(0);
    await page.click('[data-testid=rules-row][data-rule-id="lab-heat"] [data-testid=rules-edit]');
    const editor = page.locator('[data-testid=rule-editor]');
    await editor.waitFor({ state: 'visible' });
    expect(await editor.locator('[data-testid=rule-save]').count()).toBe(0);
    await expect(editor.locator('[data-testid=rule-value]').isDisabled()).resolves.toBe(true);
    await page.keyboard.press('Escape');
    await editor.waitFor({ state: 'hidden' });
    await page.getByRole('tab', { name: '升级策略' }).click();
    await page.waitForSelector('[data-testid=escalation-step]');
    expect(await page.locator('[data-testid=escalation-save]').count()).toBe(0);
    await expect(page.locator('[data-testid=step-after]').first().isDisabled()).resolves.toBe(true);
  });

  it('the escalation editor changes a step’s delay and the history shows it', async () => {
    const page = await open(ADMIN, PASSWORD);
    await page.getByRole('tab', { name: '升级策略' }).click();
    const steps = page.locator('[data-testid=escalation-step]');
    await steps.nth(1).waitFor();
    const county = steps.nth(1).locator('[data-testid=step-after]');
    expect(await county.inputValue()).toBe('4s');
    await county.fill('6s');
    await page.locator('[data-testid=escalation-note]').fill('县级响应时间放宽');
    await page.click('[data-testid=escalation-save]');
    const admin = await ApiUser.login(platform.base, ADMIN, PASSWORD);
    await waitFor(
      async () => {
        const { body } = await admin.request('GET', '/api/escalation-policies/critical');
        const policy = body as { steps: { after: string | number }[] | null };
        return policy.steps?.[1]?.after === '6s' ? true : undefined;
      },
      { what: 'the critical policy with the county step after 6s' },
    );
    // once the toast is gone (it closes by itself): the screen as it stays
    await screenshot(page, 'escalation-editor.png');
    await expectAccessible(page, 'the escalation editor');
    await page.click('[data-testid=escalation-history]');
    const first = page.locator('[data-testid=history-dialog] [data-testid=history-item]').first();
    await first.waitFor({ state: 'visible' });
    const text = await first.innerText();
    expect(text).toContain('县级响应时间放宽');
    expect(text).toMatch(/\[2\]\.after\s+4s\s+→\s+6s/);
  });
});
