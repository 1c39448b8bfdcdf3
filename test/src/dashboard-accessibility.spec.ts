import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiUser } from './testing/api-client';
import { blockingViolations, formatViolations } from './testing/axe';
import { launchChromium } from '@campus/test-kit';
import { connectDevice } from './testing/device-client';
import {
  alertOf,
  DESKTOP,
  horizontalOverflow,
  logIn,
  openDashboard,
  PHONE,
  publishEvent,
  visit,
  type Viewport,
  screenshotOnFailure,
} from './testing/dashboard-page';
import { startTestPlatform, type TestPlatform } from './testing/test-platform';
import { SCHOOL_A, TEST_SITES_PATH } from './testing/test-sites';
import { formatUnreadable, unreadableText } from './testing/readable-text';
import { jpegBytes } from '@campus/alerting/testing';
import { readFileSync } from 'node:fs';

type Who = 'anonymous' | 'school1' | 'yanta';

/** Ids of the records the screens show, made in `beforeAll`. */
interface Records {
  alertId?: string;
  inspectionId?: string;
  /** A hazard the platform registered itself (a device fault), and one registered from a report. */
  hazardId?: string;
  /** A hazard report registered as a hazard. */
  reportId?: string;
  /** Why a record could not be made (the API it needs may not exist yet). */
  problems: string[];
}

interface Screen {
  name: string;
  /** A school guard's screens as the guard, the county's as the county official. */
  who: Who;
  path(records: Records): string;
  /** What is on the page once the screen has loaded its data. */
  ready: string[];
}

const SCREENS: Screen[] = [
  { name: 'login', who: 'anonymous', path: () => '/', ready: ['[data-testid=login]'] },
  {
    name: 'console',
    who: 'school1',
    path: () => '/console',
    ready: ['.console[data-live=true]', '[data-testid=alert-row]'],
  },
  {
    name: 'alert detail',
    who: 'school1',
    path: (r) => `/alerts/${r.alertId ?? 'missing'}`,
    ready: ['[data-testid=alert-detail]', '[data-testid=timeline-item]', '[data-testid=telemetry-chart]'],
  },
  { name: 'devices', who: 'school1', path: () => '/devices', ready: ['[data-testid=device-row]'] },
  {
    name: 'risk map',
    who: 'school1',
    path: () => '/risk-map',
    ready: ['[data-testid=risk-map]', '[data-testid=risk-cell]'],
  },
  { name: 'hazards', who: 'school1', path: () => '/hazards', ready: ['[data-testid=hazard-row]'] },
  {
    name: 'inspections',
    who: 'yanta',
    path: () => '/inspections',
    ready: ['[data-testid=inspection-start]'],
  },
  {
    name: 'an inspection',
    who: 'yanta',
    path: (r) => `/inspections/${r.inspectionId ?? 'missing'}`,
    ready: ['[data-testid=inspection-item]'],
  },
  {
    name: 'overview',
    who: 'yanta',
    path: () => '/overview',
    ready: ['.overview[data-live=true]', '[data-testid=overview-dot]', '[data-testid=league-row]'],
  },
  {
    name: 'reports',
    who: 'yanta',
    path: () => '/reports',
    ready: ['[data-testid=report-table]', '[data-testid=report-row]'],
  },
  { name: 'roll-calls', who: 'yanta', path: () => '/roll-calls', ready: ['[data-testid=roll-call-start]'] },
  {
    name: 'rules',
    who: 'yanta',
    path: () => '/registry/rules',
    ready: ['[data-testid=rules-list][data-loaded=true]'],
  },
];

