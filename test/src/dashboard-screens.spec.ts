import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiUser } from './testing/api-client';
import { launchChromium, waitFor } from '@campus/test-kit';
import { connectDevice } from './testing/device-client';
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
 * The operations screens against the real platform: devices with their live state, the school's
 * four-colour risk map, the hazard register and its workflow, an online inspection from start to
 * printable report, and the county's report with its CSV. Writes the screenshots of the user
 * guide (test-artifacts/{devices,risk-map,hazards,inspection,inspection-report,reports}.png).
 */

interface HazardJson {
  id: string;
  key: string;
  state: string;
  title: string;
  rectifiedBy: string | null;
}

const FAULT_KEY = 'default:fault:smk-0001';
const MANUAL_ITEMS = [
  'fire_exits_clear',
  'extinguishers_in_date',
  'guards_on_duty',
  'emergency_plan_posted',
  'video_retained_30d',
];

/** Live state for the devices screen: smk-0001 online with a low battery and a fault, tmp-0001 gone offline. */
async function publishDeviceStates(mqttUrl: string): Promise<void> {
  const smoke = await connectDevice(mqttUrl, 'smk-0001');
  const topic = (device: string, channel: string) => `campus/v1/${SCHOOL_A}/${device}/${channel}`;
  await smoke.publishAsync(topic('smk-0001', 'status'), JSON.stringify({ online: true }), {
    qos: 1,
    retain: true,
  });
  await smoke.publishAsync(topic('smk-0001', 'telemetry'), JSON.stringify({ metrics: { battery: 15 } }), {
    qos: 1,
  });
  await smoke.publishAsync(topic('smk-0001', 'event'), JSON.stringify({ type: 'fault' }), { qos: 1 });
  await smoke.endAsync();
  const temp = await connectDevice(mqttUrl, 'tmp-0001');
  await temp.publishAsync(topic('tmp-0001', 'status'), JSON.stringify({ online: true }), { qos: 1 });
  await temp.publishAsync(
    topic('tmp-0001', 'telemetry'),
    JSON.stringify({ metrics: { temperature: 22, battery: 88 } }),
    {
      qos: 1,
    },
  );
  await temp.publishAsync(topic('tmp-0001', 'status'), JSON.stringify({ online: false }), { qos: 1 });
  await temp.endAsync();
  const other = await connectDevice(mqttUrl, 'smk-0101');
  await other.publishAsync(`campus/v1/${SCHOOL_B}/smk-0101/status`, JSON.stringify({ online: true }), {
    qos: 1,
  });
  await other.endAsync();
}

/** A screenshot of the whole page from its top (a sticky header scrolled along would cut it). */
async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() =>
    (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0),
  );
  await screenshot(page, name);
}

/** The attribute of every element matching `selector` (runs in the page; the test project has no DOM lib). */
function attributes(page: Page, selector: string, name: string): Promise<(string | null)[]> {
  return page
    .locator(selector)
    .evaluateAll(
      (els, n) => els.map((e) => (e as { getAttribute(a: string): string | null }).getAttribute(n)),
      name,
    );
}

