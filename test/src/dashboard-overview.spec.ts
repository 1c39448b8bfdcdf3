import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, makeTempDir, waitFor, type TempDir } from '@campus/test-kit';
import { ApiUser } from './testing/api-client';
import { blockingViolations, formatViolations } from './testing/axe';
import {
  COUNTY_SCHOOL_COUNT,
  countySecret,
  UNPLACED,
  writeCounty,
  type CountySchool,
  type GeneratedCounty,
} from './testing/county-sites';
import {
  DESKTOP,
  openDashboard,
  publishEvent,
  screenshotOnFailure,
  screenshot,
  type AlertJson,
} from './testing/dashboard-page';
import { startTestPlatform, type TestPlatform } from './testing/test-platform';

/**
 * Issue #11 point 4 in Chromium against the running platform with the generated county of 40
 * schools (docs/user-guide.md "态势总览"): the county officer signs in and lands on the overview;
 * the map shows every school, the alarmed ones in their colours (a school without coordinates in
 * the schematic); the league table puts the school with two unacknowledged alarms first, re-sorts
 * by a header click and never wraps a cell at 1366×768; an alarm raised while the officer watches
 * arrives without a reload; "升级到我这里的告警" lists the alarms escalated to the county (after 2 s,
 * the generated file's policy) and links to their detail.
 */

/** A: one unacknowledged alarm (raised while the officer watches); B: two; C: one, acknowledged (no coordinates). */
const A = 5;
const B = 12;
const C = UNPLACED[1]!;

/**
 * Runs in the page (a string: the test project has no DOM lib): the text of every league-table
 * cell (header included) whose text lies on more than one line, and whether the table is wider than its box.
 */
const CHECK_TABLE = `(() => {
  const cells = [...document.querySelectorAll('[data-testid=league-table] th, [data-testid=league-table] td')];
  const wrapped = [];
  for (const td of cells) {
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
  const table = document.querySelector('[data-testid=league-table]');
  const box = table.parentElement;
  return { wrapped, overflow: table.getBoundingClientRect().width - box.clientWidth };
})()`;

function attributes(page: Page, selector: string, name: string): Promise<(string | null)[]> {
  return page
    .locator(selector)
    .evaluateAll(
      (els, n) => els.map((e) => (e as { getAttribute(a: string): string | null }).getAttribute(n)),
      name,
    );
}
const dotState = (page: Page, school: CountySchool) =>
  page.locator(`[data-testid=overview-dot][data-school="${school.code}"]`).getAttribute('data-state');