/** The screens a guard and an official read, with data on them, for the readable-text check. */
type ReadScreen = Omit<Screen, 'who'> & { readyAs?: Partial<Record<Who, string[]>> };
const READ_SCREENS: ReadScreen[] = [
  { name: 'console', path: () => '/console', ready: ['.console[data-live=true]', '[data-testid=alert-row]'] },
  {
    name: 'alert detail',
    path: (r) => `/alerts/${r.alertId ?? 'missing'}`,
    ready: ['[data-testid=alert-detail]', '[data-testid=timeline-item]', '[data-testid=telemetry-chart]'],
  },
  { name: 'devices', path: () => '/devices', ready: ['[data-testid=device-row]'] },
  {
    name: 'risk map',
    // an official picks the school; a guard's map is the school's own
    path: () => `/risk-map?school=${SCHOOL_A}`,
    ready: ['[data-testid=risk-map]', '[data-testid=risk-cell]'],
  },
  { name: 'hazards', path: () => '/hazards', ready: ['[data-testid=hazard-row]'] },
  {
    name: 'hazard detail',
    path: (r) => `/hazards?id=${r.hazardId ?? 'missing'}`,
    ready: ['[data-testid=hazard-detail]', '[data-testid=hazard-event]'],
  },
  { name: 'inspections', path: () => '/inspections', ready: ['[data-testid=inspection-row]'] },
  {
    name: 'an inspection',
    path: (r) => `/inspections/${r.inspectionId ?? 'missing'}`,
    ready: ['[data-testid=inspection-item]'],
  },
  {
    name: 'inspection report',
    path: (r) => `/inspections/${r.inspectionId ?? 'missing'}/report`,
    ready: ['[data-testid=inspection-report]'],
  },
  { name: 'hazard reports', path: () => '/hazard-reports', ready: ['[data-testid=report-row]'] },
  {
    name: 'a hazard report',
    path: (r) => `/hazard-reports?id=${r.reportId ?? 'missing'}`,
    ready: ['[data-testid=report-detail]', '[data-testid=report-hazard-link]'],
  },
  {
    name: 'reports',
    path: () => '/reports',
    ready: ['[data-testid=report-table]', '[data-testid=report-row]'],
    // a school has no units below it to list
    readyAs: { school1: ['[data-testid=report-kpi-alerts]'] },
  },
];

/** As a county official (with the audit log) and as a school guard. */
const READERS: { who: Who; screens: ReadScreen[] }[] = [
  {
    who: 'yanta',
    screens: [...READ_SCREENS, { name: 'audit', path: () => '/audit', ready: ['[data-testid=audit-row]'] }],
  },
  { who: 'school1', screens: READ_SCREENS },
];

/** The test province's device ids (the labels on the devices) and its users' logins. */
function sitesWords(): { deviceIds: string[]; logins: string[] } {
  const yaml = readFileSync(TEST_SITES_PATH, 'utf8');
  const deviceIds = [...yaml.matchAll(/\bid: ([\w.-]+)/g)].map((m) => m[1]!);
  // Every test user has a name (test/fixtures/test-province.yaml), so no screen shows a login.
  const logins = [...yaml.matchAll(/username: (\w+)/g)].map((m) => m[1]!);
  return { deviceIds, logins };
}

