import { performance } from 'node:perf_hooks';
import type { MqttClient } from 'mqtt';
import type { Socket } from 'socket.io-client';
import { spawnBareAedes } from './bare-aedes-process';
import { writeBenchSites, type BenchDevice } from './bench-sites';
import { Cleanups, type BenchOptions, type BenchResult, type Benchmark } from './context';
import { connectDevice } from './device-fleet';
import { LoadProcess } from './load-process';
import { percentile } from './measure';
import { connectLive, login, spawnPlatform } from './platform-process';
import { waitFor } from '@campus/test-kit';
import { errorText, step, type ManagedChild } from './processes';

const LOAD_DEVICES = 40;
/** Background load as a share of the platform's stored rate. */
const LEVELS = [0, 0.5, 1, 2] as const;
const QUICK_LEVELS = [0, 1] as const;
const WARMUP_PROBES = 3;
/** An alert later than this is lost as far as a guard is concerned: the level fails. */
const PROBE_TIMEOUT_MS = 15_000;
/**
 * Probing time per side and level: an overloaded platform's slow alerts end a level early, with
 * fewer samples (reported), rather than stretching the benchmark past its time bound.
 */
const PROBE_BUDGET_MS = 20_000;
const QUICK_PROBE_BUDGET_MS = 6_000;
/** Background readings that must be acknowledged before probing starts (the load is flowing). */
const RAMP_SECONDS = 0.5;

interface Sizes {
  probes: number;
  budgetMs: number;
  levels: readonly number[];
  calibratePerDevice: number;
}

const sizes = (quick: boolean): Sizes =>
  quick
    ? { probes: 8, budgetMs: QUICK_PROBE_BUDGET_MS, levels: QUICK_LEVELS, calibratePerDevice: 50 }
    : { probes: 30, budgetMs: PROBE_BUDGET_MS, levels: LEVELS, calibratePerDevice: 150 };

/** Probes are spaced 30–100 ms apart, jittered so that they do not lock onto a periodic timer. */
const spacing = () => new Promise((resolve) => setTimeout(resolve, 30 + Math.random() * 70));

/** One side of the comparison: how to send a smoke event and see it arrive. */
interface Target {
  name: string;
  /** Publishes `device`'s smoke event and resolves with the ms until it arrives. */
  probe(device: BenchDevice): Promise<number>;
  load: LoadProcess;
  watch: ManagedChild[];
}

