import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiUser } from './testing/api-client';
import { launchChromium, waitFor } from '@campus/test-kit';
import { connectDevice } from './testing/device-client';
import {
  alertOf,
  chooseOption,
  dayFromNow,
  fillDate,
  logIn,
  openDashboard,
  publishEvent,
  screenshot,
  visit,
  type AlertJson,
  screenshotOnFailure,
} from './testing/dashboard-page';
import { startTestPlatform, type TestPlatform } from './testing/test-platform';
import { SCHOOL_A, SCHOOL_B } from './testing/test-sites';

/** test/fixtures/test-province.yaml: county 610113 (yanta) has two schools; 610302 is another county. */
const SCHOOL_A2 = '2161010002';
const SMK_A2_SECRET = 's3cret-smk-0201';

const AUTO_ITEMS = [
  'patrol_checkins',
  'gate_records',
  'one_key_alarm_tested',
  'camera_online_rate',
  'detector_online_rate',
  'open_hazards',
  'overdue_hazards',
  'unacknowledged_alerts',
];
const MANUAL_ITEMS = [
  'fire_exits_clear',
  'extinguishers_in_date',
  'guards_on_duty',
  'emergency_plan_posted',
  'video_retained_30d',
];

interface InspectionJson {
  id: string;
  school: string;
  status: string;
  items: { key: string; result: string | null }[];
  findings: { id: string; title: string; grade: string; hazardId: string }[];
}
interface HazardJson {
  id: string;
  school: string;
  title: string;
}

/** Row ids and schools of the console as it is now. */
async function consoleRows(page: Page): Promise<{ id: string | null; school: string | null }[]> {
  return page.locator('[data-testid=alert-row]').evaluateAll((rows) =>
    rows.map((r) => {
      const el = r as { getAttribute(name: string): string | null };
      return { id: el.getAttribute('data-alert-id'), school: el.getAttribute('data-school') };
    }),
  );
}

/**
 * Readings of the smoke detector over the ten minutes before its alarm, so the alert detail has
 * telemetry to chart around the alert time.
 */
async function publishTelemetryBefore(mqttUrl: string, device: string): Promise<void> {
  const client = await connectDevice(mqttUrl, device);
  const now = Date.now();
  for (let i = 0; i < 10; i++) {
    const payload = { ts: now - (10 - i) * 60_000, metrics: { temperature: 24 + i * 1.5, battery: 87 } };
    await client.publishAsync(`campus/v1/${SCHOOL_A}/${device}/telemetry`, JSON.stringify(payload), {
      qos: 1,
    });
  }
  await client.endAsync();
}

