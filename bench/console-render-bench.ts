import { loadavg } from 'node:os';
import type { Browser } from 'playwright-core';
import { copyDataDir, preparedDataDir, seedAlerts, type SeededAlert, type SeedSpec } from './alert-seed';
import { writeBenchSites, type BenchDevice, type BenchSites } from './bench-sites';
import { ConsolePage, launchChromium, type ConsoleView } from './console-page';
import { Cleanups, type BenchOptions, type BenchResult, type Benchmark } from './context';
import { ensureDashboardBuilt } from './dashboard-build';
import { connectDevice } from './device-fleet';
import { median, percentile } from './measure';
import { connectLive, login, spawnPlatform, type PlatformProcess } from './platform-process';
import { step } from './processes';

/** As in escalation-lateness: red-risk smoke detectors, one critical alert per detector and type. */
const ALERT_TYPES = ['smoke', 'fire', 'gas', 'intrusion', 'fight'] as const;
/**
 * The seeded alerts opened over the ten minutes before the run, their first step an hour after
 * opening: they have their escalation rows, but nothing escalates (and broadcasts) while measured.
 */
const OPENED_OVER_MS = 600_000;
const POLICY = [{ level: 'school', after: '1h' }] as const;
const BASELINE_ALERTS = 10;
/** `GET /api/alerts` answers at most this many (docs/alerting.md), and the console shows this many rows a page. */
const API_LIST_LIMIT = 200;
const CONSOLE_PAGE_ROWS = 100;

/**
 * `liveBoundMs`: how long the page gets, after the platform has emitted the last update, to paint
 * them all. The console with thousands of open alerts can need many minutes for 1,000 updates; past
 * the bound its rate and what it painted are reported, and the tab is closed with its backlog.
 */
const sizes = (quick: boolean) =>
  quick
    ? { alerts: 1_000, updates: 200, reps: 2, liveBoundMs: 30_000 }
    : { alerts: 10_000, updates: 1_000, reps: 3, liveBoundMs: 60_000 };

const MIB = 2 ** 20;
const loadAverage = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');

interface Side {
  name: 'baseline' | 'subject';
  open: number;
  seeded: SeededAlert[];
  platform: PlatformProcess;
  tab: ConsolePage;
  token: string;
}

interface LoadSample {
  rowsMs: number;
  heap: number;
  longestTaskMs: number;
  view: ConsoleView;
}

interface LiveResult {
  events: number;
  /** First publish → the last `alert` at the bench's own socket (the platform's part). */
  serverDoneMs: number;
  /** Frames the page painted by the bound, and first publish → the last of them. */
  painted: number;
  /** Frames that reached the browser (its network layer), and when the server closed the page's socket. */
  received: number;
  socketClosedMs?: number;
  lastPaintedMs: number;
  /** Per painted event: at the bench's socket → painted on the page (the next animation frame), ms. */
  lags: number[];
  /** Per painted event: the page's message event dispatched → painted; the rest of `lags` is queueing. */
  handling: number[];
  longestTaskMs: number;
  /** Only when the page painted everything (a page still behind is closed, not examined). */
  heapAfter?: number;
  view?: ConsoleView;
  load: string;
}

/** `count` alerts opened evenly over the last ten minutes, newest last. */
function seedSpecs(sites: BenchSites, count: number, now: number): SeedSpec[] {
  const detectors = sites.smokeDetectors;
  return Array.from({ length: count }, (_, i) => ({
    device: detectors[i % detectors.length]!.id,
    type: ALERT_TYPES[Math.floor(i / detectors.length)]!,
    at: Math.round(now - OPENED_OVER_MS + ((i + 0.5) * OPENED_OVER_MS) / count),
  }));
}

/** Every k-th of `items`, `n` in all: repeats spread over old and new alerts alike. */
function spread<T>(items: readonly T[], n: number): T[] {
  const stride = items.length / n;
  return Array.from({ length: n }, (_, i) => items[Math.floor(i * stride)]!);
}

