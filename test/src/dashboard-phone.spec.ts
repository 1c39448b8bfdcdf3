import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '@campus/test-kit';
import { ApiUser } from './testing/api-client';
import { blockingViolations, formatViolations } from './testing/axe';
import { connectDevice } from './testing/device-client';
import {
  alertOf,
  DESKTOP,
  logIn,
  PHONE,
  publishEvent,
  screenshotOnFailure,
  screenshot,
  visit,
  type Viewport,
} from './testing/dashboard-page';
import { startTestPlatform, type TestPlatform } from './testing/test-platform';
import { SCHOOL_A } from './testing/test-sites';

/**
 * A guard at night on a phone (docs/user-guide.md, "On a phone, at night"): every action within a
 * thumb's reach and at least 44×44 px, the resolve dialog a bottom sheet, and a dark theme that
 * follows the system with readable text.
 */

/** The smallest box of the matched elements (all must be targets a thumb can hit). */
async function smallestBox(target: Locator): Promise<{ width: number; height: number; html: string }> {
  const boxes = await target.evaluateAll((els) =>
    els.map((e) => {
      const el = e as unknown as {
        getBoundingClientRect(): { width: number; height: number };
        outerHTML: string;
      };
      const r = el.getBoundingClientRect();
      return { width: r.width, height: r.height, html: el.outerHTML.slice(0, 100) };
    }),
  );
  expect(boxes.length, 'no element matched').toBeGreaterThan(0);
  return boxes.reduce((a, b) => (Math.min(b.width, b.height) < Math.min(a.width, a.height) ? b : a));
}

