import { performance } from 'node:perf_hooks';
import { startInfluxd, waitFor } from '@campus/test-kit';
import { spawnBareAedes } from './bare-aedes-process';
import { writeBenchSites, type BenchSites } from './bench-sites';
import { Cleanups, type BenchOptions, type BenchResult, type Benchmark } from './context';
import type { SentReport } from './load-protocol';
import { LoadProcess } from './load-process';
import { influxdInstalled } from './fixtures';
import { measurePair, type Phase } from './measure';
import {
  fetchMetrics,
  getJson,
  login,
  metricSum,
  spawnPlatform,
  type PlatformProcess,
} from './platform-process';
import { errorText, step, StepError } from './processes';

export const LOAD_DEVICES = 40;
/** Load generator processes; the 40 devices are split between them. */
export const LOAD_PROCESSES = 2;

interface Sizes {
  perDevice: number;
  warmPerDevice: number;
  reps: number;
}

const sizes = (quick: boolean): Sizes =>
  quick ? { perDevice: 50, warmPerDevice: 15, reps: 1 } : { perDevice: 1500, warmPerDevice: 300, reps: 3 };

/**
 * Bare aedes gets this many times the platform's readings per run: at its rate the platform's run
 * would last a fraction of a second, too short to time on a shared machine.
 */
const BARE_FACTOR = 3;

/** A measured run must not take longer than this (a stalled platform fails earlier, on no PUBACK for 20 s). */
const RUN_TIMEOUT_MS = 60_000;

/** CPU seconds the platform process has used (prom-client's default metrics on its `/metrics`). */
async function platformCpuSeconds(platform: PlatformProcess): Promise<number> {
  return metricSum(await fetchMetrics(platform.base), 'process_cpu_seconds_total');
}

/**
 * Every reading the fleet sent (and had acknowledged) is in the store: once the outbox is empty,
 * `GET /api/telemetry` for each device's `seq` metric over its readings' time span must return
 * exactly the sequence numbers 0…sent-1. Through the API rather than the sink, so it works the
 * same for the embedded store and InfluxDB and checks what a user would see.
 */
export async function verifyStored(
  platform: PlatformProcess,
  sites: BenchSites,
  reports: readonly SentReport[],
): Promise<{ readings: number; devices: number }> {
  await waitFor(async () => metricSum(await fetchMetrics(platform.base), 'campus_outbox_depth') === 0, {
    what: 'the outbox to drain (campus_outbox_depth 0)',
    timeoutMs: 60_000,
    intervalMs: 200,
  });
  const token = await login(platform.base, sites.countyOfficer);
  let readings = 0;
  let devices = 0;
  const problems: string[] = [];
  for (const { tsBase, devices: sentPerDevice } of reports)
    for (const { id, sent, acked } of sentPerDevice) {
      devices++;
      if (acked !== sent) problems.push(`${id}: ${sent} sent, only ${acked} acknowledged`);
      if (sent === 0) continue;
      const from = tsBase;
      const to = tsBase + sent - 1;
      const body = await getJson(
        platform.base,
        token,
        `/api/telemetry?device=${id}&metric=seq&from=${from}&to=${to}`,
      );
      const points = (body as { points?: { value: number }[] }).points ?? [];
      const seen = new Set(points.map((p) => p.value));
      let missing = 0;
      for (let seq = 0; seq < sent; seq++) if (!seen.has(seq)) missing++;
      if (missing > 0 || points.length !== sent)
        problems.push(`${id}: ${acked} acknowledged, ${points.length} stored, ${missing} missing`);
      readings += points.length;
    }
  if (problems.length > 0)
    throw new Error(`acknowledged readings missing from the store: ${problems.slice(0, 5).join('; ')}`);
  return { readings, devices };
}

/** The load generators: `LOAD_PROCESSES` children, the devices split evenly between them. */
async function startLoad(
  cleanups: Cleanups,
  who: string,
  url: string,
  sites: BenchSites,
): Promise<LoadProcess[]> {
  const share = Math.ceil(sites.loadDevices.length / LOAD_PROCESSES);
  return Promise.all(
    Array.from({ length: LOAD_PROCESSES }, (_, i) =>
      LoadProcess.start(
        cleanups,
        `load ${i + 1} → ${who}`,
        url,
        sites.loadDevices.slice(i * share, (i + 1) * share),
      ),
    ),
  );
}

/** Runs `perDevice` readings on every device of every load process; the slowest process ends the run. */
async function countRun(
  loads: readonly LoadProcess[],
  perDevice: number,
): Promise<{ acked: number; busy: number }> {
  const answers = await Promise.all(loads.map((l) => l.count(perDevice, RUN_TIMEOUT_MS)));
  return {
    acked: answers.reduce((n, a) => n + a.stats.acked, 0),
    busy: Math.max(...answers.map((a) => a.busy)),
  };
}