async function measureLoad(side: Side): Promise<LoadSample> {
  const rows = Math.min(CONSOLE_PAGE_ROWS, API_LIST_LIMIT, side.open);
  const { rowsMs, at } = await side.tab.navigate(rows, 120_000);
  await side.tab.waitLive(60_000);
  await side.tab.flushLongTasks();
  return {
    rowsMs,
    longestTaskMs: side.tab.longestTask(at - rowsMs, at),
    heap: await side.tab.heapUsed(),
    view: await side.tab.view(),
  };
}

/**
 * Repeats of open alerts, published by their devices over MQTT (QoS 1): each counts one more
 * occurrence and is broadcast as `alert`. Waits until the bench's own socket.io (same user) has
 * every event and the page has painted every frame (or the bound passes), then checks that the
 * console shows the new counts.
 */
async function measureLive(
  cleanups: Cleanups,
  side: Side,
  sites: BenchSites,
  { updates, liveBoundMs }: { updates: number; liveBoundMs: number },
): Promise<LiveResult> {
  const targets = spread(side.seeded, Math.min(updates, side.seeded.length));
  const repeats = updates / targets.length;
  if (!Number.isInteger(repeats))
    throw new Error(`${updates} updates do not split evenly over ${targets.length} alerts`);
  const byDevice = new Map<string, { device: BenchDevice; types: string[] }>();
  const deviceById = new Map(sites.smokeDetectors.map((d) => [d.id, d]));
  for (const t of targets) {
    const entry = byDevice.get(t.device) ?? { device: deviceById.get(t.device)!, types: [] };
    for (let r = 0; r < repeats; r++) entry.types.push(t.type);
    byDevice.set(t.device, entry);
  }
  const targetIds = new Set(targets.map((t) => t.id));

  const socket = await connectLive(cleanups, side.platform.base, side.token);
  // When each version of an alert (id and occurrences) reached this process: the server's emit, give
  // or take a loopback hop, to set the page's paint of the same version against.
  const receivedAt = new Map<string, number>();
  let stray = 0;
  let lastReceived = 0;
  let onReceived: () => void = () => undefined;
  socket.on('alert', (a: { id?: unknown; occurrences?: unknown }) => {
    if (typeof a.id === 'string' && targetIds.has(a.id)) {
      lastReceived = Date.now();
      receivedAt.set(`${a.id} ${String(a.occurrences)}`, lastReceived);
      onReceived();
    } else stray++;
  });
  let lost: Error | undefined;
  const clients = await Promise.all(
    [...byDevice.values()].map(async (d) => ({
      ...d,
      ...(await connectDevice(cleanups, side.platform.mqttUrl, d.device, (err) => (lost ??= err))),
    })),
  );
  const { tab } = side;
  if (!(await tab.until(() => tab.upgraded, 30_000)))
    throw new Error("the console's socket.io never upgraded to a WebSocket");
  const from = tab.frames.length;
  const receivedFrom = tab.framesReceived.length;
  const closedFrom = tab.socketsClosed.length;
  const start = Date.now();
  await Promise.all(
    clients.map(async ({ client, device, types }) => {
      for (const type of types)
        await client.publishAsync(device.eventTopic, JSON.stringify({ type }), { qos: 1 });
    }),
  );
  if (lost) throw lost;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(`${receivedAt.size} of ${updates} alert events reached the bench's socket within 180 s`),
        ),
      180_000,
    );
    onReceived = () => {
      if (receivedAt.size < updates) return;
      clearTimeout(timer);
      resolve();
    };
    onReceived();
  });
  const complete = await tab.until(() => tab.frames.length - from >= updates, liveBoundMs);
  // A page far behind has its socket closed by the server (see liveNote); what was still on its way
  // to it is lost to the page, which then reloads the lists after reconnecting.
  const closed = tab.socketsClosed.length > closedFrom;
  const load = loadAverage();
  const frames = tab.frames.slice(from);
  await Promise.all(clients.map((c) => c.close()));
  socket.close();
  if (stray > 0 || receivedAt.size !== updates || frames.length > updates)
    throw new Error(
      `the bench's socket got ${receivedAt.size} versions of the repeated alerts and ${stray} other events, ` +
        `the page ${frames.length} alert frames, for ${updates} repeats`,
    );
  const lags = frames.map((f) => {
    const at = receivedAt.get(f.key);
    if (at === undefined) throw new Error(`the page got ${f.key}, which the bench's socket never did`);
    return f.shown - at;
  });
  const result: LiveResult = {
    events: updates,
    serverDoneMs: lastReceived - start,
    painted: frames.length,
    received: tab.framesReceived.length - receivedFrom,
    ...(closed ? { socketClosedMs: tab.socketsClosed[closedFrom]! - start } : {}),
    lastPaintedMs: frames.reduce((m, f) => Math.max(m, f.shown), start) - start,
    lags,
    handling: frames.map((f) => f.shown - f.dispatched),
    longestTaskMs: 0,
    load,
  };
  if (!complete) {
    result.longestTaskMs = tab.longestTask(start);
    // Still busy with its backlog: anything asked of the page now would wait for all of it.
    await tab.context.close();
    return result;
  }
  await tab.flushLongTasks();
  result.longestTaskMs = tab.longestTask(start);
  const view = await tab.view();
  const expected = 1 + repeats;
  const occurrences = await tab.rowOccurrences([...targetIds]);
  const wrong = [...occurrences].filter(([, n]) => n !== expected);
  const listed = new Set(tab.lastOpenList?.ids ?? []);
  const expectedTotal = new Set([...listed, ...targetIds]).size;
  if (wrong.length > 0 || view.total !== expectedTotal)
    throw new Error(
      `the console does not show the repeats: ${wrong.length} of ${occurrences.size} repeated rows show another ` +
        `count than ${expected} (e.g. ${wrong[0]?.join(': ')}), total ${view.total} instead of ${expectedTotal}`,
    );
  return { ...result, view, heapAfter: await tab.heapUsed() };
}

