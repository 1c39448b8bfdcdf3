import type { Worker } from 'node:worker_threads';
import type { OrgPath } from '@campus/device-protocols';
import {
  EmbeddedTimeSeriesSink,
  WorkerTimeSeriesSink,
  startTypeScriptWorker,
  type StoredMessage,
} from '@campus/ingest';
import { DEVICE, SCHOOL, silentLogger } from './fixtures';

/**
 * The embedded time-series engines that store-engines-bench.ts compares, each opened on a directory
 * of its own and driven through the same three calls. `pglite-thread` is today's sink, on the main
 * thread; the others run in a worker thread.
 */
export const ENGINE_NAMES = ['pglite-thread', 'pglite-worker', 'sqlite-worker', 'duckdb-worker'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

export interface EngineStore {
  write(batch: readonly StoredMessage[]): Promise<void>;
  /** Stored telemetry points of the bench device (one per reading, whatever its metrics). */
  telemetryPoints(): Promise<number>;
  close(): Promise<void>;
}

export const BATCH = 1000;
const ORG: OrgPath = { province: '610000', city: '610100', county: '610113', school: SCHOOL };

/** `count` readings from `baseTs` on, 1 ms apart, two metrics each, in batches of 1000. */
export function readingBatches(baseTs: number, count: number): StoredMessage[][] {
  const batches: StoredMessage[][] = [];
  for (let start = 0; start < count; start += BATCH) {
    const batch: StoredMessage[] = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      batch.push({
        message: {
          kind: 'reading',
          device: DEVICE,
          ts: baseTs + i,
          metrics: { temperature: 20 + (i % 100) / 10, seq: i },
        },
        org: ORG,
        deviceKind: 'temperature_sensor',
      });
    }
    batches.push(batch);
  }
  return batches;
}

/** What store-engine-worker.ts is asked, and answers. */
export type EngineCall = { op: 'write'; batch: readonly StoredMessage[] } | { op: 'count' } | { op: 'close' };
export type EngineRequest = EngineCall & { id: number };
export type EngineResponse =
  { id: number; ok: true; value?: number } | { id: number; ok: false; error: string };
export interface EngineWorkerData {
  engine: 'pglite' | 'duckdb';
  dir: string;
}

/** The main-thread side of store-engine-worker.ts: id 0 is the worker's "open" answer. */
class EngineWorker implements EngineStore {
  private readonly pending = new Map<
    number,
    { resolve(v: number | undefined): void; reject(e: Error): void }
  >();
  private nextId = 1;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (r: EngineResponse) => {
      const p = this.pending.get(r.id);
      this.pending.delete(r.id);
      if (r.ok) p?.resolve(r.value);
      else p?.reject(new Error(r.error));
    });
    worker.on('exit', (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`engine worker exited with code ${code}`));
      this.pending.clear();
    });
  }

  static async start(data: EngineWorkerData): Promise<EngineWorker> {
    const worker = startTypeScriptWorker(new URL('./store-engine-worker.ts', import.meta.url), {
      workerData: data,
    });
    const engine = new EngineWorker(worker);
    try {
      await new Promise((resolve, reject) => engine.pending.set(0, { resolve, reject }));
    } catch (err) {
      await worker.terminate();
      throw err;
    }
    return engine;
  }

  private request(message: EngineCall): Promise<number | undefined> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id });
    });
  }

  async write(batch: readonly StoredMessage[]): Promise<void> {
    await this.request({ op: 'write', batch });
  }

  async telemetryPoints(): Promise<number> {
    return (await this.request({ op: 'count' })) ?? 0;
  }

  async close(): Promise<void> {
    await this.request({ op: 'close' });
    await this.worker.terminate();
  }
}

/** Whether `@duckdb/node-api` is installed: it is not a dependency, only a candidate measured here. */
export async function duckdbInstalled(): Promise<boolean> {
  const specifier: string = '@duckdb/node-api';
  try {
    await import(specifier);
    return true;
  } catch {
    return false;
  }
}

export async function openEngine(name: EngineName, dir: string): Promise<EngineStore> {
  switch (name) {
    case 'pglite-thread': {
      const sink = await EmbeddedTimeSeriesSink.open(dir, silentLogger);
      await sink.init();
      return sinkStore(sink);
    }
    case 'sqlite-worker': {
      const sink = await WorkerTimeSeriesSink.open(dir, silentLogger);
      await sink.init();
      return sinkStore(sink);
    }
    case 'pglite-worker':
      return EngineWorker.start({ engine: 'pglite', dir });
    case 'duckdb-worker':
      return EngineWorker.start({ engine: 'duckdb', dir });
  }
}

function sinkStore(sink: EmbeddedTimeSeriesSink | WorkerTimeSeriesSink): EngineStore {
  return {
    write: (batch) => sink.write(batch),
    telemetryPoints: async () => (await sink.countPoints(DEVICE)).telemetry,
    close: () => sink.close(),
  };
}
