import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { launchChromium as launchSystemChromium } from '@campus/test-kit';
import type { BenchUser } from './bench-sites';
import type { Cleanups } from './context';

/** The size the console tests use: the wide layout, where the console is a table of rows. */
const DESKTOP = { width: 1366, height: 768 } as const;

export async function launchChromium(cleanups: Cleanups): Promise<Browser> {
  const browser = await launchSystemChromium();
  cleanups.add(() => browser.close());
  return browser;
}

/**
 * Installed in every document before the dashboard's own scripts (so before socket.io-client
 * captures `WebSocket`). Plain JavaScript in a string: tsx compiles the bench with esbuild's
 * keepNames, whose `__name` helper does not exist in the page.
 *
 * What it sees it reports at once through bindings (`exposeFunction`) rather than keeping it for
 * `page.evaluate`: a page that has fallen behind its socket would answer an evaluate only after
 * its backlog, which can take minutes.
 *
 * - Every socket.io `alert` frame: named by its alert's id and occurrences (no nested object has an
 *   "id"), stamped when its message event is dispatched (a busy page dispatches it late) and in the
 *   first animation frame after it. By then the message handler and Vue's DOM update (a microtask
 *   of the same task) have run and the browser is about to paint them. Our listener is added in the
 *   constructor, before engine.io sets `onmessage`, so it runs first.
 * - `3probe`, engine.io's answer to the upgrade probe: from then on events come over the WebSocket.
 * - Long tasks (over 50 ms on the main thread), from the document's start.
 * Times are epoch ms (the page's `Date.now()`, the same wall clock as the bench's).
 */
const PROBE_SCRIPT = `(() => {
  const origin = Date.now() - performance.now();
  const report = (name, ...args) => {
    const binding = window[name];
    if (typeof binding === 'function') binding(...args).catch(() => undefined);
  };
  const probe = { longTaskError: null };
  window.__benchProbe = probe;
  const keep = (entries) => {
    for (const e of entries) report('__benchLongTask', origin + e.startTime, e.duration);
  };
  try {
    const observer = new PerformanceObserver((list) => keep(list.getEntries()));
    observer.observe({ type: 'longtask', buffered: true });
    probe.flush = () => keep(observer.takeRecords());
  } catch (err) {
    probe.longTaskError = String(err);
    probe.flush = () => undefined;
  }
  probe.rowsShown = (n) =>
    document.querySelectorAll('tr[data-testid=alert-row]').length >= n ? [performance.now(), Date.now()] : false;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (ev) => {
        if (typeof ev.data !== 'string') return;
        if (ev.data === '3probe') report('__benchUpgraded');
        if (!ev.data.startsWith('42["alert"')) return;
        const dispatched = Date.now();
        const id = /"id":"([^"]+)"/.exec(ev.data);
        const occurrences = /"occurrences":(\\d+)/.exec(ev.data);
        const key = (id === null ? '?' : id[1]) + ' ' + (occurrences === null ? '?' : occurrences[1]);
        requestAnimationFrame(() => report('__benchFrame', key, dispatched, Date.now()));
      });
    }
  };
})();`;

export interface ConsoleView {
  /** Rows in the table, the console's "共 N 条", and the header's critical open count. */
  rows: number;
  total: number | null;
  openCritical: number | null;
}

/** One `alert` frame the page painted: `id occurrences`, dispatched and painted (epoch ms). */
export interface PageFrame {
  key: string;
  dispatched: number;
  shown: number;
}

export interface AlertListAnswer {
  ids: string[];
  bytes: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const numberOr = (v: unknown, fallback: number): number => (typeof v === 'number' ? v : fallback);

/**
 * A logged-in dashboard tab with the probe: its painted frames, long tasks, CDP session, and the
 * last `GET /api/alerts?status=open` it made.
 */
export class ConsolePage {
  lastOpenList: AlertListAnswer | undefined;
  readonly frames: PageFrame[] = [];
  /** [start (epoch ms), duration (ms)] */
  readonly longTasks: [number, number][] = [];
  upgraded = false;
  /**
   * From the browser's network layer (CDP), which a busy page does not hold up: when each `alert`
   * frame reached the browser, and when a WebSocket of the page was closed.
   */
  readonly framesReceived: number[] = [];
  readonly socketsClosed: number[] = [];
  private readonly listeners = new Set<() => void>();

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly cdp: CDPSession,
    readonly base: string,
  ) {
    page.on('response', (res) => {
      const url = new URL(res.url());
      if (url.pathname !== '/api/alerts' || url.searchParams.get('status') !== 'open') return;
      void res
        .body()
        .then((body) => {
          const parsed: unknown = JSON.parse(body.toString('utf8'));
          const items = isRecord(parsed) && Array.isArray(parsed['items']) ? parsed['items'] : [];
          this.lastOpenList = {
            ids: items.flatMap((i: unknown) => (isRecord(i) && typeof i['id'] === 'string' ? [i['id']] : [])),
            bytes: body.length,
          };
        })
        .catch(() => undefined);
    });
  }