async function comparePlatformIngest(
  label: string,
  env: Record<string, string>,
  { quick, note }: BenchOptions,
): Promise<BenchResult> {
  const { perDevice, warmPerDevice, reps } = sizes(quick);
  const count = LOAD_DEVICES * perDevice;
  const cleanups = new Cleanups();
  try {
    const sites = await writeBenchSites(cleanups, { loadDevices: LOAD_DEVICES });
    const bare = await step('start the bare aedes process', () => spawnBareAedes(cleanups), {
      timeoutMs: 40_000,
    });
    const platform = await step(
      `start the platform (${label})`,
      () => spawnPlatform(cleanups, { sitesFile: sites.path, env }),
      { timeoutMs: 100_000 },
    );
    const bareLoad = await step(
      `connect ${LOAD_DEVICES} devices to bare aedes`,
      () => startLoad(cleanups, 'bare aedes', bare.mqttUrl, sites),
      { timeoutMs: 60_000, watch: [bare.child] },
    );
    const platformLoad = await step(
      `connect ${LOAD_DEVICES} devices to the platform`,
      () => startLoad(cleanups, 'platform', platform.mqttUrl, sites),
      { timeoutMs: 60_000, watch: [platform.child] },
    );
    const watch = [bare.child, platform.child, ...[...bareLoad, ...platformLoad].map((l) => l.child)];

    let cpuStart = 0;
    let platformSeconds = 0;
    const busy = { platform: [] as number[], bare: [] as number[] };
    let rep = 0;
    const timedRun = async (who: 'bare' | 'platform', loads: LoadProcess[], phase: Phase) => {
      const n = (phase === 'warmup' ? warmPerDevice : perDevice) * (who === 'bare' ? BARE_FACTOR : 1);
      const stepName = `${who === 'bare' ? 'bare aedes' : 'platform'} (${label}): ${phase === 'warmup' ? 'warm-up' : `measured run ${rep + 1}`}, ${LOAD_DEVICES} × ${n} readings`;
      const t0 = performance.now();
      const run = await step(stepName, () => countRun(loads, n), {
        timeoutMs: RUN_TIMEOUT_MS + 5_000,
        watch,
      });
      if (run.acked !== LOAD_DEVICES * n)
        throw new StepError(stepName, `${run.acked} of ${LOAD_DEVICES * n} acknowledged`);
      if (phase === 'measure') busy[who].push(run.busy);
      return (performance.now() - t0) / 1000;
    };
    const toBare = async (phase: Phase) => {
      await timedRun('bare', bareLoad, phase);
    };
    const toPlatform = async (phase: Phase) => {
      const seconds = await timedRun('platform', platformLoad, phase);
      // Read after the (untimed) warm-up, so that the timed runs include no extra request.
      if (phase === 'warmup') cpuStart = await platformCpuSeconds(platform);
      else {
        platformSeconds += seconds;
        rep++;
      }
    };
    const timing = await measurePair(toBare, toPlatform, { ops: count, warmup: 1, reps });
    const bareRate = (BARE_FACTOR * count) / (timing.baseline.medianMs / 1000);
    const cpu = (await platformCpuSeconds(platform)) - cpuStart;
    const reports = await Promise.all(platformLoad.map((l) => l.sent()));
    const stored = await step(
      `verify the platform stored every reading (${label})`,
      () => verifyStored(platform, sites, reports),
      { timeoutMs: 120_000, watch: [platform.child] },
    );
    const logged = platform.child.errorLines();
    if (logged.length > 0)
      note(`platform ingest, ${label}: the platform logged errors: ${logged.join(' | ')}`);
    const pct = (xs: number[]) => `${Math.round(100 * Math.max(...xs))}%`;
    note(
      `platform ingest, ${label}: all ${stored.readings} acknowledged readings of ${stored.devices} devices found ` +
        `through GET /api/telemetry. During the measured runs the platform process used ${cpu.toFixed(1)} CPU-s ` +
        `in ${platformSeconds.toFixed(1)} s (${Math.round((100 * cpu) / Math.max(platformSeconds, 0.001))}% of a core). ` +
        `Busiest load process's event loop: ${pct(busy.platform)} in platform runs, ${pct(busy.bare)} in bare aedes runs ` +
        `(near 100%: that side is bounded by the load generators, not the broker).`,
    );
    return {
      name: `platform ingest, ${label} (share of bare aedes)`,
      unit: 'msgs/s',
      baseline: bareRate,
      value: timing.subject.opsPerSec,
      ratio: timing.subject.opsPerSec / bareRate,
      ratioReads: 'share',
    };
  } finally {
    await cleanups.run();
  }
}

/**
 * The all-in-one platform's stored rate: 40 devices with a window of 20 unacknowledged QoS 1
 * publishes each, through `apps/platform` in its own process (PUBACK once durable), against a bare
 * aedes process with the same clients; then every acknowledged reading is looked up in the store.
 */
export const platformIngestBench: Benchmark = {
  name: 'platform-ingest',
  async run(options: BenchOptions): Promise<BenchResult[]> {
    const results: BenchResult[] = [];
    try {
      const embedded = await comparePlatformIngest('embedded store', {}, options);
      results.push(embedded);
      options.shared.platformStoredRate = embedded.value;
    } catch (err) {
      options.failure(errorText(err));
    }
    if (options.quick) {
      // Its start-up alone (tsx, NestJS, PGlite initdb) is most of a quick run's time budget.
      options.note('platform ingest, influxdb v1: skipped in --quick');
      return results;
    }
    if (!influxdInstalled()) {
      options.note(
        'platform ingest, influxdb v1: skipped, /usr/bin/influxd is missing (apt-get install influxdb)',
      );
      return results;
    }
    const cleanups = new Cleanups();
    try {
      const influxd = await step('start influxd', () => startInfluxd(), { timeoutMs: 60_000 });
      cleanups.add(() => influxd.stop());
      results.push(
        await comparePlatformIngest(
          'influxdb v1',
          { INFLUX_URL: influxd.url, INFLUX_DATABASE: 'bench_platform' },
          options,
        ),
      );
    } catch (err) {
      options.failure(errorText(err));
    } finally {
      await cleanups.run();
    }
    return results;
  },
};
