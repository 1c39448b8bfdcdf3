import { readFile } from 'node:fs/promises';
import { writeBenchSites, type BenchDevice } from './bench-sites';
import { spawnBareAedes } from './bare-aedes-process';
import { Cleanups, type BenchOptions, type BenchResult, type Benchmark } from './context';
import { connectDevice } from './device-fleet';
import { spawnPlatform } from './platform-process';
import { waitFor } from '@campus/test-kit';
import { step, type ManagedChild } from './processes';

/** Connects in flight at once: below the listen backlog, so SYN retries are not what is measured. */
const CONCURRENCY = 200;

/** Resident memory of a child process in MiB (VmRSS), as `ps` and the operator's monitoring see it. */
async function rssMiB(child: ManagedChild): Promise<number> {
  const pid = child.child.pid;
  if (pid === undefined) throw new Error(`${child.name} has no pid`);
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kb) / 1024;
}

/**
 * Idle RSS once it has settled: sampled every second until two samples 5 s apart differ by less
 * than 2 %, so a GC in flight or a start-up peak is not what is reported.
 */
async function settledRss(child: ManagedChild): Promise<number> {
  let previous = await rssMiB(child);
  let settled = previous;
  await waitFor(
    async () => {
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      const now = await rssMiB(child);
      const stable = Math.abs(now - previous) / previous < 0.02;
      previous = now;
      settled = now;
      return stable;
    },
    { what: `${child.name}'s memory to settle`, timeoutMs: 60_000, intervalMs: 50 },
  );
  return settled;
}

async function connectAll(
  cleanups: Cleanups,
  url: string,
  devices: readonly BenchDevice[],
  publish: boolean,
): Promise<void> {
  let lost: Error | undefined;
  let next = 0;
  const worker = async () => {
    while (next < devices.length) {
      const device = devices[next++]!;
      const { client } = await connectDevice(cleanups, url, device, (err) => (lost ??= err));
      // one reading each, so every device has state (last seen, battery) as in service
      if (publish)
        await client.publishAsync(
          `campus/v1/${device.school}/${device.id}/telemetry`,
          JSON.stringify({ metrics: { temperature: 21.5, battery: 90 } }),
          { qos: 1 },
        );
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, devices.length) }, worker));
  if (lost) throw lost;
}

/**
 * The all-in-one's resident memory at rest with 2,000 devices declared and connected (each has sent
 * one reading), on a fresh DATA_DIR (the first start, which also initialises the embedded database)
 * and again after a restart on the same DATA_DIR; the baseline is bare aedes with the same 2,000
 * connections.
 */
export const idleMemoryBench: Benchmark = {
  name: 'idle-memory',
  async run({ quick, note }: BenchOptions): Promise<BenchResult[]> {
    const count = quick ? 500 : 2_000;
    const cleanups = new Cleanups();
    try {
      const sites = await writeBenchSites(cleanups, { loadDevices: count, schools: Math.ceil(count / 100) });
      const bare = await step('start the bare aedes process', () => spawnBareAedes(cleanups), {
        timeoutMs: 40_000,
      });
      await step(
        `bare aedes: connect ${count} devices`,
        () => connectAll(cleanups, bare.mqttUrl, sites.loadDevices, false),
        {
          timeoutMs: 120_000,
          watch: [bare.child],
        },
      );
      const bareRss = await settledRss(bare.child);

      const measure = async (label: string, dataDir?: string) => {
        const platform = await step(
          `start the platform (${label})`,
          () => spawnPlatform(cleanups, { sitesFile: sites.path, ...(dataDir ? { dataDir } : {}) }),
          { timeoutMs: 120_000 },
        );
        const started = await rssMiB(platform.child);
        await step(
          `platform (${label}): connect ${count} devices, one reading each`,
          () => connectAll(cleanups, platform.mqttUrl, sites.loadDevices, true),
          { timeoutMs: 180_000, watch: [platform.child] },
        );
        const rss = await settledRss(platform.child);
        return { platform, started, rss };
      };
      const first = await measure('first start, fresh DATA_DIR');
      await first.platform.child.stop();
      // the restart keeps the first run's DATA_DIR (removed by cleanups with it)
      const again = await measure('restart on the same DATA_DIR', first.platform.dataDir);
      note(
        `idle memory, ${count} devices declared and connected: bare aedes ${bareRss.toFixed(0)} MiB; ` +
          `platform first start ${first.rss.toFixed(0)} MiB (${first.started.toFixed(0)} MiB before the devices), ` +
          `after a restart ${again.rss.toFixed(0)} MiB (${again.started.toFixed(0)} MiB before the devices)`,
      );
      return [
        {
          name: `idle RSS, ${count} devices connected, first start (vs bare aedes)`,
          unit: 'MiB',
          baseline: bareRss,
          value: first.rss,
          ratio: first.rss / bareRss,
        },
        {
          name: `idle RSS, ${count} devices connected, after a restart (vs bare aedes)`,
          unit: 'MiB',
          baseline: bareRss,
          value: again.rss,
          ratio: again.rss / bareRss,
        },
      ];
    } finally {
      await cleanups.run();
    }
  },
};