  /** A fresh context (its own sessionStorage, so its own login), logged in through the form. */
  static async open(browser: Browser, base: string, user: BenchUser): Promise<ConsolePage> {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: DESKTOP });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const tab = new ConsolePage(context, page, cdp, base);
    await context.exposeFunction('__benchFrame', (key: unknown, dispatched: unknown, shown: unknown) => {
      tab.frames.push({
        key: String(key),
        dispatched: numberOr(dispatched, NaN),
        shown: numberOr(shown, NaN),
      });
      tab.changed();
    });
    await context.exposeFunction('__benchLongTask', (start: unknown, duration: unknown) => {
      tab.longTasks.push([numberOr(start, NaN), numberOr(duration, 0)]);
    });
    await context.exposeFunction('__benchUpgraded', () => {
      tab.upgraded = true;
      tab.changed();
    });
    await context.addInitScript({ content: PROBE_SCRIPT });
    cdp.on('Network.webSocketFrameReceived', (e) => {
      if (e.response.payloadData.startsWith('42["alert"')) tab.framesReceived.push(Date.now());
    });
    cdp.on('Network.webSocketClosed', () => {
      tab.socketsClosed.push(Date.now());
      tab.changed();
    });
    await cdp.send('Network.enable');
    await page.goto(`${base}/`);
    await page.fill('input[name=username]', user.username);
    await page.fill('input[name=password]', user.password);
    await page.click('[data-testid=login]');
    await page.waitForSelector('.console[data-live=true]', { timeout: 60_000 });
    return tab;
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  /** Resolves true once `done()` holds (checked on every report from the page), false after `timeoutMs`. */
  until(done: () => boolean, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve(ok);
      };
      const check = () => {
        if (done()) finish(true);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      this.listeners.add(check);
      check();
    });
  }

  /**
   * A full navigation to the console (the session stays in the tab's sessionStorage): ms from the
   * navigation's start until `rows` alert rows are in the table (the page's clock), and when (epoch ms).
   */
  async navigate(rows: number, timeoutMs: number): Promise<{ rowsMs: number; at: number }> {
    await this.page.goto(`${this.base}/console`, { waitUntil: 'commit' });
    // a function, not a string: the dashboard's Content-Security-Policy refuses string evaluation
    const handle = await this.page.waitForFunction(
      (n: number) => {
        const probe = (globalThis as unknown as { __benchProbe?: { rowsShown(n: number): unknown } })
          .__benchProbe;
        return probe !== undefined && probe.rowsShown(n);
      },
      rows,
      { polling: 'raf', timeout: timeoutMs },
    );
    const shown: unknown = await handle.jsonValue();
    return Array.isArray(shown)
      ? { rowsMs: numberOr(shown[0], NaN), at: numberOr(shown[1], NaN) }
      : { rowsMs: NaN, at: NaN };
  }

  async waitLive(timeoutMs: number): Promise<void> {
    await this.page.waitForSelector('.console[data-live=true]', { timeout: timeoutMs });
  }

  /**
   * Hands over long tasks the observer has noted but not yet delivered; the evaluate's answer comes
   * after the bindings it caused. Only for an idle page (see PROBE_SCRIPT).
   */
  async flushLongTasks(): Promise<void> {
    await this.page.evaluate('window.__benchProbe.flush()');
  }

  /** The longest task (ms) reported so far that started in [from, to) (epoch ms); 0 when none. */
  longestTask(from: number, to = Infinity): number {
    let longest = 0;
    for (const [start, duration] of this.longTasks)
      if (start >= from && start < to) longest = Math.max(longest, duration);
    return longest;
  }

  async longTaskError(): Promise<string | null> {
    const e: unknown = await this.page.evaluate('window.__benchProbe.longTaskError');
    return typeof e === 'string' ? e : null;
  }

  /** The used JS heap after a full garbage collection (bytes): what the page keeps. */
  async heapUsed(): Promise<number> {
    await this.cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await this.cdp.send('Runtime.getHeapUsage');
    return usedSize;
  }

  /** What the console shows now. */
  async view(): Promise<ConsoleView> {
    const v: unknown = await this.page.evaluate(`(() => {
      const num = (sel) => {
        const el = document.querySelector(sel);
        const m = el === null ? null : /\\d+/.exec(el.textContent);
        return m === null ? null : Number(m[0]);
      };
      return [
        document.querySelectorAll('tr[data-testid=alert-row]').length,
        num('.console .total'),
        num('[data-testid=count-critical] .n'),
      ];
    })()`);
    if (!Array.isArray(v)) return { rows: 0, total: null, openCritical: null };
    const orNull = (x: unknown) => (typeof x === 'number' ? x : null);
    return { rows: numberOr(v[0], 0), total: orNull(v[1]), openCritical: orNull(v[2]) };
  }

  /** The occurrences each listed alert's row shows, for the rows present (id → count). */
  async rowOccurrences(ids: readonly string[]): Promise<Map<string, number>> {
    const pairs: unknown = await this.page.evaluate(`(() => {
      const out = [];
      for (const id of ${JSON.stringify(ids)}) {
        const row = document.querySelector('tr[data-alert-id="' + id + '"]');
        if (row !== null) out.push([id, Number(row.querySelector('td.num').textContent.trim())]);
      }
      return out;
    })()`);
    const map = new Map<string, number>();
    if (Array.isArray(pairs))
      for (const p of pairs)
        if (Array.isArray(p) && typeof p[0] === 'string') map.set(p[0], numberOr(p[1], NaN));
    return map;
  }
}