function timeout(ms: number, what: string): { promise: Promise<never>; clear(): void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not arrive within ${ms / 1000} s`)), ms);
  });
  promise.catch(() => undefined);
  return { promise, clear: () => clearTimeout(timer) };
}

/**
 * The platform side: a smoke detector publishes `{"type":"smoke"}` (QoS 1) and the county officer's
 * socket.io client waits for `alert` with that device, open. Each probe uses a detector of its own,
 * so every probe opens an alert (a repeat would take the shorter path of an open alert's
 * `occurrences` + 1, though it also emits `alert`).
 */
function platformTarget(
  socket: Socket,
  detectors: Map<string, MqttClient>,
  load: LoadProcess,
  watch: ManagedChild[],
): Target {
  const waiting = new Map<string, (at: number) => void>();
  socket.on('alert', (alert: { device?: unknown; type?: unknown; status?: unknown }) => {
    const at = performance.now();
    if (alert.type !== 'smoke' || alert.status !== 'open' || typeof alert.device !== 'string') return;
    waiting.get(alert.device)?.(at);
  });
  socket.on('disconnect', (reason) => {
    // Our own close at cleanup is not news; any other reason fails the probe that is waiting.
    if (reason === 'io client disconnect') return;
    for (const resolve of waiting.values()) resolve(Number.NaN);
    console.error(`  socket.io disconnected: ${reason}`);
  });
  return {
    name: 'platform',
    load,
    watch,
    probe: async (device) => {
      const client = detectors.get(device.id);
      if (!client) throw new Error(`${device.id} is not connected`);
      const arrived = new Promise<number>((resolve) => waiting.set(device.id, resolve));
      const limit = timeout(PROBE_TIMEOUT_MS, `the alert for ${device.id}`);
      const t0 = performance.now();
      client.publish(device.eventTopic, JSON.stringify({ type: 'smoke' }), { qos: 1 });
      try {
        const at = await Promise.race([arrived, limit.promise]);
        if (Number.isNaN(at)) throw new Error('the socket.io connection was lost');
        return at - t0;
      } finally {
        limit.clear();
        waiting.delete(device.id);
      }
    },
  };
}

/** The baseline side: the same event through bare aedes to a QoS 1 subscriber of every device's events. */
function bareTarget(
  publisher: MqttClient,
  subscriber: MqttClient,
  load: LoadProcess,
  watch: ManagedChild[],
): Target {
  const waiting = new Map<string, (at: number) => void>();
  subscriber.on('message', (topic) => {
    const at = performance.now();
    waiting.get(topic)?.(at);
  });
  return {
    name: 'bare aedes',
    load,
    watch,
    probe: async (device) => {
      const arrived = new Promise<number>((resolve) => waiting.set(device.eventTopic, resolve));
      const limit = timeout(PROBE_TIMEOUT_MS, `the message on ${device.eventTopic}`);
      const t0 = performance.now();
      publisher.publish(device.eventTopic, JSON.stringify({ type: 'smoke' }), { qos: 1 });
      try {
        return (await Promise.race([arrived, limit.promise])) - t0;
      } finally {
        limit.clear();
        waiting.delete(device.eventTopic);
      }
    },
  };
}

interface LevelSample {
  latencies: number[];
  /** Background readings acknowledged per second while probing. */
  achievedRate: number;
  /** Share of the time the devices' windows, not the pacing, held the background back (saturation). */
  windowLimited: number;
}

/** Runs the background at `rate` msgs/s, waits until it flows, then sends the probes one after another. */
async function sampleLevel(
  target: Target,
  rate: number,
  devices: readonly BenchDevice[],
  label: string,
  budgetMs: number,
) {
  return step(
    `${target.name}, ${label}: ${devices.length} smoke probes`,
    async (): Promise<LevelSample> => {
      if (rate > 0) {
        await target.load.startRate(rate);
        const want = Math.max(1, Math.floor(rate * RAMP_SECONDS));
        await Promise.race([
          waitFor(async () => (await target.load.progress()) >= want, {
            what: 'the background load to flow',
            timeoutMs: 20_000,
            intervalMs: 50,
          }),
          target.load.failed,
        ]);
      }
      const latencies: number[] = [];
      let failed: unknown;
      try {
        const until = performance.now() + budgetMs;
        for (const device of devices) {
          latencies.push(await Promise.race([target.probe(device), target.load.failed]));
          if (performance.now() > until) break;
          await spacing();
        }
      } catch (err) {
        failed = err;
      }
      // The background is stopped even after a failed probe, but the probe's error is the one reported.
      const stopped =
        rate > 0
          ? await target.load.stop().catch((err: unknown) => {
              failed ??= err;
              return undefined;
            })
          : undefined;
      if (failed !== undefined) throw failed;
      return {
        latencies,
        achievedRate: stopped ? stopped.stats.acked / stopped.stats.seconds : 0,
        windowLimited: stopped?.stats.windowLimited ?? 0,
      };
    },
    { timeoutMs: budgetMs + PROBE_TIMEOUT_MS + 90_000, watch: target.watch },
  );
}

/** The 100% background: `--alarm-rate`, else platform-ingest's stored rate from this run, else measured here. */
async function backgroundRate(
  options: BenchOptions,
  load: LoadProcess,
  perDevice: number,
  watch: ManagedChild[],
): Promise<{ rate: number; source: string }> {
  if (options.alarmRate !== undefined) return { rate: options.alarmRate, source: '--alarm-rate' };
  if (options.shared.platformStoredRate !== undefined)
    return {
      rate: options.shared.platformStoredRate,
      source: 'platform-ingest (embedded store) in this run',
    };
  const run = await step(
    'measure the stored rate for the background load',
    async () => {
      await load.count(Math.max(10, Math.floor(perDevice / 5)), 60_000); // warm-up
      return load.count(perDevice, 60_000);
    },
    { timeoutMs: 130_000, watch },
  );
  return {
    rate: run.stats.acked / run.stats.seconds,
    source: `measured here (${LOAD_DEVICES} devices × ${perDevice} readings, window 20)`,
  };
}

const ms = (x: number) => `${x.toFixed(1)} ms`;

/**
 * Publish → `alert` on a county officer's socket.io, under background telemetry at 0–200% of the
 * platform's stored rate; baseline: publish → QoS 1 subscriber through bare aedes under the same
 * background rate. Both sides are in processes of their own, the background in a load process per
 * side, the probes in this process.
 */
export const alarmLatencyBench: Benchmark = {
  name: 'alarm-latency',
  async run(options: BenchOptions): Promise<BenchResult[]> {
    const { quick, note, failure } = options;
    const { probes, budgetMs, levels, calibratePerDevice } = sizes(quick);
    const cleanups = new Cleanups();
    const results: BenchResult[] = [];
    try {
      const sites = await writeBenchSites(cleanups, {
        loadDevices: LOAD_DEVICES,
        smokeDetectors: WARMUP_PROBES + levels.length * probes,
      });
      const [bare, platform] = await Promise.all([
        step('start the bare aedes process', () => spawnBareAedes(cleanups), { timeoutMs: 40_000 }),
        step('start the platform', () => spawnPlatform(cleanups, { sitesFile: sites.path }), {
          timeoutMs: 100_000,
        }),
      ]);
      const [bareLoad, platformLoad] = await step(
        `connect ${LOAD_DEVICES} background devices to each broker`,
        () =>
          Promise.all([
            LoadProcess.start(cleanups, 'background → bare aedes', bare.mqttUrl, sites.loadDevices),
            LoadProcess.start(cleanups, 'background → platform', platform.mqttUrl, sites.loadDevices),
          ]),
        { timeoutMs: 60_000, watch: [bare.child, platform.child] },
      );
      const lost = (err: Error) => console.error(`  probe connection: ${err.message}`);
      const { socket, detectors, publisher, subscriber } = await step(
        'connect the smoke detectors, the bare aedes probe clients and the county officer’s socket.io',
        async () => {
          const token = await login(platform.base, sites.countyOfficer);
          const socket = await connectLive(cleanups, platform.base, token);
          const detectors = new Map<string, MqttClient>();
          for (const d of sites.smokeDetectors)
            detectors.set(d.id, (await connectDevice(cleanups, platform.mqttUrl, d, lost)).client);
          const probeUser = { id: 'bench-probe', secret: 'none' };
          const publisher = (await connectDevice(cleanups, bare.mqttUrl, probeUser, lost)).client;
          const subscriber = (
            await connectDevice(cleanups, bare.mqttUrl, { ...probeUser, id: 'bench-sub' }, lost)
          ).client;
          await subscriber.subscribeAsync('campus/v1/+/+/event', { qos: 1 });
          return { socket, detectors, publisher, subscriber };
        },
        { timeoutMs: 60_000, watch: [bare.child, platform.child] },
      );
      const bareSide = bareTarget(publisher, subscriber, bareLoad, [bare.child, bareLoad.child]);
      const platformSide = platformTarget(socket, detectors, platformLoad, [
        platform.child,
        platformLoad.child,
      ]);

      const { rate: fullRate, source } = await backgroundRate(options, platformLoad, calibratePerDevice, [
        platform.child,
        platformLoad.child,
      ]);
      note(`alarm latency: 100% background = ${Math.round(fullRate)} msgs/s, from ${source}`);

      const detectorsLeft = [...sites.smokeDetectors];
      const take = (n: number) => detectorsLeft.splice(0, n);
      const warm = take(WARMUP_PROBES);
      await sampleLevel(bareSide, 0, warm, 'warm-up', budgetMs);
      await sampleLevel(platformSide, 0, warm, 'warm-up', budgetMs);

      for (const level of levels) {
        const rate = level * fullRate;
        const label = `background ${Math.round(level * 100)}% (${Math.round(rate)} msgs/s)`;
        const devices = take(probes);
        try {
          const base = await sampleLevel(bareSide, rate, devices, label, budgetMs);
          const subject = await sampleLevel(platformSide, rate, devices, label, budgetMs);
          const row = (p: number): BenchResult => {
            const baseline = percentile(base.latencies, p);
            const value = percentile(subject.latencies, p);
            return {
              name: `alarm latency p${p}, background ${Math.round(level * 100)}% (vs bare aedes QoS 1 p${p})`,
              unit: 'ms',
              baseline,
              value,
              ratio: value / Math.max(baseline, 0.001),
            };
          };
          results.push(row(50), row(99));
          note(
            `alarm latency, ${label}: platform p50 ${ms(percentile(subject.latencies, 50))}, p99 ${ms(percentile(subject.latencies, 99))}, ` +
              `max ${ms(Math.max(...subject.latencies))} over ${subject.latencies.length} alerts` +
              (subject.latencies.length < probes
                ? ` (of ${probes}: the ${budgetMs / 1000} s budget ran out)`
                : '') +
              (rate > 0
                ? `; background acknowledged ${Math.round(subject.achievedRate)} msgs/s by the platform ` +
                  `(windows full ${Math.round(100 * subject.windowLimited)}% of the time), ` +
                  `${Math.round(base.achievedRate)} msgs/s by bare aedes`
                : ''),
          );
        } catch (err) {
          failure(errorText(err));
          // A level that failed (a crash, a lost connection, an alert that never came) fails under more load too.
          const skipped = levels.filter((l) => l > level).map((l) => `${Math.round(l * 100)}%`);
          if (skipped.length > 0)
            note(`alarm latency: background ${skipped.join(', ')} not measured after that failure`);
          break;
        }
      }
      const logged = platform.child.errorLines();
      if (logged.length > 0) note(`alarm latency: the platform logged errors: ${logged.join(' | ')}`);
      return results;
    } finally {
      await cleanups.run();
    }
  },
};
