import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { launchChromium, waitFor } from '@campus/test-kit';
import { ApiUser } from './testing/api-client';
import {
  chooseOption,
  horizontalOverflow,
  logIn,
  openDashboard,
  PHONE,
  saveFailureScreenshots,
  screenshot,
} from './testing/dashboard-page';
import { connectDevice } from './testing/device-client';
import { startTestPlatform, type TestPlatform } from './testing/test-platform';
import { SCHOOL_A, TEST_SITES_PATH } from './testing/test-sites';

/**
 * 设备管理 in Chromium against the running platform (docs/user-guide.md "设备管理"): a school admin
 * adds a smoke detector, reads its secret from the provisioning dialog (shown once), a real MQTT
 * client connects with it and sends `smoke`, and the alert appears in the console — no restart.
 * Writes test-artifacts/device-registry.png for the user guide.
 */
describe('设备管理 screen', () => {
  let platform: TestPlatform;
  let browser: Browser;
  let dir: string;
  const contexts: BrowserContext[] = [];
  const PASSWORD = 'head1-registry-pass';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'campus-dashboard-registry-'));
    const doc = parse(await readFile(TEST_SITES_PATH, 'utf8')) as { users: Record<string, unknown>[] };
    doc.users.push({
      username: 'head1',
      name: '王芳',
      password: PASSWORD,
      role: 'school_admin',
      org: SCHOOL_A,
    });
    const sitesFile = join(dir, 'sites.yaml');
    await writeFile(sitesFile, stringify(doc));
    platform = await startTestPlatform({ sitesFile });
    browser = await launchChromium();
  }, 120_000);
  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(() =>
      saveFailureScreenshots(
        task.name,
        contexts.flatMap((c) => c.pages()),
      ),
    );
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await platform?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('add → provision (secret once) → a real device connects and sends smoke → the alert is in the console', async () => {
    const { context, page } = await openDashboard(browser);
    contexts.push(context);
    await logIn(page, platform.base, 'head1', PASSWORD);
    await page.click('[data-testid=nav-device-registry]');
    await page.waitForSelector('[data-testid=registry-table]');

    await page.click('[data-testid=registry-add]');
    const form = page.locator('[data-testid=registry-form]');
    await form.locator('[data-testid=form-id]').fill('smk-ui-1');
    await chooseOption(page, form.locator('[data-testid=form-kind]'), {
      value: 'smoke_detector',
      label: '感烟探测器',
    });
    await form.locator('[data-testid=form-building]').fill('图书馆');
    await form.locator('[data-testid=form-floor]').fill('2');
    await form.locator('[data-testid=form-room]').fill('阅览室');
    await page.click('[data-testid=form-save]');

    const dialog = page.locator('[data-testid=provision-dialog]');
    await dialog.waitFor({ state: 'visible' });
    const secret = (await dialog.locator('[data-testid=provision-secret]').innerText()).trim();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await dialog.locator('[data-testid=provision-mosquitto]').innerText()).toContain(secret);
    expect(await dialog.locator('[data-testid=provision-port]').innerText()).toBe(
      new URL(platform.mqttUrl).port,
    );
    await expect(dialog.locator('[data-testid=provision-qr]').isVisible()).resolves.toBe(true);
    await screenshot(page, 'device-registry.png');
    // a click beside the dialog does not close it: only "我已记下" does
    await page.mouse.click(5, 5);
    await expect(dialog.isVisible()).resolves.toBe(true);
    await page.click('[data-testid=provision-noted]');
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForSelector('[data-testid=registry-row][data-device-id="smk-ui-1"]');
    // shown once: the list and a reload never show it again
    expect(await page.content()).not.toContain(secret);

    const device = await waitFor(
      async () => connectDevice(platform.mqttUrl, 'smk-ui-1', { password: secret }).catch(() => undefined),
      { what: 'the device connecting with the secret read from the dialog', timeoutMs: 5_000 },
    );
    await device.publishAsync(`campus/v1/${SCHOOL_A}/smk-ui-1/event`, JSON.stringify({ type: 'smoke' }), {
      qos: 1,
    });
    await device.endAsync();
    const head = await ApiUser.login(platform.base, 'head1', PASSWORD);
    const alert = await waitFor(
      async () => {
        const { body } = await head.request('GET', '/api/alerts?status=open');
        return (body as { items: { id: string; device: string }[] }).items.find(
          (a) => a.device === 'smk-ui-1',
        );
      },
      { what: 'the alert of the device added in the browser' },
    );
    await page.click('[data-testid=nav-console]');
    await page.waitForSelector(`[data-testid=alert-row][data-alert-id="${alert.id}"]`, { timeout: 15_000 });
  });

  it('retires a device after a confirmation', async () => {
    const head = await ApiUser.login(platform.base, 'head1', PASSWORD);
    expect(
      (
        await head.request('POST', '/api/devices', {
          school: SCHOOL_A,
          id: 'smk-ui-2',
          kind: 'heat_detector',
        })
      ).status,
    ).toBe(201);
    const { context, page } = await openDashboard(browser, { viewport: PHONE });
    contexts.push(context);
    await logIn(page, platform.base, 'head1', PASSWORD);
    await page.goto(`${platform.base}/registry/devices`);
    const row = page.locator('[data-testid=registry-row][data-device-id="smk-ui-2"]');
    await row.waitFor();
    const overflow = await horizontalOverflow(page);
    expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.innerWidth);
    await row.locator('[data-testid=registry-retire]').click();
    await page.locator('.el-message-box').getByRole('button', { name: '停用' }).click();
    await row.waitFor({ state: 'detached' });
    const { body } = await head.request('GET', `/api/devices/registry?school=${SCHOOL_A}`);
    expect((body as { items: { id: string }[] }).items.map((d) => d.id)).not.toContain('smk-ui-2');
  });

  it('is not in the menu of a school guard', async () => {
    const { context, page } = await openDashboard(browser);
    contexts.push(context);
    await logIn(page, platform.base, 'school1');
    await page.waitForSelector('[data-testid=nav-devices]');
    expect(await page.locator('[data-testid=nav-device-registry]').count()).toBe(0);
  });
});