describe('the operations screens: devices, risk map, hazard register, online inspection, reports', () => {
  let platform: TestPlatform | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  let county: Page;
  let school: Page;
  let school1: ApiUser;
  let fault: HazardJson;
  let inspectionId = '';
  let findingHazardId = '';

  beforeAll(async () => {
    platform = await startTestPlatform();
    browser = await launchChromium();
    school1 = await ApiUser.login(platform.base, 'school1');
    await publishDeviceStates(platform.mqttUrl);
    // The fault event registers a hazard (default:fault): the register has a row to work on.
    fault = await waitFor(
      async () =>
        ((await school1.request('GET', '/api/hazards')).body as { items: HazardJson[] }).items.find(
          (h) => h.key === FAULT_KEY,
        ),
      { timeoutMs: 15_000, what: 'the fault hazard of smk-0001' },
    );
    // The devices API shows the state once the alert service has flushed it (every second).
    await waitFor(
      async () => {
        const { body } = await school1.request('GET', '/api/devices');
        const items = (body as { items: { id: string; online: boolean | null }[] }).items;
        return (
          items.find((d) => d.id === 'tmp-0001')?.online === false &&
          items.find((d) => d.id === 'smk-0001')?.online
        );
      },
      { timeoutMs: 15_000, what: 'the devices API to show smk-0001 online and tmp-0001 offline' },
    );
    const opened = await openDashboard(browser);
    contexts.push(opened.context);
    county = opened.page;
    await logIn(county, platform.base, 'yanta');
    const second = await openDashboard(browser);
    contexts.push(second.context);
    school = second.page;
    await logIn(school, platform.base, 'school1');
  });
  screenshotOnFailure(contexts);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await platform?.stop();
  });

  it('devices: the county official sees the county’s devices with live state and filters to the offline ones', async () => {
    await county.click('[data-testid=nav-devices]');
    await county.waitForSelector('[data-testid=device-row][data-device-id=smk-0001][data-online=true]', {
      timeout: 15_000,
    });
    await county.waitForSelector('[data-testid=device-row][data-device-id=tmp-0001][data-online=false]');
    const ids = await attributes(county, '[data-testid=device-row]', 'data-device-id');
    expect(ids).toContain('smk-0201'); // the county's other school
    expect(ids).not.toContain('smk-0101'); // another county
    const smoke = county.locator('[data-testid=device-row][data-device-id=smk-0001]');
    expect(await smoke.locator('[data-testid=low-battery]').count()).toBe(1);
    const text = (await smoke.textContent()) ?? '';
    for (const part of [
      '感烟探测器',
      '雁塔区第一小学',
      '实验楼',
      '化学实验室',
      '重大风险',
      '在线',
      '15%',
      '故障',
    ])
      expect(text).toContain(part);
    expect(await county.textContent('[data-testid=device-count-offline]')).toBe('1');
    await shot(county, 'devices.png');

    await county.locator('[data-testid=device-filter] label').filter({ hasText: '离线' }).click();
    await expect
      .poll(() => attributes(county, '[data-testid=device-row]', 'data-device-id'))
      .toEqual(['tmp-0001']);
    expect(new URL(county.url()).searchParams.get('filter')).toBe('offline');
  });

  it('risk map: the county official picks a school from the overview; rooms carry their grade in words and live marks', async () => {
    await visit(county, platform!.base, '/risk-map');
    await county.locator(`[data-testid=risk-school][data-school="${SCHOOL_A}"]`).click();
    await county.waitForSelector('[data-testid=risk-map] [data-testid=risk-cell]', { timeout: 15_000 });
    const lab = county.locator('[data-testid=risk-cell]').filter({ hasText: '化学实验室' });
    expect(await lab.getAttribute('data-grade')).toBe('red');
    expect(await lab.textContent()).toContain('重大风险');
    const classroom = county.locator('[data-testid=risk-cell]').filter({ hasText: '101' });
    expect(await classroom.getAttribute('data-grade')).toBe('blue');
    expect(await classroom.textContent()).toContain('低风险');
    // tmp-0001 went offline: its room says so (and its device_offline alert is unresolved).
    expect(await classroom.getAttribute('data-offline')).toBe('1');
    expect(await classroom.textContent()).toContain('离线 1');
    await shot(county, 'risk-map.png');

    await lab.click();
    await county.waitForSelector('.el-drawer .room-detail', { timeout: 5_000 });
    expect(await county.locator('.el-drawer .room-detail').textContent()).toContain('smk-0001');
    await county.keyboard.press('Escape');
  });

  it('hazards: the school rectifies and submits, the county accepts, and a refused step shows the server’s reason', async () => {
    const { base } = platform!;
    await visit(school, base, '/hazards');
    const row = school.locator(`[data-testid=hazard-row][data-hazard-id="${fault.id}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.getAttribute('data-state')).toBe('registered');
    expect(await row.getAttribute('data-overdue')).toBe('false');
    expect(await row.textContent()).toContain('设备 smk-0001');

    await row.locator('[data-testid=hazard-action-start]').click();
    await school.fill('[data-testid=hazard-dialog] input[name=owner]', '王强');
    await school.click('[data-testid=hazard-dialog-confirm]');
    await school.waitForSelector(
      `[data-testid=hazard-row][data-hazard-id="${fault.id}"][data-state=rectifying]`,
    );

    await row.locator('[data-testid=hazard-action-submit]').click();
    await school.fill('[data-testid=hazard-dialog] textarea[name=note]', '已更换探测器电池并复位');
    await school.click('[data-testid=hazard-dialog-confirm]');
    await school.waitForSelector(
      `[data-testid=hazard-row][data-hazard-id="${fault.id}"][data-state=awaiting_acceptance]`,
    );
    // A school guard may not accept, and never the work they did themselves.
    expect(await row.locator('[data-testid=hazard-action-accept]').count()).toBe(0);

    await row.locator('[data-testid=hazard-open]').click();
    await school.waitForSelector('[data-testid=hazard-detail]');
    await expect.poll(() => school.locator('[data-testid=hazard-event]').count()).toBe(3);
    expect(await school.locator('[data-testid=hazard-detail]').textContent()).toContain(
      '已更换探测器电池并复位',
    );
    await school.keyboard.press('Escape');
    await school.waitForSelector('[data-testid=hazard-detail]', { state: 'hidden' });

    await visit(county, base, '/hazards');
    const countyRow = county.locator(`[data-testid=hazard-row][data-hazard-id="${fault.id}"]`);
    await countyRow.waitFor({ timeout: 15_000 });
    expect(await countyRow.locator('[data-testid=hazard-action-accept]').isEnabled()).toBe(true);
    await countyRow.locator('[data-testid=hazard-action-accept]').click();
    await county.click('[data-testid=hazard-dialog-confirm]');
    await county.waitForSelector(`[data-testid=hazard-row][data-hazard-id="${fault.id}"][data-state=closed]`);
    const closed = (await school1.request('GET', `/api/hazards/${fault.id}`)).body as HazardJson;
    expect([closed.state, closed.rectifiedBy]).toEqual(['closed', 'school1']);

    // A refusal from the server is shown with its reason: the school's page still offers to start
    // the offline hazard, which someone else has started meanwhile (409).
    const offline = await waitFor(
      async () =>
        ((await school1.request('GET', '/api/hazards')).body as { items: HazardJson[] }).items.find(
          (h) => h.key === 'default:device_offline:tmp-0001',
        ),
      { timeoutMs: 15_000, what: 'the device_offline hazard of tmp-0001' },
    );
    await visit(school, base, '/hazards');
    const stale = school.locator(`[data-testid=hazard-row][data-hazard-id="${offline.id}"]`);
    await stale.locator('[data-testid=hazard-action-start]').waitFor({ timeout: 15_000 });
    expect(
      (await school1.request('POST', `/api/hazards/${offline.id}/transition`, { to: 'rectifying' })).status,
    ).toBe(200);
    await stale.locator('[data-testid=hazard-action-start]').click();
    await school.click('[data-testid=hazard-dialog-confirm]');
    const refusal = school.locator('[data-testid=hazard-dialog-error]');
    await refusal.waitFor({ timeout: 5_000 });
    expect(await refusal.textContent()).toContain('rectifying');
    await school.keyboard.press('Escape');
    // …and the register reloads, showing the hazard as it now is.
    await school.waitForSelector(
      `[data-testid=hazard-row][data-hazard-id="${offline.id}"][data-state=rectifying]`,
    );
  });

  it('online inspection: the county official runs it; the finding becomes a hazard the school sees; the report prints on A4', async () => {
    const { base } = platform!;
    await visit(county, base, '/inspections?start=1');
    await county.waitForSelector('[data-testid=inspection-coverage]', { timeout: 15_000 });
    await chooseOption(county, county.locator('[data-testid=inspection-school]'), {
      value: SCHOOL_A,
      label: '雁塔区第一小学',
    });
    await county.click('[data-testid=inspection-start]');
    await county.waitForURL(/\/inspections\/[^/]+$/, { timeout: 15_000 });
    inspectionId = decodeURIComponent(new URL(county.url()).pathname.split('/').at(-1)!);
    await county.waitForSelector('[data-testid=inspection-item]');

    // The platform's measurements are shown with its verdict: the offline thermometer shows up
    // nowhere in the camera rate, but the open hazards and alerts are counted.
    const alertsItem = county.locator('[data-testid=inspection-item][data-key=unacknowledged_alerts]');
    expect(((await alertsItem.locator('[data-testid=item-value]').textContent()) ?? '').trim()).not.toBe('—');
    expect(await alertsItem.getAttribute('data-auto-result')).toMatch(/^(pass|fail)$/);

    for (const key of MANUAL_ITEMS) {
      const item = county.locator(`[data-testid=inspection-item][data-key=${key}]`);
      await item
        .locator(key === 'fire_exits_clear' ? '[data-testid=item-fail]' : '[data-testid=item-pass]')
        .click();
      await county.waitForSelector(
        `[data-testid=inspection-item][data-key=${key}][data-result=${key === 'fire_exits_clear' ? 'fail' : 'pass'}]`,
      );
    }

    await county.fill('[data-testid=finding-title]', '二楼东侧疏散通道堆放杂物');
    await county.selectOption('[data-testid=finding-grade]', 'major');
    await county.selectOption('[data-testid=finding-item]', 'fire_exits_clear');
    // The deadline defaults to a week from today.
    expect(await county.inputValue('[data-testid=finding-deadline]')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await county.click('[data-testid=finding-submit]');
    const finding = county
      .locator('[data-testid=finding-row]')
      .filter({ hasText: '二楼东侧疏散通道堆放杂物' });
    await finding.waitFor({ timeout: 10_000 });
    findingHazardId = (await finding.getAttribute('data-hazard-id')) ?? '';
    expect(findingHazardId).not.toBe('');
    expect(await finding.textContent()).toContain('已登记');
    await shot(county, 'inspection.png');

    await county.click('[data-testid=inspection-complete]');
    await county.fill(
      '[data-testid=inspection-conclusion-input]',
      '该校安全管理总体规范，疏散通道问题须限期整改。',
    );
    await county.click('[data-testid=inspection-complete-confirm]');
    await county.waitForSelector('[data-testid=inspection-status][data-status=completed]');
    expect(await county.locator('[data-testid=item-pass]:not([disabled])').count()).toBe(0);

    await county.click('[data-testid=inspection-report-link]');
    const report = county.locator('[data-testid=inspection-report]');
    await report.waitFor({ timeout: 10_000 });
    expect(await county.locator('[data-testid=org-tree]').count()).toBe(0); // no shell around it
    const text = (await report.textContent()) ?? '';
    // the inspector by name, the inspecting body as the bureau, the record by its yearly number
    expect(text).toMatch(/督查 \d{4}-\d{4}/);
    for (const part of [
      '雁塔区第一小学',
      '刘洋',
      '雁塔区教育局',
      '二楼东侧疏散通道堆放杂物',
      '疏散通道问题须限期整改',
      '督查人（签字）',
    ])
      expect(text).toContain(part);
    await county.setViewportSize({ width: 900, height: 1200 });
    await shot(county, 'inspection-report.png');
    await county.emulateMedia({ media: 'print' });
    expect(await county.locator('[data-testid=inspection-print]').isVisible()).toBe(false);
    await county.emulateMedia({ media: 'screen' });
    await county.setViewportSize({ width: 1366, height: 768 });

    // The school's own register now holds the finding as a hazard, from the inspection.
    await visit(school, base, '/hazards');
    const row = school.locator(`[data-testid=hazard-row][data-hazard-id="${findingHazardId}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.getAttribute('data-state')).toBe('registered');
    expect(await row.textContent()).toContain('线上督查');
    expect(await row.textContent()).toContain('重大隐患');
    await shot(school, 'hazards.png');
    // …and sees the inspection itself, read-only.
    await visit(school, base, `/inspections/${inspectionId}`);
    await school.waitForSelector('[data-testid=inspection-item]');
    expect(await school.locator('[data-testid=inspection-complete]').count()).toBe(0);
  });

  it('reports: the county’s totals and a row per school, charts, and a CSV fetched with the token', async () => {
    await visit(county, platform!.base, '/reports');
    await county.waitForSelector('[data-testid=report-table]', { timeout: 15_000 });
    await county.waitForSelector(`[data-testid=report-row][data-org="${SCHOOL_A}"]`);
    const orgs = await attributes(county, '[data-testid=report-row]', 'data-org');
    expect([...orgs].sort()).toEqual([SCHOOL_A, '2161010002']);
    for (const chart of ['types', 'severity', 'severity-orgs', 'ack'])
      await county.waitForSelector(`[data-testid=report-chart-${chart}] canvas`);
    const rowA =
      (await county.locator(`[data-testid=report-row][data-org="${SCHOOL_A}"]`).textContent()) ?? '';
    expect(rowA).toContain('雁塔区第一小学');
    await shot(county, 'reports.png');

    const [download] = await Promise.all([
      county.waitForEvent('download'),
      county.click('[data-testid=report-csv]'),
    ]);
    expect(download.suggestedFilename()).toMatch(/^report-610113-.*\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('雁塔区第一小学');
    expect(csv).toContain('合计');
  });

  it('on a phone the screens stack and their tables scroll inside their own box', async () => {
    const { base } = platform!;
    await county.setViewportSize(PHONE);
    for (const [path, ready] of [
      ['/devices', '[data-testid=device-row]'],
      ['/hazards', '[data-testid=hazard-row]'],
      [`/inspections/${inspectionId}`, '[data-testid=inspection-item]'],
      ['/reports', '[data-testid=report-row]'],
      ['/risk-map', '[data-testid=risk-school]'],
    ] as const) {
      await visit(county, base, path);
      await county.waitForSelector(ready, { timeout: 15_000 });
      const { scrollWidth, innerWidth } = await horizontalOverflow(county);
      expect(scrollWidth, `${path} scrolls sideways on a phone`).toBeLessThanOrEqual(innerWidth);
    }
    await county.setViewportSize({ width: 1366, height: 768 });
  });
});