/** The page's visible text, shadow and iframes aside (runs in the page). */
function visibleText(page: Page): Promise<string> {
  return page.evaluate(
    () => (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText,
  );
}

const VIEWPORTS: { name: string; size: Viewport }[] = [
  { name: 'desktop 1366×768', size: DESKTOP },
  { name: 'phone 390×844', size: PHONE },
];

/** Makes the records the screens need; what fails is noted, so only the screens that need it fail. */
async function makeRecords(platform: TestPlatform): Promise<Records> {
  const { base, mqttUrl } = platform;
  const records: Records = { problems: [] };
  const school1 = await ApiUser.login(base, 'school1');
  const yanta = await ApiUser.login(base, 'yanta');

  // Telemetry for the detail's chart and the devices' battery, then the alarm.
  const smoke = await connectDevice(mqttUrl, 'smk-0001');
  const now = Date.now();
  for (let i = 0; i < 6; i++) {
    const payload = { ts: now - (6 - i) * 60_000, metrics: { temperature: 25 + i, battery: 90 } };
    await smoke.publishAsync(`campus/v1/${SCHOOL_A}/smk-0001/telemetry`, JSON.stringify(payload), { qos: 1 });
  }
  await smoke.endAsync();
  await publishEvent(mqttUrl, SCHOOL_A, 'smk-0001', 'smoke');
  records.alertId = (await alertOf(school1, 'smk-0001')).id;
  // A device fault registers a hazard (default:fault), so the register has a row without the new API.
  await publishEvent(mqttUrl, SCHOOL_A, 'tmp-0001', 'fault');

  const started = await yanta.request('POST', '/api/inspections', { school: SCHOOL_A });
  if (started.status === 201) {
    const id = (started.body as { id: string }).id;
    records.inspectionId = id;
    const deadline = new Date(now + 14 * 86_400_000).toISOString();
    const finding = await yanta.request('POST', `/api/inspections/${id}/findings`, {
      title: '灭火器过期',
      grade: 'general',
      deadline,
    });
    if (finding.status !== 201)
      records.problems.push(`POST /api/inspections/${id}/findings answered ${finding.status}`);
  } else {
    records.problems.push(
      `POST /api/inspections answered ${started.status}: ${JSON.stringify(started.body)}`,
    );
  }
  const hazards = await school1.request('GET', '/api/hazards');
  const hazardItems = (hazards.body as { items?: { id: string }[] } | undefined)?.items ?? [];
  records.hazardId = hazardItems[0]?.id;
  if (!records.hazardId)
    records.problems.push(`GET /api/hazards listed no hazard: ${JSON.stringify(hazards.body)}`);
  records.reportId = await registeredReport(school1, now, records.problems);
  return records;
}

/** A hazard report from the guard, registered as a hazard (the report's detail links to it). */
async function registeredReport(
  guard: ApiUser,
  now: number,
  problems: string[],
): Promise<string | undefined> {
  const form = new FormData();
  form.set('category', 'fire_exit');
  form.set('description', '楼梯间堆放杂物');
  form.set('building', '教学楼');
  form.set('floor', '1');
  form.set('photos', new Blob([jpegBytes()], { type: 'image/jpeg' }), 'stairs.jpg');
  const res = await fetch(`${guard.baseUrl}/api/hazard-reports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${guard.token}` },
    body: form,
  });
  const body = (await res.json()) as { id?: string };
  if (res.status !== 201 || !body.id) {
    problems.push(`POST /api/hazard-reports answered ${res.status}: ${JSON.stringify(body)}`);
    return undefined;
  }
  const registered = await guard.request('POST', `/api/hazard-reports/${body.id}/register`, {
    grade: 'general',
    owner: '张伟',
    deadline: new Date(now + 14 * 86_400_000).toISOString().slice(0, 10),
  });
  if (registered.status !== 200)
    problems.push(
      `registering report ${body.id} answered ${registered.status}: ${JSON.stringify(registered.body)}`,
    );
  return body.id;
}

/** Opens one alert per device so the keyboard test has rows to acknowledge. */
async function openAlertsForKeyboard(platform: TestPlatform): Promise<void> {
  await publishEvent(platform.mqttUrl, SCHOOL_A, 'sos-0001', 'sos');
  const bridge = await connectDevice(platform.mqttUrl, 'z2m-01');
  await bridge.publishAsync('z2m-2161010001/lab/smoke_101', JSON.stringify({ smoke: true }), { qos: 1 });
  await bridge.endAsync();
}

/** Whether the focused element is the `testid` control of alert row `rowId` (runs in the page; no DOM lib here). */
function hasFocus(page: Page, testid: string, rowId: string): Promise<boolean> {
  return page.evaluate(
    ([id, tid]) => {
      const doc = (
        globalThis as unknown as {
          document: {
            activeElement: { closest(s: string): unknown; getAttribute(n: string): string | null } | null;
          };
        }
      ).document;
      const el = doc.activeElement;
      if (!el) return false;
      const row = el.closest(`[data-testid=alert-row][data-alert-id="${id}"]`);
      return row !== null && el.closest(`[data-testid=${tid}]`) !== null;
    },
    [rowId, testid] as const,
  );
}