describe('a county official: the county’s alerts only, and an online inspection whose finding reaches the school', () => {
  let platform: TestPlatform | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  let county: Page;
  let yanta: ApiUser;
  const alerts: Record<'a' | 'a2' | 'b', AlertJson | undefined> = {
    a: undefined,
    a2: undefined,
    b: undefined,
  };
  const findingTitle = `消防通道堆放杂物 ${Date.now().toString(36)}`;
  let inspection: InspectionJson | undefined;

  beforeAll(async () => {
    platform = await startTestPlatform();
    browser = await launchChromium();
    yanta = await ApiUser.login(platform.base, 'yanta');
  });
  screenshotOnFailure(contexts);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await platform?.stop();
  });

  async function newPage(): Promise<Page> {
    const { context, page } = await openDashboard(browser!);
    contexts.push(context);
    return page;
  }

  it('shows the county user the alerts of both schools of the county and none of another county', async () => {
    const { base, mqttUrl } = platform!;
    const province = await ApiUser.login(base, 'shaanxi');
    await publishTelemetryBefore(mqttUrl, 'smk-0001');
    await publishEvent(mqttUrl, SCHOOL_A, 'smk-0001', 'smoke');
    await publishEvent(mqttUrl, SCHOOL_A2, 'smk-0201', 'smoke', SMK_A2_SECRET);
    await publishEvent(mqttUrl, SCHOOL_B, 'smk-0101', 'smoke');
    alerts.a = await alertOf(province, 'smk-0001');
    alerts.a2 = await alertOf(province, 'smk-0201');
    alerts.b = await alertOf(province, 'smk-0101');

    county = await newPage();
    await logIn(county, base, 'yanta');
    for (const a of [alerts.a, alerts.a2]) {
      await county.waitForSelector(`[data-testid=alert-row][data-alert-id="${a.id}"]`, { timeout: 10_000 });
    }
    const rows = await consoleRows(county);
    expect(rows.map((r) => r.id).sort()).toEqual([alerts.a.id, alerts.a2.id].sort());
    expect(rows.map((r) => r.school).sort()).toEqual([SCHOOL_A, SCHOOL_A2].sort());
    expect(
      await county.locator(`[data-alert-id="${alerts.b.id}"], [data-school="${SCHOOL_B}"]`).count(),
    ).toBe(0);

    // Live too: an alert of the other county broadcast before one of the county's own never shows.
    await publishEvent(mqttUrl, SCHOOL_B, 'smk-0101', 'fire');
    const outsideLive = await waitFor(
      async () =>
        ((await province.request('GET', '/api/alerts')).body as { items: AlertJson[] }).items.find(
          (a) => a.device === 'smk-0101' && a.type === 'fire',
        ),
      { what: 'the other county’s fire alert' },
    );
    await publishEvent(mqttUrl, SCHOOL_A2, 'smk-0201', 'fire', SMK_A2_SECRET);
    await county.waitForSelector(`[data-testid=alert-row][data-school="${SCHOOL_A2}"] >> nth=1`, {
      timeout: 5_000,
    });
    expect(
      await county.locator(`[data-alert-id="${outsideLive.id}"], [data-school="${SCHOOL_B}"]`).count(),
    ).toBe(0);
    expect((await consoleRows(county)).map((r) => r.school).sort()).toEqual([SCHOOL_A, SCHOOL_A2, SCHOOL_A2]);

    const tree = county.locator('[data-testid=org-tree]');
    await tree.waitFor({ timeout: 10_000 });
    await expect.poll(() => tree.textContent(), { timeout: 5_000 }).toContain('雁塔区第二中学');
    const text = (await tree.textContent()) ?? '';
    for (const name of ['雁塔区', '雁塔区第一小学', '雁塔区第二中学']) expect(text).toContain(name);
    for (const name of ['渭滨区', '渭滨区实验小学', '宝鸡市', '西安市', '陕西省'])
      expect(text).not.toContain(name);
    await screenshot(county, 'console-county.png');
  });

  it('opens an alert’s detail: where, the timeline with the notifications, and the telemetry chart', async () => {
    const a = alerts.a!;
    await county
      .locator(`[data-testid=alert-row][data-alert-id="${a.id}"] [data-testid=open-detail]`)
      .click();
    const detail = county.locator('[data-testid=alert-detail]');
    await detail.waitFor({ timeout: 10_000 });
    await county.waitForSelector('[data-testid=timeline-item][data-kind=notified]', { timeout: 15_000 });
    await county.waitForSelector('[data-testid=telemetry-chart] canvas, [data-testid=telemetry-chart] svg', {
      timeout: 10_000,
    });
    const where = (await detail.textContent()) ?? '';
    for (const part of ['雁塔区第一小学', '实验楼', '化学实验室']) expect(where).toContain(part);
    await screenshot(county, 'county-alert-detail.png');
  });

  it('runs an inspection of a school through the workspace: a failed item, a finding, completed, a printable report', async () => {
    const { base } = platform!;
    await visit(county, base, '/inspections');
    await county.waitForSelector('[data-testid=inspection-start]', { timeout: 10_000 });
    await chooseOption(county, county.locator('[data-testid=inspection-school]'), {
      value: SCHOOL_A,
      label: '雁塔区第一小学',
    });
    await county.click('[data-testid=inspection-start]');
    await county.waitForURL(/\/inspections\/[^/]+$/, { timeout: 10_000 });
    await county.waitForSelector('[data-testid=inspection-item]', { timeout: 10_000 });
    const id = decodeURIComponent(new URL(county.url()).pathname.split('/').at(-1)!);
    const read = async () => (await yanta.request('GET', `/api/inspections/${id}`)).body as InspectionJson;
    expect((await read()).school).toBe(SCHOOL_A);
    const keys = await county
      .locator('[data-testid=inspection-item]')
      .evaluateAll((els) =>
        els.map((e) => (e as { getAttribute(n: string): string | null }).getAttribute('data-key')),
      );
    expect([...keys].sort()).toEqual([...AUTO_ITEMS, ...MANUAL_ITEMS].sort());

    await county
      .locator('[data-testid=inspection-item][data-key=fire_exits_clear] [data-testid=item-fail]')
      .click();
    await waitFor(
      async () => (await read()).items.find((i) => i.key === 'fire_exits_clear')?.result === 'fail',
      {
        what: 'the failed manual item saved',
      },
    );

    await county.fill('[data-testid=finding-title]', findingTitle);
    await chooseOption(county, county.locator('[data-testid=finding-grade]'), {
      value: 'major',
      label: '重大',
    });
    await fillDate(county.locator('[data-testid=finding-deadline]'), dayFromNow(14));
    await county.click('[data-testid=finding-submit]');
    await county
      .locator('[data-testid=finding-row]')
      .filter({ hasText: findingTitle })
      .waitFor({ timeout: 10_000 });
    const finding = (await read()).findings.find((f) => f.title === findingTitle);
    expect(finding?.grade).toBe('major');
    expect(finding?.hazardId).toBeTruthy();

    // Completing may ask for confirmation (a dialog): confirm it until the record says completed.
    await county.click('[data-testid=inspection-complete]');
    inspection = await waitFor(
      async () => {
        const now = await read();
        if (now.status === 'completed') return now;
        const confirm = county
          .locator('.el-message-box .el-button--primary, [role=dialog] .el-button--primary')
          .first();
        // A dialog closing still counts as visible for a moment: a short click, tried again next round.
        if (await confirm.isVisible()) await confirm.click({ timeout: 1_000 }).catch(() => undefined);
        return undefined;
      },
      { timeoutMs: 15_000, intervalMs: 200, what: 'the inspection completed' },
    );
    await county.waitForSelector('[data-testid=inspection-report-link]', { timeout: 10_000 });
    await screenshot(county, 'county-inspection.png');

    const link = county.locator('[data-testid=inspection-report-link]');
    const target = await link.getAttribute('target');
    let report = county;
    if (target === '_blank') {
      [report] = await Promise.all([county.context().waitForEvent('page'), link.click()]);
    } else {
      await link.click();
    }
    const printable = report.locator('[data-testid=inspection-report]');
    await printable.waitFor({ timeout: 10_000 });
    await expect.poll(() => printable.textContent(), { timeout: 5_000 }).toContain(findingTitle);
    expect(await printable.textContent()).toContain('雁塔区第一小学');
    await screenshot(report, 'county-inspection-report.png');
    if (report !== county) await report.close();
  });

  it('the finding is a hazard the school’s own user sees in the hazard register', async () => {
    const { base } = platform!;
    const finding = inspection!.findings.find((f) => f.title === findingTitle)!;
    const school1 = await ApiUser.login(base, 'school1');
    const hazards = (await school1.request('GET', '/api/hazards')).body as { items: HazardJson[] };
    expect(hazards.items.find((h) => h.id === finding.hazardId)?.title).toBe(findingTitle);

    const school = await newPage();
    await logIn(school, base, 'school1');
    await visit(school, base, '/hazards');
    const row = school.locator(`[data-testid=hazard-row][data-hazard-id="${finding.hazardId}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await row.textContent()).toContain(findingTitle);
    await screenshot(school, 'county-hazards.png');
  });

  it('shows the county’s report: a row per school of the county', async () => {
    const { base } = platform!;
    await visit(county, base, '/reports');
    await county.waitForSelector('[data-testid=report-table]', { timeout: 10_000 });
    for (const school of [SCHOOL_A, SCHOOL_A2]) {
      await county.waitForSelector(`[data-testid=report-row][data-org="${school}"]`, { timeout: 10_000 });
    }
    expect(await county.locator(`[data-testid=report-row][data-org="${SCHOOL_B}"]`).count()).toBe(0);
    // The report counts this period's hazards: the inspection's finding is one at school A.
    const report = (await yanta.request('GET', '/api/reports')).body as {
      rows: { org: string; alerts: { total: number }; hazards: { total: number } }[];
    };
    const rowA = report.rows.find((r) => r.org === SCHOOL_A);
    expect(rowA?.alerts.total).toBe(1);
    expect(rowA?.hazards.total).toBeGreaterThanOrEqual(1);
    await screenshot(county, 'county-reports.png');
  });
});
