import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { StoredMessage } from '@campus/ingest';
import { Cleanups, resultOf, type BenchOptions, type BenchResult, type Benchmark } from './context';
import { tempDir, timestampAllocator } from './fixtures';
import { measurePair, type Phase, type Run } from './measure';
import type { RssReport } from './store-engine-rss';
import {
  BATCH,
  duckdbInstalled,
  openEngine,
  readingBatches,
  type EngineName,
  type EngineStore,
} from './store-engines';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const run = promisify(execFile);

const LABELS: Record<EngineName, string> = {
  'pglite-thread': 'PGlite, main thread (today)',
  'pglite-worker': 'PGlite, worker thread',
  'sqlite-worker': 'better-sqlite3, worker thread (WorkerTimeSeriesSink)',
  'duckdb-worker': 'DuckDB, worker thread',
};

/** The main thread's event-loop utilisation summed over the measured runs of one side. */
class EluMeter {
  private active = 0;
  private total = 0;
  private runs = 0;

  wrap(side: Run): Run {
    return async (phase: Phase) => {
      if (phase === 'warmup') return side(phase);
      const before = performance.eventLoopUtilization();
      await side(phase);
      const delta = performance.eventLoopUtilization(before);
      this.active += delta.active;
      this.total += delta.active + delta.idle;
      this.runs++;
    };
  }

  /** Busy share of the wall time, and busy ms per 1000 readings (comparable across engine speeds). */
  describe(readingsPerRun: number): string {
    const share = Math.round((100 * this.active) / Math.max(this.total, 1e-9));
    const perBatch = (this.active / Math.max(this.runs * readingsPerRun, 1)) * BATCH;
    return `${share}% (${perBatch.toFixed(2)} ms per 1000 readings)`;
  }
}

/**
 * A side writes `count` readings in batches of 1000, one batch after another, as the outbox does.
 * Each run's batches are built before the clock starts, so the main thread's share of a run is the
 * engine's (handing batches over, awaiting answers), not the bench building readings.
 */
function writeRun(store: EngineStore, count: number, runs: number, nextBase: () => number) {
  const prepared = [readingBatches(nextBase(), 2 * BATCH)];
  for (let i = 0; i < runs; i++) prepared.push(readingBatches(nextBase(), count));
  let written = 0;
  let last: StoredMessage[] = [];
  const side: Run = async () => {
    const batches = prepared.shift();
    if (!batches) throw new Error('store-engines: more runs than prepared');
    for (const batch of batches) await store.write(batch);
    written += batches.length * BATCH;
    last = batches.at(-1) ?? [];
  };
  return { side, written: () => written, last: () => last };
}

/** Stored counts after the runs, and the upsert semantics: rewriting a batch adds no point. */
async function checkStored(
  label: string,
  store: EngineStore,
  before: number,
  run: ReturnType<typeof writeRun>,
): Promise<void> {
  const stored = (await store.telemetryPoints()) - before;
  if (stored !== run.written())
    throw new Error(`${label}: wrote ${run.written()} readings, ${stored} stored`);
  await store.write(run.last());
  const again = (await store.telemetryPoints()) - before;
  if (again !== stored) throw new Error(`${label}: rewriting a batch changed ${stored} points to ${again}`);
}

async function compareEngine(
  name: EngineName,
  baseline: EngineStore,
  dir: string,
  { quick, note }: BenchOptions,
  nextBase: () => number,
): Promise<BenchResult> {
  const count = quick ? 2_000 : 20_000;
  const reps = quick ? 1 : 3;
  const subject = await openEngine(name, dir);
  try {
    const baseBefore = await baseline.telemetryPoints();
    const baseRun = writeRun(baseline, count, reps, nextBase);
    const run = writeRun(subject, count, reps, nextBase);
    const subjectElu = new EluMeter();
    const baseElu = new EluMeter();
    const timing = await measurePair(baseElu.wrap(baseRun.side), subjectElu.wrap(run.side), {
      ops: count,
      warmup: 1,
      reps,
    });
    await checkStored(LABELS[name], subject, 0, run);
    await checkStored(LABELS['pglite-thread'], baseline, baseBefore, baseRun);
    note(
      `store-engines ${LABELS[name]}: main thread's event loop busy ${subjectElu.describe(count)} while it ` +
        `wrote; PGlite on the main thread in the same runs: ${baseElu.describe(count)}`,
    );
    return resultOf(`store engine ${LABELS[name]} (vs PGlite on the main thread)`, 'readings/s', timing);
  } finally {
    await subject.close();
  }
}

/** RSS of one engine alone in a fresh process (store-engine-rss.ts). */
async function rssOf(name: EngineName, count: number): Promise<RssReport> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'bench/store-engine-rss.ts', name, String(count)],
    { cwd: ROOT, timeout: 180_000 },
  );
  const line = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as RssReport;
}

/**
 * The embedded time-series engines side by side: the same batches of 1000 readings (one device,
 * distinct ts, two metrics, org tags), written as idempotent upserts with the same key and indexes,
 * through today's PGlite sink on the main thread (the baseline) and through candidates in a worker
 * thread. Reported beside throughput: how busy the main thread's event loop was while writing (the
 * point of a worker), and each engine's RSS in a process of its own.
 */
export const storeEnginesBench: Benchmark = {
  name: 'store-engines',
  async run(options: BenchOptions): Promise<BenchResult[]> {
    const count = options.quick ? 2_000 : 20_000;
    const cleanups = new Cleanups();
    try {
      const nextBase = timestampAllocator(count);
      const baseline = await openEngine('pglite-thread', await tempDir(cleanups, 'engines-pglite-thread'));
      cleanups.add(() => baseline.close());
      const engines: EngineName[] = ['pglite-worker', 'sqlite-worker'];
      if (await duckdbInstalled()) engines.push('duckdb-worker');
      else
        options.note(
          'store-engines DuckDB: skipped, @duckdb/node-api is not installed (it is no dependency; ' +
            'npm install --no-save @duckdb/node-api@1.5 to measure it)',
        );
      const results: BenchResult[] = [];
      for (const name of engines) {
        results.push(
          await compareEngine(name, baseline, await tempDir(cleanups, `engines-${name}`), options, nextBase),
        );
      }
      const rss: string[] = [];
      for (const name of ['pglite-thread', ...engines] as EngineName[]) {
        const r = await rssOf(name, count);
        rss.push(
          `${LABELS[name]}: ${r.startMiB} MiB before opening, ${r.openMiB} open, ${r.writtenMiB} after ${count} readings`,
        );
      }
      options.note(
        `store-engines RSS, each engine alone in a fresh node --import tsx process: ${rss.join('; ')}`,
      );
      return results;
    } finally {
      await cleanups.run();
    }
  },
};
