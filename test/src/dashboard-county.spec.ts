import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, makeTempDir, waitFor, type TempDir } from '@campus/test-kit';
import { ApiUser } from './testing/api-client';
import { countySecret, writeCounty, type GeneratedCounty } from './testing/county-sites';
import { connectDevice } from './testing/device-client';
import {
  DESKTOP,
  logIn,
  openDashboard,
  publishEvent,
  screenshotOnFailure,
  screenshot,
  visit,
  type AlertJson,
} from './testing/dashboard-page';
import { startTestPlatform, type TestPlatform } from './testing/test-platform';

/**
 * Issue #11 point 3 in Chromium against the running platform started with a generated county of
 * 40 schools (docs/user-guide.md "区县视图"): the county officer's console is a dense table whose
 * cells never wrap at 1366×768, the devices screen puts the school with an offline device first
 * and shows a page of schools, not all 40, the risk overview puts schools with live alarms first,
 * and the not-inspected list says what it cuts.
 */

/**
 * The schools that raise an alarm: the guard's (the first) and the last 19 of the file, so
 * neither file nor name order would put them first.
 */
const ALARMED = [0, ...Array.from({ length: 19 }, (_, i) => 21 + i)];
/** The school with a device gone offline, and the one with a low battery. */
const OFFLINE_SCHOOL = 36;
const LOW_BATTERY_SCHOOL = 4;

interface CellCheck {
  wrapped: string[];
  rowHeights: number[];
  visibleRows: number;
}

/**
 * Runs in the page (a string, as the test project has no DOM lib): for every cell of the
 * console's rows, whether its text lies on more than one line (the text rectangles of one line
 * all overlap one horizontal band), each row's height, and how many rows lie wholly in the viewport.
 */
const CHECK_CELLS = `(() => {
  const rows = [...document.querySelectorAll('[data-testid=alert-row]')];
  const wrapped = [];
  for (const tr of rows) {
    for (const td of tr.cells) {
      const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
      const rects = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!n.textContent.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        for (const r of range.getClientRects()) if (r.width > 0) rects.push(r);
      }
      if (rects.length === 0) continue;
      const top = Math.max(...rects.map((r) => r.top));
      const bottom = Math.min(...rects.map((r) => r.bottom));
      if (top >= bottom) wrapped.push(td.textContent.trim());
    }
  }
  const rowHeights = rows.map((tr) => tr.getBoundingClientRect().height);
  const visibleRows = rows.filter((tr) => {
    const r = tr.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight;
  }).length;
  return { wrapped, rowHeights, visibleRows };
})()`;

/** The attribute of every element matching `selector`, in document order. */
function attributes(page: Page, selector: string, name: string): Promise<(string | null)[]> {
  return page
    .locator(selector)
    .evaluateAll(
      (els, n) => els.map((e) => (e as { getAttribute(a: string): string | null }).getAttribute(n)),
      name,
    );
}