function loadNote(side: Side, samples: readonly LoadSample[]): string {
  const v = samples[samples.length - 1]!.view;
  const list = side.tab.lastOpenList;
  return (
    `${side.name} (${side.open} open): rows shown ${samples.map((s) => Math.round(s.rowsMs)).join(', ')} ms, ` +
    `heap ${samples.map((s) => (s.heap / MIB).toFixed(1)).join(', ')} MiB, longest task while loading ` +
    `${samples.map((s) => Math.round(s.longestTaskMs)).join(', ')} ms; GET /api/alerts?status=open answered ` +
    `${list?.ids.length ?? '?'} alerts (${list ? (list.bytes / 1024).toFixed(0) : '?'} KiB); the console showed ` +
    `${v.rows} rows, "共 ${v.total} 条" and ${v.openCritical} open critical in the header`
  );
}

function liveNote(side: Side, r: LiveResult, liveBoundMs: number): string {
  const ms = (x: number) => `${Math.round(x)} ms`;
  const closed =
    r.socketClosedMs === undefined
      ? ''
      : `the server closed the page's socket ${ms(r.socketClosedMs)} after the first publish (socket.io's ` +
        `ping timeout: the ping waits behind the updates the page has not taken yet, so the pong comes too late); the browser received ${r.received} of ` +
        `${r.events} in all; `;
  const painted =
    r.painted === r.events
      ? `all painted after ${ms(r.lastPaintedMs)}`
      : `${closed}only ${r.painted} painted by ${liveBoundMs / 1000} s after the last emit (the last at ` +
        `${ms(r.lastPaintedMs)}), then the tab was closed`;
  const after =
    r.view === undefined || r.heapAfter === undefined
      ? ''
      : `; heap afterwards ${(r.heapAfter / MIB).toFixed(1)} MiB, the console then showed "共 ${r.view.total} 条" ` +
        `and ${r.view.openCritical} open critical`;
  return (
    `${side.name}: ${r.events} repeats → all on the bench's socket after ${ms(r.serverDoneMs)} ` +
    `(${Math.round((r.events * 1000) / Math.max(r.serverDoneMs, 1))} events/s from the platform), ${painted}; ` +
    `painted ${paintRate(r).toFixed(1)} events/s; each event from the bench's socket to painted: p50 ` +
    `${ms(percentile(r.lags, 50))}, p99 ${ms(percentile(r.lags, 99))}, max ${ms(percentile(r.lags, 100))}; ` +
    `from the page's message event to painted: p50 ${ms(percentile(r.handling, 50))}, max ` +
    `${ms(percentile(r.handling, 100))}; longest task ${ms(r.longestTaskMs)}${after}; load average ${r.load}`
  );
}

