import { performance } from 'node:perf_hooks';
import { spawnBareAedes } from './bare-aedes-process';
import { writeBenchSites, type BenchDevice } from './bench-sites';
import { Cleanups, type BenchOptions, type BenchResult, type Benchmark } from './context';
import { connectDevice } from './device-fleet';
import { median } from './measure';
import { fetchMetrics, metricSum, spawnPlatform, type PlatformProcess } from './platform-process';
import { waitFor } from '@campus/test-kit';
import { step, type ManagedChild } from './processes';

/**
 * scrypt cost of the devices' hashes: 1/8 of production's N=16384 (about 40 ms a check here), so
 * that hashing 2,000 secrets for the sites file and 2,000 cold checks in the platform fit the time
 * bound. Each check costs about 5 ms; multiply the cold storm's time by ~8 for production hashes.
 */
const SCRYPT_N = 2048;
/**
 * Connects in flight at once: a storm, but under the listen backlog (511), so that the kernel's SYN
 * retries (1 s, 3 s…) do not end up being what is measured.
 */
const CONCURRENCY = 200;

const sizes = (quick: boolean) => (quick ? { devices: 300, reps: 1 } : { devices: 2_000, reps: 3 });

interface Storm {
  seconds: number;
  close(): Promise<void>;
}

/** Connects every device, `CONCURRENCY` at a time; resolves when the last CONNACK is in. */
async function storm(cleanups: Cleanups, url: string, devices: readonly BenchDevice[]): Promise<Storm> {
  let lost: Error | undefined;
  const onLost = (err: Error) => (lost ??= err);
  const clients: { close(): Promise<void> }[] = [];
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < devices.length) {
      const device = devices[next++]!;
      clients.push(await connectDevice(cleanups, url, device, onLost));
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, devices.length) }, worker));
  const seconds = (performance.now() - start) / 1000;
  if (lost) throw lost;
  return { seconds, close: async () => void (await Promise.all(clients.map((c) => c.close()))) };
}

const connected = async (platform: PlatformProcess) =>
  metricSum(await fetchMetrics(platform.base), 'campus_mqtt_clients_connected');

/**
 * How fast 2,000 devices with hashed secrets get back in when they all connect at once: the first
 * storm after start-up (every scrypt check done), and later storms (the verified-secret cache),
 * against the same storm on bare aedes (no authentication at all).
 */
export const reconnectStormBench: Benchmark = {
  name: 'reconnect-storm',
  async run({ quick, note }: BenchOptions): Promise<BenchResult[]> {
    const { devices: count, reps } = sizes(quick);
    const cleanups = new Cleanups();
    try {
      const t0 = performance.now();
      const sites = await writeBenchSites(cleanups, {
        loadDevices: count,
        schools: Math.ceil(count / 100),
        secrets: 'hashed',
        scryptN: SCRYPT_N,
      });
      const hashSeconds = (performance.now() - t0) / 1000;
      const [bare, platform] = await Promise.all([
        step('start the bare aedes process', () => spawnBareAedes(cleanups), { timeoutMs: 40_000 }),
        step('start the platform', () => spawnPlatform(cleanups, { sitesFile: sites.path }), {
          timeoutMs: 100_000,
        }),
      ]);
      const watch: ManagedChild[] = [bare.child, platform.child];
      const idle = await connected(platform);
      const stormOf = async (side: 'bare' | 'platform', what: string): Promise<number> => {
        const url = side === 'bare' ? bare.mqttUrl : platform.mqttUrl;
        const result = await step(
          `${side === 'bare' ? 'bare aedes' : 'platform'}: ${what}, ${count} devices`,
          () => storm(cleanups, url, sites.loadDevices),
          { timeoutMs: 100_000, watch },
        );
        await step(
          `${side === 'bare' ? 'bare aedes' : 'platform'}: disconnect ${count} devices after ${what}`,
          async () => {
            await result.close();
            if (side === 'platform')
              await waitFor(async () => (await connected(platform)) <= idle, {
                what: 'the platform to count them gone',
                timeoutMs: 30_000,
                intervalMs: 50,
              });
          },
          { timeoutMs: 40_000, watch },
        );
        return result.seconds;
      };

      await stormOf('bare', 'warm-up storm'); // warms this process's client code, not timed
      const bareCold = await stormOf('bare', 'first storm');
      const platformCold = await stormOf('platform', 'first storm (every secret checked with scrypt)');
      const bareSamples: number[] = [bareCold];
      const platformSamples: number[] = [];
      for (let i = 0; i < reps; i++) {
        bareSamples.push(await stormOf('bare', `storm ${i + 2}`));
        platformSamples.push(await stormOf('platform', `storm ${i + 2} (verified-secret cache)`));
      }
      const bareRate = count / median(bareSamples);
      const coldRate = count / platformCold;
      const warmRate = count / median(platformSamples);
      note(
        `reconnect storm: ${count} devices with scrypt N=${SCRYPT_N} hashes (production: 16384, ~8× the cost per ` +
          `check), ${CONCURRENCY} connects in flight; hashing them for the sites file took ${hashSeconds.toFixed(1)} s. ` +
          `First storm through the platform: ${platformCold.toFixed(1)} s; later ones ${platformSamples.map((s) => s.toFixed(1)).join(', ')} s; ` +
          `bare aedes ${bareSamples.map((s) => s.toFixed(1)).join(', ')} s`,
      );
      const logged = platform.child.errorLines();
      if (logged.length > 0) note(`reconnect storm: the platform logged errors: ${logged.join(' | ')}`);
      return [
        {
          name: `reconnect storm, first after start, scrypt N=${SCRYPT_N} (vs bare aedes)`,
          unit: 'connects/s',
          baseline: bareRate,
          value: coldRate,
          ratio: bareRate / coldRate,
        },
        {
          name: 'reconnect storm, again (verified-secret cache) (vs bare aedes)',
          unit: 'connects/s',
          baseline: bareRate,
          value: warmRate,
          ratio: bareRate / warmRate,
        },
      ];
    } finally {
      await cleanups.run();
    }
  },
};