describe('screens that hold a county of 40 schools (issue #11)', () => {
  let dir: TempDir | undefined;
  let county: GeneratedCounty;
  let platform: TestPlatform | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  let officer: Page;

  beforeAll(async () => {
    dir = await makeTempDir('county-40');
    county = await writeCounty(dir.path);
    platform = await startTestPlatform({ sitesFile: county.path });
    browser = await launchChromium();
    const { mqttUrl } = platform;

    // Live state for the devices screen: one school's sensor goes offline, another's detector
    // reports a low battery; the rest of the county has not been heard from (healthy, unknown).
    const s = county.schools[OFFLINE_SCHOOL]!;
    const gone = await connectDevice(mqttUrl, s.devices.temperature, {
      password: countySecret(s.devices.temperature),
    });
    const topic = (school: string, device: string, channel: string) =>
      `campus/v1/${school}/${device}/${channel}`;
    await gone.publishAsync(topic(s.code, s.devices.temperature, 'status'), '{"online":true}', { qos: 1 });
    await gone.publishAsync(topic(s.code, s.devices.temperature, 'status'), '{"online":false}', { qos: 1 });
    await gone.endAsync();
    const low = county.schools[LOW_BATTERY_SCHOOL]!;
    const weak = await connectDevice(mqttUrl, low.devices.smoke, {
      password: countySecret(low.devices.smoke),
    });
    await weak.publishAsync(
      topic(low.code, low.devices.smoke, 'telemetry'),
      JSON.stringify({ metrics: { battery: 10 } }),
      { qos: 1 },
    );
    await weak.endAsync();

    // A smoke alarm in each of 20 schools (red risk points: critical).
    for (const i of ALARMED) {
      const school = county.schools[i]!;
      await publishEvent(
        mqttUrl,
        school.code,
        school.devices.smoke,
        'smoke',
        countySecret(school.devices.smoke),
      );
    }
    // and a one-key alarm (a person in danger) in the guard's school
    const first = county.schools[0]!;
    await publishEvent(mqttUrl, first.code, first.devices.sos, 'sos', countySecret(first.devices.sos));
    const api = await ApiUser.login(platform.base, county.officer);
    await waitFor(
      async () => {
        const { body } = await api.request('GET', '/api/alerts?status=open');
        return (body as { items: AlertJson[] }).items.length >= ALARMED.length;
      },
      { timeoutMs: 30_000, what: `${ALARMED.length} open alerts in the county` },
    );
    await waitFor(
      async () => {
        const { body } = await api.request('GET', '/api/devices');
        const items = (body as { items: { id: string; online: boolean | null; lowBattery: boolean }[] })
          .items;
        return (
          items.find((d) => d.id === s.devices.temperature)?.online === false &&
          items.find((d) => d.id === low.devices.smoke)?.lowBattery === true
        );
      },
      { timeoutMs: 15_000, what: 'the devices API to show the offline sensor and the low battery' },
    );

    const opened = await openDashboard(browser, { viewport: DESKTOP });
    contexts.push(opened.context);
    officer = opened.page;
    await logIn(officer, platform.base, county.officer);
  });
  screenshotOnFailure(contexts);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await platform?.stop();
    await dir?.remove();
  });

  it('1366×768, county officer: the console is a dense table, no cell wraps, at least 12 rows on the first screen', async () => {
    await visit(officer, platform!.base, '/console');
    await officer.waitForSelector('.console[data-live=true]', { timeout: 20_000 });
    await expect
      .poll(() => officer.locator('[data-testid=alert-row]').count(), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(ALARMED.length);
    expect(await officer.locator('table.alerts').getAttribute('data-dense')).toBe('true');
    // the widest cells: a person in danger, and alarms escalated to the county (after 2 s)
    await officer.locator('[data-testid=person-in-danger]').first().waitFor({ timeout: 10_000 });
    await expect
      .poll(() => officer.locator('[data-testid=escalated]').count(), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(ALARMED.length);

    const check = (await officer.evaluate(CHECK_CELLS)) as CellCheck;
    expect(check.wrapped, 'cells whose text wraps onto a second line').toEqual([]);
    // one line of text and compact buttons: no row taller than 44 px
    expect(Math.max(...check.rowHeights)).toBeLessThanOrEqual(44);
    expect(check.visibleRows).toBeGreaterThanOrEqual(12);

    // The triage marks are short in the dense table, whole in their cell, the full words in the title.
    const marksInside = await officer
      .locator('[data-testid=escalated], [data-testid=person-in-danger]')
      .evaluateAll((els) =>
        els.map((el) => {
          const e = el as unknown as {
            getBoundingClientRect(): { right: number };
            closest(s: string): { getBoundingClientRect(): { right: number } } | null;
          };
          return e.getBoundingClientRect().right <= (e.closest('td')?.getBoundingClientRect().right ?? 0);
        }),
      );
    expect(marksInside.length).toBeGreaterThan(ALARMED.length);
    expect(marksInside.every(Boolean), 'a triage mark cut off by its cell').toBe(true);
    const escalated = officer.locator('[data-testid=escalated]').first();
    expect(await escalated.textContent()).toMatch(/区县 \d+(秒|分)/);
    expect(await escalated.getAttribute('title')).toMatch(/^已升级至区县 · 已等待 \d+(秒|分)/);
    expect(await officer.locator('[data-testid=person-in-danger]').first().getAttribute('title')).toBe(
      '人员求救',
    );

    // A long school name is cut with an ellipsis and its full name is in the title.
    const long = county.schools[29]!;
    const cell = officer.locator(`[data-testid=alert-row][data-school="${long.code}"] td.school`);
    expect(await cell.getAttribute('title')).toBe(long.name);
    const fits = await cell.evaluate((el) => {
      const td = el as unknown as { scrollWidth: number; clientWidth: number };
      return td.scrollWidth <= td.clientWidth;
    });
    expect(fits, 'the long name overflows its cell (cut by the ellipsis)').toBe(false);
    await screenshot(officer, 'county-console.png');
  });

  it('1366×768, the school guard keeps the larger rows', async () => {
    const opened = await openDashboard(browser!, { viewport: DESKTOP });
    contexts.push(opened.context);
    const guard = opened.page;
    await logIn(guard, platform!.base, county.guard);
    const row = guard.locator('[data-testid=alert-row]').first();
    await row.waitFor({ timeout: 15_000 });
    expect(await guard.locator('table.alerts').getAttribute('data-dense')).toBe('false');
    const height = await row.evaluate(
      (el) =>
        (el as unknown as { getBoundingClientRect(): { height: number } }).getBoundingClientRect().height,
    );
    expect(height).toBeGreaterThan(44);
    await opened.context.close();
  });

  it('devices: grouped by school, the school with an offline device first, a page of schools and what is left', async () => {
    await visit(officer, platform!.base, '/devices');
    await officer.waitForSelector('[data-testid=device-group]', { timeout: 15_000 });
    const groups = await attributes(officer, '[data-testid=device-group]', 'data-school');
    expect(groups[0]).toBe(county.schools[OFFLINE_SCHOOL]!.code);
    expect(groups[1]).toBe(county.schools[LOW_BATTERY_SCHOOL]!.code);
    // not every school at once: a page of 8, and the list says how many it leaves out
    expect(groups.length).toBe(8);
    const more = officer.locator('[data-testid=device-groups-more]');
    expect(await more.textContent()).toContain('还有 32 所学校未显示');
    const offlineRow = officer.locator(
      `[data-testid=device-group][data-school="${groups[0]}"] [data-testid=device-row]`,
    );
    expect(await offlineRow.first().getAttribute('data-online')).toBe('false');
    const pageHeight = await officer.evaluate(() => {
      const d = (globalThis as unknown as { document: { documentElement: { scrollHeight: number } } })
        .document;
      return d.documentElement.scrollHeight;
    });
    expect(pageHeight).toBeLessThan(4_000);
    await screenshot(officer, 'county-devices.png');

    await more.locator('button').click();
    await expect
      .poll(() => officer.locator('[data-testid=device-group]').count(), { timeout: 5_000 })
      .toBe(16);
    expect(await more.textContent()).toContain('还有 24 所学校未显示');
  });

  it('risk overview: schools with live alarms first, not 40 identical cards in file order', async () => {
    await visit(officer, platform!.base, '/risk-map');
    await officer.waitForSelector('[data-testid=risk-school]', { timeout: 15_000 });
    await expect
      .poll(
        async () =>
          (await attributes(officer, '[data-testid=risk-school]', 'data-alerts'))
            .slice(0, ALARMED.length)
            .every((n) => Number(n) > 0),
        { timeout: 15_000 },
      )
      .toBe(true);
    const alerts = (await attributes(officer, '[data-testid=risk-school]', 'data-alerts')).map(Number);
    expect(alerts).toHaveLength(40);
    // Every school with a live alarm stands before every school without one …
    const firstCalm = alerts.findIndex((n) => n === 0);
    expect(firstCalm).toBeGreaterThanOrEqual(ALARMED.length);
    expect(alerts.slice(firstCalm).every((n) => n === 0)).toBe(true);
    // … and those are the schools that raised one (the offline sensor's school among them).
    const codes = await attributes(officer, '[data-testid=risk-school]', 'data-school');
    const first = new Set(codes.slice(0, firstCalm));
    for (const i of ALARMED) expect(first.has(county.schools[i]!.code), county.schools[i]!.name).toBe(true);
  });

  it('inspections: the not-inspected list shows 12 of 40 schools and says how many it leaves out', async () => {
    await visit(officer, platform!.base, '/inspections');
    const panel = officer.locator('[data-testid=inspection-coverage]');
    await panel.waitFor({ timeout: 15_000 });
    expect(await panel.locator('ul.uncovered li').count()).toBe(12);
    const more = panel.locator('[data-testid=uncovered-more]');
    expect(await more.textContent()).toContain('还有 28 所');
    await more.locator('button').click();
    await expect.poll(() => panel.locator('ul.uncovered li').count(), { timeout: 5_000 }).toBe(40);
    expect(await more.count()).toBe(0);
  });
});