/** Events painted per second, from the first publish to the last paint. */
const paintRate = (r: LiveResult) => (r.painted * 1000) / Math.max(r.lastPaintedMs, 1);

async function startSide(
  cleanups: Cleanups,
  browser: Browser,
  sites: BenchSites,
  side: { name: Side['name']; dataDir: string; seeded: SeededAlert[] },
): Promise<Side> {
  const platform = await spawnPlatform(cleanups, { sitesFile: sites.path, dataDir: side.dataDir });
  const tab = await step(
    `${side.name}: log in on the dashboard`,
    () => ConsolePage.open(browser, platform.base, sites.countyOfficer),
    { timeoutMs: 90_000, watch: [platform.child] },
  );
  cleanups.add(() => tab.context.close());
  return {
    name: side.name,
    open: side.seeded.length,
    seeded: side.seeded,
    platform,
    tab,
    token: await login(platform.base, sites.countyOfficer),
  };
}

/**
 * The dashboard's console in Chromium with 10,000 open alerts (seeded straight into the stopped
 * platform's database, as in escalation-lateness) against the same with 10: how long a navigation
 * takes to show the rows, the JS heap it keeps, the longest main-thread task, and how fast it
 * paints 1,000 live `alert` events caused by repeats of open alerts. Both platforms run side by
 * side; the page loads alternate between them.
 */