/** WCAG relative luminance of `rgb(r, g, b)`. */
function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/[\d.]+/g) ?? ['0', '0', '0']).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('a guard on a phone at night', () => {
  let platform: TestPlatform | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  let alertId = '';

  beforeAll(async () => {
    platform = await startTestPlatform();
    browser = await launchChromium();
    const school1 = await ApiUser.login(platform.base, 'school1');
    await publishEvent(platform.mqttUrl, SCHOOL_A, 'sos-0001', 'sos');
    alertId = (await alertOf(school1, 'sos-0001')).id;
  });
  screenshotOnFailure(contexts);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await platform?.stop();
  });

  async function open(viewport: Viewport, colorScheme: 'light' | 'dark'): Promise<Page> {
    const context = await browser!.newContext({ locale: 'zh-CN', viewport, colorScheme, bypassCSP: true });
    contexts.push(context);
    const page = await context.newPage();
    await logIn(page, platform!.base, 'school1');
    return page;
  }

  it('at 390×844 every action is a 44×44 px target and the resolve dialog is a bottom sheet', async () => {
    const page = await open(PHONE, 'light');
    const row = page.locator(`[data-testid=alert-row][data-alert-id="${alertId}"]`);
    await row.waitFor();
    for (const [what, target] of [
      ['sound toggle', page.locator('[data-testid=sound-toggle]')],
      ['menu', page.locator('[data-testid=menu]')],
      ['status filter', page.locator('.filters .el-radio-button__inner')],
      ['severity filter', page.locator('.filters .sev-button')],
      ['acknowledge', row.locator('[data-testid=ack]')],
      ['resolve', row.locator('[data-testid=resolve]')],
    ] as const) {
      const box = await smallestBox(target);
      expect(
        Math.min(box.width, box.height),
        `${what} is ${box.width}×${box.height}: ${box.html}`,
      ).toBeGreaterThanOrEqual(44);
    }

    await row.locator('[data-testid=resolve]').click();
    const dialog = page.locator('.el-dialog:has([data-testid=resolve-dialog])');
    await dialog.waitFor();
    // the sheet's opening animation ends with it resting on the bottom edge
    await expect
      .poll(
        async () => {
          const b = await dialog.boundingBox();
          return b ? Math.round(b.y + b.height) : 0;
        },
        { timeout: 5_000, message: 'the dialog rests on the bottom edge' },
      )
      .toBeGreaterThanOrEqual(PHONE.height - 1);
    const box = (await dialog.boundingBox())!;
    expect(box.y, 'a sheet, not a full-screen page').toBeGreaterThan(PHONE.height / 4);
    expect(box.width, 'the sheet spans the screen').toBeGreaterThanOrEqual(PHONE.width - 1);
    for (const [what, target] of [
      ['disposition', dialog.locator('[data-testid^=disposition-]')],
      ['submit', dialog.locator('[data-testid=resolve-submit]')],
      ['cancel', dialog.locator('.buttons .el-button')],
    ] as const) {
      const b = await smallestBox(target);
      expect(
        Math.min(b.width, b.height),
        `${what} is ${b.width}×${b.height}: ${b.html}`,
      ).toBeGreaterThanOrEqual(44);
    }
    await dialog.locator('[data-testid=disposition-false_alarm]').click();
    await dialog.locator('[data-testid=resolve-submit]').click();
    await page.waitForSelector(`[data-testid=alert-row][data-alert-id="${alertId}"]`, { state: 'detached' });
  });

  it('an SOS alert’s detail lists the device’s events instead of a battery line; a smoke alert charts its readings in °C', async () => {
    const page = await open(PHONE, 'light');
    await visit(page, platform!.base, `/alerts/${alertId}`);
    await page.locator('[data-testid=device-events] [data-testid=device-event]').first().waitFor();
    const chart = page.locator('[data-testid=telemetry-chart]');
    await chart.locator('[data-testid=telemetry-none]').waitFor();
    expect(await chart.getAttribute('data-metric'), 'no battery chart for an SOS').toBe('');

    const smoke = await connectDevice(platform!.mqttUrl, 'smk-0001');
    const now = Date.now();
    for (let i = 0; i < 4; i++) {
      const payload = { ts: now - (4 - i) * 60_000, metrics: { temperature: 25 + i, battery: 90 } };
      await smoke.publishAsync(`campus/v1/${SCHOOL_A}/smk-0001/telemetry`, JSON.stringify(payload), {
        qos: 1,
      });
    }
    await smoke.endAsync();
    await publishEvent(platform!.mqttUrl, SCHOOL_A, 'smk-0001', 'smoke');
    const school1 = await ApiUser.login(platform!.base, 'school1');
    const smokeAlert = await alertOf(school1, 'smk-0001');
    await visit(page, platform!.base, `/alerts/${smokeAlert.id}`);
    await expect.poll(() => chart.getAttribute('data-metric'), { timeout: 10_000 }).toBe('temperature');
    expect(await chart.getAttribute('data-unit')).toBe('°C');
    await page.locator('[data-testid=device-events]').waitFor();
  });

  it.each([
    { name: 'phone', size: PHONE },
    { name: 'desktop', size: DESKTOP },
  ])('states the sound once while the browser blocks it ($name)', async ({ size }) => {
    const page = await open(size, 'light');
    // a page load without a tap: the browser holds the audio back until the guard taps
    await visit(page, platform!.base, '/console');
    await page.locator('[data-testid=sound-unlock]').waitFor();
    // text a sighted guard sees: visually hidden names (1×1 px, for screen readers) do not count
    const visibleSoundText = await page
      .locator('[data-testid=sound-toggle], [data-testid=sound-unlock]')
      .evaluateAll((els) => {
        type El = {
          childNodes: ArrayLike<{ nodeType: number; textContent: string | null }>;
          querySelectorAll(s: string): ArrayLike<El>;
          getBoundingClientRect(): { width: number; height: number };
        };
        const seen: string[] = [];
        for (const root of els as unknown as El[]) {
          for (const el of [root, ...Array.from(root.querySelectorAll('*'))]) {
            const own = Array.from(el.childNodes)
              .filter((n) => n.nodeType === 3)
              .map((n) => n.textContent?.trim() ?? '')
              .join('');
            const r = el.getBoundingClientRect();
            if (own && r.width > 1 && r.height > 1) seen.push(own);
          }
        }
        return seen;
      });
    expect(visibleSoundText.length, `sound states: ${JSON.stringify(visibleSoundText)}`).toBeLessThanOrEqual(
      1,
    );
  });

  describe.each([
    { name: 'phone', size: PHONE },
    { name: 'desktop', size: DESKTOP },
  ])('with the system in dark mode ($name)', ({ size }) => {
    it.each([
      { screen: 'console', path: () => '/console', ready: '.console[data-live=true]' },
      { screen: 'alert detail', path: () => `/alerts/${alertId}`, ready: '[data-testid=alert-detail]' },
      { screen: 'hazards', path: () => '/hazards', ready: '.ops-page' },
      { screen: 'devices', path: () => '/devices', ready: '[data-testid=device-row]' },
    ])('$screen: a dark page, body text ≥ 4.5:1, no contrast violations', async ({ path, ready }) => {
      const page = await open(size, 'dark');
      await visit(page, platform!.base, path());
      await page.waitForSelector(ready, { timeout: 15_000 });
      const colours = await page.evaluate(() => {
        const g = globalThis as unknown as {
          document: { body: unknown; documentElement: { classList: { contains(c: string): boolean } } };
          getComputedStyle(el: unknown): { color: string; backgroundColor: string };
        };
        const body = g.getComputedStyle(g.document.body);
        return {
          dark: g.document.documentElement.classList.contains('dark'),
          text: body.color,
          bg: body.backgroundColor,
        };
      });
      expect(colours.dark, 'html.dark follows prefers-color-scheme').toBe(true);
      expect(luminance(colours.bg), `page background ${colours.bg} is dark`).toBeLessThan(0.05);
      expect(
        contrast(colours.text, colours.bg),
        `body text ${colours.text} on ${colours.bg}`,
      ).toBeGreaterThanOrEqual(4.5);
      const violations = (await blockingViolations(page)).filter((v) => v.id === 'color-contrast');
      // the user guide's picture of the console at night (npm run guide-images)
      if (path() === '/console' && size === PHONE) await screenshot(page, 'console-phone-dark.png');
      expect(
        violations.map((v) => v.id),
        formatViolations(violations),
      ).toEqual([]);
    });
  });
});