describe('the dashboard is usable: no serious axe violations, no sideways scrolling, keyboard operable', () => {
  let platform: TestPlatform | undefined;
  let browser: Browser | undefined;
  let records: Records = { problems: [] };
  const contexts: BrowserContext[] = [];
  const pages = new Map<Who, Page>();

  beforeAll(async () => {
    platform = await startTestPlatform();
    browser = await launchChromium();
    records = await makeRecords(platform);
  });
  screenshotOnFailure(contexts);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await platform?.stop();
  });

  /** One tab per user, logged in once; the viewport is set per test. */
  async function pageFor(who: Who, viewport: Viewport): Promise<Page> {
    let page = pages.get(who);
    if (!page) {
      const opened = await openDashboard(browser!, { viewport });
      contexts.push(opened.context);
      page = opened.page;
      if (who !== 'anonymous') await logIn(page, platform!.base, who);
      pages.set(who, page);
    }
    await page.setViewportSize(viewport);
    return page;
  }

  describe.each(VIEWPORTS)('at $name', ({ size }) => {
    it.each(SCREENS)('$name', async (screen) => {
      const page = await pageFor(screen.who, size);
      await visit(page, platform!.base, screen.path(records));
      for (const selector of screen.ready) {
        await page.waitForSelector(selector, { timeout: 15_000 }).catch((err: unknown) => {
          const setup = records.problems.length ? `\nsetup problems: ${records.problems.join('; ')}` : '';
          throw new Error(
            `${screen.name}: "${selector}" never appeared at ${page.url()}${setup}\n${String(err)}`,
          );
        });
      }
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts
            .ready,
      );

      const violations = await blockingViolations(page);
      // The rule ids compare short; the message lists every element and how to fix it.
      expect
        .soft(
          violations.map((v) => v.id),
          `serious/critical axe violations on ${screen.name}:\n${formatViolations(violations)}`,
        )
        .toEqual([]);
      const { scrollWidth, innerWidth } = await horizontalOverflow(page);
      expect
        .soft(
          scrollWidth,
          `${screen.name} scrolls sideways: ${scrollWidth} px wide in a ${innerWidth} px window`,
        )
        .toBeLessThanOrEqual(innerWidth);
    });
  });

  describe.each(READERS)('as $who, no internal ids or raw fields (zh-CN)', ({ who, screens }) => {
    it.each(screens)('$name', async (screen) => {
      const page = await pageFor(who, DESKTOP);
      await visit(page, platform!.base, screen.path(records));
      for (const selector of screen.readyAs?.[who] ?? screen.ready) {
        await page.waitForSelector(selector, { timeout: 15_000 }).catch((err: unknown) => {
          const setup = records.problems.length ? `\nsetup problems: ${records.problems.join('; ')}` : '';
          throw new Error(
            `${screen.name}: "${selector}" never appeared at ${page.url()}${setup}\n${String(err)}`,
          );
        });
      }
      const found = unreadableText(await visibleText(page), sitesWords());
      expect(
        found,
        `${screen.name} as ${who} shows what a reader should not see:\n${formatUnreadable(found)}`,
      ).toEqual([]);
    });
  });

  it('acknowledges from the keyboard: Tab reaches the first row’s ack button, Enter or Space presses it', async () => {
    await openAlertsForKeyboard(platform!);
    const page = await pageFor('school1', DESKTOP);
    await visit(page, platform!.base, '/console');
    await page.waitForSelector('.console[data-live=true]', { timeout: 15_000 });
    await page.waitForFunction(
      () =>
        (
          globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
        ).document.querySelectorAll('[data-testid=alert-row][data-status=open]').length >= 3,
      undefined,
      { timeout: 15_000 },
    );

    // Enter on the first row's button; then Space on the next open one (now the first open row).
    for (const key of ['Enter', 'Space'] as const) {
      const rows = page.locator('[data-testid=alert-row]');
      const first = key === 'Enter' ? rows.first() : rows.and(page.locator('[data-status=open]')).first();
      expect(await first.getAttribute('data-status')).toBe('open');
      const id = (await first.getAttribute('data-alert-id'))!;
      // From the top of the page, as a keyboard user arrives.
      await page.evaluate(() => {
        const doc = (globalThis as unknown as { document: { activeElement: { blur?(): void } | null } })
          .document;
        doc.activeElement?.blur?.();
      });
      let presses = 0;
      while (!(await hasFocus(page, 'ack', id))) {
        expect(presses, `Tab never reached the ack button of row ${id} in 100 presses`).toBeLessThan(100);
        await page.keyboard.press('Tab');
        presses++;
      }
      await page.keyboard.press(key);
      await page.waitForSelector(`[data-testid=alert-row][data-alert-id="${id}"][data-status=acknowledged]`, {
        timeout: 5_000,
      });
    }
  });
});