export const consoleRenderBench: Benchmark = {
  name: 'console-render',
  async run({ quick, note }: BenchOptions): Promise<BenchResult[]> {
    const { alerts, updates, reps, liveBoundMs } = sizes(quick);
    const cleanups = new Cleanups();
    try {
      await step('build the dashboard (apps/dashboard/dist) unless it is up to date', ensureDashboardBuilt, {
        timeoutMs: 600_000,
      });
      const devices = Math.ceil(alerts / ALERT_TYPES.length);
      const sites = await writeBenchSites(cleanups, {
        loadDevices: 0,
        smokeDetectors: devices,
        schools: Math.ceil(devices / 100),
        escalation: { critical: [...POLICY] },
      });
      const prepared = await step('create the database', () => preparedDataDir(cleanups, sites.path), {
        timeoutMs: 150_000,
      });
      const now = Date.now();
      const dirs = [] as { name: Side['name']; dataDir: string; seeded: SeededAlert[] }[];
      for (const [name, count] of [
        ['baseline', BASELINE_ALERTS],
        ['subject', alerts],
      ] as const) {
        const dataDir = await copyDataDir(cleanups, prepared.dataDir);
        const seeded = await seedAlerts(cleanups, {
          dataDir,
          sitesFile: sites.path,
          alerts: seedSpecs(sites, count, now),
        });
        dirs.push({ name, dataDir, seeded: seeded.alerts });
      }
      const browser = await launchChromium(cleanups);
      const sides: Side[] = [];
      for (const d of dirs) sides.push(await startSide(cleanups, browser, sites, d));
      const [base, subject] = sides as [Side, Side];
      const watch = sides.map((s) => s.platform.child);

      const samples = new Map<Side, LoadSample[]>(sides.map((s) => [s, []]));
      await step(
        `load the console ${reps} times per side (after one warm-up each), alternating`,
        async () => {
          for (const s of sides) await measureLoad(s);
          for (let i = 0; i < reps; i++) for (const s of sides) samples.get(s)!.push(await measureLoad(s));
        },
        { timeoutMs: 600_000, watch },
      );
      const longTaskError = await base.tab.longTaskError();
      if (longTaskError !== null)
        note(`console-render: no long-task timing in this Chromium (${longTaskError})`);

      const live = new Map<Side, LiveResult>();
      for (const s of sides)
        live.set(
          s,
          await step(
            `${s.name}: ${updates} live updates`,
            () => measureLive(cleanups, s, sites, { updates, liveBoundMs }),
            { timeoutMs: 240_000 + liveBoundMs, watch },
          ),
        );

      const listed = subject.tab.lastOpenList?.ids.length ?? 0;
      const subjectView = live.get(subject)!.view;
      const afterRepeats =
        subjectView === undefined ? '' : `: "共 ${subjectView.total} 条" after the repeats`;
      note(
        `console-render, page loads (county officer, ${alerts} open alerts in ${sites.schools.length} schools): ` +
          `${loadNote(base, samples.get(base)!)}. ${loadNote(subject, samples.get(subject)!)}`,
      );
      note(
        `console-render, live updates (${updates} repeats of open alerts through MQTT, each an \`alert\` event): ` +
          `${liveNote(base, live.get(base)!, liveBoundMs)}. ${liveNote(subject, live.get(subject)!, liveBoundMs)}`,
      );
      note(
        `console-render: GET /api/alerts answers at most ${API_LIST_LIMIT} alerts, so with ${alerts} open the console ` +
          `holds ${listed} (the newest) and shows ${Math.min(CONSOLE_PAGE_ROWS, listed)} rows at a time; its total and ` +
          `the header's open count say ${listed}, not ${alerts}, until live events add alerts it had not loaded ` +
          `(each repeat of one adds it${afterRepeats}). The load numbers are for rendering ${listed} alerts, not ` +
          `${alerts}; the ${alerts - listed} older open alerts cannot be reached from the console until they change.`,
      );

      const loads = (s: Side, pick: (x: LoadSample) => number) => median(samples.get(s)!.map(pick));
      const row = (name: string, unit: string, b: number, v: number): BenchResult => ({
        name: `console ${name}, ${alerts} open (vs ${BASELINE_ALERTS})`,
        unit,
        baseline: b,
        value: v,
        // A long task can be absent (0 ms): floor the divisor so the ratio stays finite.
        ratio: v / Math.max(b, 1),
      });
      const lb = live.get(base)!;
      const ls = live.get(subject)!;
      const cutOff = (r: LiveResult, name: string) =>
        r.painted === r.events
          ? ''
          : r.socketClosedMs !== undefined
            ? ` (${name}: socket dropped, ${r.painted} painted)`
            : ` (${name}: ${r.painted} painted by the ${liveBoundMs / 1000} s cut-off)`;
      return [
        row(
          'rows shown after navigation',
          'ms',
          loads(base, (x) => x.rowsMs),
          loads(subject, (x) => x.rowsMs),
        ),
        row(
          'JS heap after load',
          'MiB',
          loads(base, (x) => x.heap) / MIB,
          loads(subject, (x) => x.heap) / MIB,
        ),
        row(
          'longest task while loading',
          'ms',
          loads(base, (x) => x.longestTaskMs),
          loads(subject, (x) => x.longestTaskMs),
        ),
        row(
          `${updates} live updates, first publish → last painted${cutOff(lb, 'baseline')}${cutOff(ls, 'subject')}`,
          'ms',
          lb.lastPaintedMs,
          ls.lastPaintedMs,
        ),
        {
          ...row('live updates painted per second', 'events/s', paintRate(lb), paintRate(ls)),
          // A rate: baseline ÷ subject, so that it reads as a cost like the other rows.
          ratio: paintRate(lb) / Math.max(paintRate(ls), 0.001),
        },
        row(
          "live update, page's own handling (message → painted), p50",
          'ms',
          percentile(lb.handling, 50),
          percentile(ls.handling, 50),
        ),
        row('longest task during live updates', 'ms', lb.longestTaskMs, ls.longestTaskMs),
      ];
    } finally {
      await cleanups.run();
    }
  },
};