describe('the officials’ overview (态势总览, issue #11 point 4)', () => {
  let dir: TempDir | undefined;
  let county: GeneratedCounty;
  let platform: TestPlatform | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  let officer: Page;
  let api: ApiUser;
  /** School C's alarm, acknowledged. */
  let cAlert = '';
  const alarm = async (i: number, device: 'smoke' | 'sos') => {
    const s = county.schools[i]!;
    await publishEvent(
      platform!.mqttUrl,
      s.code,
      s.devices[device],
      device === 'smoke' ? 'smoke' : 'sos',
      countySecret(s.devices[device]),
    );
  };
  const openAlerts = async (): Promise<AlertJson[]> =>
    ((await api.request('GET', '/api/alerts?status=open')).body as { items: AlertJson[] }).items;

  beforeAll(async () => {
    dir = await makeTempDir('overview-40');
    county = await writeCounty(dir.path);
    platform = await startTestPlatform({ sitesFile: county.path });
    browser = await launchChromium();
    api = await ApiUser.login(platform.base, county.officer);

    // B: a smoke alarm and a one-key alarm; C: a smoke alarm, acknowledged.
    await alarm(B, 'smoke');
    await alarm(B, 'sos');
    await alarm(C, 'smoke');
    const c = await waitFor(
      async () => (await openAlerts()).find((a) => a.school === county.schools[C]!.code),
      { timeoutMs: 15_000, what: 'the alarm of school C' },
    );
    const ack = await api.request('POST', `/api/alerts/${c.id}/ack`, {});
    expect(ack.status).toBe(200);
    cAlert = c.id;
    await waitFor(
      async () => (await openAlerts()).filter((a) => a.school === county.schools[B]!.code).length === 2,
      {
        timeoutMs: 15_000,
        what: 'the two alarms of school B',
      },
    );

    const opened = await openDashboard(browser, { viewport: DESKTOP });
    contexts.push(opened.context);
    officer = opened.page;
  });
  screenshotOnFailure(contexts);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await platform?.stop();
    await dir?.remove();
  });

  it('1366×768: the county officer signs in and lands on the overview; every school is a dot, coloured by its state', async () => {
    await officer.goto(platform!.base);
    await officer.fill('input[name=username]', county.officer);
    await officer.fill('input[name=password]', 'demo-pass');
    await officer.click('[data-testid=login]');
    await officer.waitForSelector('.overview[data-live=true]', { timeout: 20_000 });
    expect(new URL(officer.url()).pathname).toBe('/overview');

    expect(await officer.locator('[data-testid=overview-dot]').count()).toBe(COUNTY_SCHOOL_COUNT);
    const schools = county.schools;
    await expect.poll(() => dotState(officer, schools[B]!), { timeout: 10_000 }).toBe('alarm');
    expect(await dotState(officer, schools[C]!)).toBe('acknowledged');
    const states = await attributes(officer, '[data-testid=overview-dot]', 'data-state');
    expect(states.filter((s) => s === 'alarm')).toHaveLength(1);
    // the others by the risk grade of their points (a red smoke detector in every school)
    expect(states.filter((s) => s === 'risk-red')).toHaveLength(COUNTY_SCHOOL_COUNT - 2);
    // the red of an alarm is not the red of a risk grade
    const fill = (code: string) =>
      officer.locator(`[data-testid=overview-dot][data-school="${code}"] circle`).last().getAttribute('fill');
    expect(await fill(schools[B]!.code)).not.toBe(await fill(schools[0]!.code));
    // each dot says what it is, in words
    expect(
      await officer
        .locator(`[data-testid=overview-dot][data-school="${schools[B]!.code}"]`)
        .getAttribute('aria-label'),
    ).toBe(`${schools[B]!.name}：有未确认告警`);
    // the schools without coordinates are in the schematic, below the located ones
    const y = async (i: number) =>
      Number(
        await officer
          .locator(`[data-testid=overview-dot][data-school="${schools[i]!.code}"] circle`)
          .last()
          .getAttribute('cy'),
      );
    const located = await Promise.all([0, A, B].map(y));
    for (const i of UNPLACED) expect(await y(i)).toBeGreaterThan(Math.max(...located));
    expect(await officer.locator('[data-testid=overview-legend] li').count()).toBe(8);

    // an alarm raised now arrives live (socket.io), without a reload
    await alarm(A, 'smoke');
    await expect.poll(() => dotState(officer, schools[A]!), { timeout: 15_000 }).toBe('alarm');
    await expect.poll(() => officer.textContent('[data-testid=today-opened]'), { timeout: 15_000 }).toBe('4');
    expect(await officer.textContent('[data-testid=today-acknowledged]')).toBe('1');
    expect(await officer.textContent('[data-testid=today-waiting]')).toBe('3');
    expect(await officer.locator('[data-testid=overview-trend] li').count()).toBe(7);
    expect(await officer.textContent('[data-testid=overview-coverage]')).toContain('0 / 40 所');
  });

  it('the league table: B then A by unacknowledged alarms; a header click re-sorts; no cell wraps; says what it cuts', async () => {
    const schools = county.schools;
    await expect
      .poll(async () => (await attributes(officer, '[data-testid=league-row]', 'data-school')).slice(0, 2), {
        timeout: 15_000,
      })
      .toEqual([schools[B]!.code, schools[A]!.code]);
    expect(await officer.locator('[data-testid=league-row]').count()).toBe(20);
    expect(await officer.textContent('[data-testid=league-more]')).toContain('还有 20 所学校未显示');
    const first = officer.locator('[data-testid=league-row]').first();
    expect(await first.locator('td.unacknowledged').textContent()).toContain('2');
    expect(await first.locator('td.severity').textContent()).toContain('紧急');

    const check = (await officer.evaluate(CHECK_TABLE)) as { wrapped: string[]; overflow: number };
    expect(check.wrapped, 'cells whose text wraps onto a second line').toEqual([]);
    expect(check.overflow, 'the table is wider than the page').toBeLessThanOrEqual(0);
    // zh-CN without English words or internal codes
    const text = (await officer.textContent('[data-testid=league-table]')) ?? '';
    expect(text).not.toMatch(/[A-Za-z]{3,}/);
    expect(text).not.toMatch(/\d{10}/);
    await screenshot(officer, 'overview.png');

    // by acknowledged alarms: C alone has one
    await officer.click('[data-testid=sort-acknowledged]');
    await expect
      .poll(async () => (await attributes(officer, '[data-testid=league-row]', 'data-school'))[0])
      .toBe(schools[C]!.code);
    expect(await officer.locator('th.acknowledged').getAttribute('aria-sort')).toBe('descending');
    expect(await officer.textContent('[data-testid=league-sorted]')).toContain('已确认');
    // by name, A→Z in Chinese collation
    await officer.click('[data-testid=sort-school]');
    const names = await officer.locator('[data-testid=league-row] td.school').allTextContents();
    const all = schools.map((s) => s.name).sort(new Intl.Collator('zh-CN').compare);
    expect(names.map((n) => n.trim())).toEqual(all.slice(0, 20));
    await officer.click('[data-testid=sort-school]');
    expect(await officer.locator('th.school').getAttribute('aria-sort')).toBe('descending');
    expect((await officer.locator('[data-testid=league-row] td.school').first().textContent())?.trim()).toBe(
      all.at(-1),
    );
  });

  it('“升级到我这里的告警” lists the alarms escalated to the county, oldest first, each linking to its detail', async () => {
    const b = county.schools[B]!;
    const items = officer.locator('[data-testid=escalated-item]');
    await expect.poll(() => items.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    const escalated = (await openAlerts()).filter((a) => a.level !== 'school');
    const listed = await attributes(officer, '[data-testid=escalated-item]', 'data-alert-id');
    expect([...listed].sort()).toEqual(escalated.map((a) => a.id).sort());
    // C's alarm, acknowledged, is not waiting for anyone: not there
    expect(listed).not.toContain(cAlert);
    const firstItem = items.first();
    expect(await firstItem.textContent()).toContain(b.name);
    expect(await firstItem.textContent()).toContain('已升级至区县');

    await firstItem.locator('a').click();
    await officer.waitForURL(`**/alerts/${listed[0]}`);
    await officer.locator('[data-testid=alert-detail]').waitFor();
  });

  it('honest states: placeholders while loading, a failed read said in Chinese and retried, then live', async () => {
    let answered = 0;
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    // the first read hangs, then three reads fail as a proxy would (an English 503 page)
    await officer.route('**/api/overview**', async (route) => {
      answered += 1;
      if (answered === 1) await held;
      if (answered <= 3) {
        await route.fulfill({ status: 503, contentType: 'text/html', body: '<h1>Service Unavailable</h1>' });
        return;
      }
      await route.continue();
    });
    try {
      await officer.goto(`${platform!.base}/overview`);
      await officer.locator('[data-testid=overview-loading]').waitFor({ timeout: 15_000 });
      expect(await officer.locator('.overview').getAttribute('data-live')).toBe('false');
      release();
      const error = officer.locator('[data-testid=overview-error]');
      await error.waitFor({ timeout: 15_000 });
      expect(await error.textContent()).toContain('态势加载失败');
      expect(await error.textContent()).not.toMatch(/Service|Unavailable/);
      await expect
        .poll(() => officer.locator('[data-testid=live-indicator]').getAttribute('data-state'), {
          timeout: 10_000,
        })
        .toBe('incomplete');
      expect(await officer.textContent('[data-testid=live-indicator]')).toContain('不完整');
      // retried by itself (1 s, 2 s, 4 s): live again, the error gone
      await officer.waitForSelector('.overview[data-live=true]', { timeout: 30_000 });
      expect(await error.count()).toBe(0);
      expect(answered).toBeGreaterThanOrEqual(4);
    } finally {
      release();
      await officer.unroute('**/api/overview**');
    }
  });

  it('a click on a dot opens the console filtered to that school; no serious axe violations', async () => {
    await officer.goto(`${platform!.base}/overview`);
    await officer.waitForSelector('.overview[data-live=true]', { timeout: 20_000 });
    const violations = await blockingViolations(officer);
    expect(
      violations.map((v) => v.id),
      formatViolations(violations),
    ).toEqual([]);
    const a = county.schools[A]!;
    await officer.locator(`[data-testid=overview-dot][data-school="${a.code}"]`).click();
    await officer.waitForSelector('.console[data-live=true]', { timeout: 15_000 });
    await expect.poll(() => attributes(officer, '[data-testid=alert-row]', 'data-school')).toEqual([a.code]);
  });
});
