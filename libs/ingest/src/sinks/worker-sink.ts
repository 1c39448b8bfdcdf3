import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { packBatch } from './packed-batch';
import type { StoredMessage } from './series-point';
import type { PointCounts } from './sqlite-store';
import type {
  EventQuery,
  StatusPoint,
  StoredEvent,
  TelemetryPoint,
  TelemetryQuery,
  TimeSeriesSink,
} from './time-series-sink';
import { startTypeScriptWorker } from './ts-worker';
import type {
  StoreCalls,
  StoreOp,
  StoreRequest,
  StoreResponse,
  StoreStartup,
  StoreWorkerData,
  WireError,
} from './worker-protocol';

/** The store's file inside its directory (`DATA_DIR/timeseries`), with SQLite's `-wal`/`-shm` beside it. */
export const SQLITE_FILE = 'timeseries.sqlite';

const ENTRY = new URL('./sqlite-worker.ts', import.meta.url);

interface Pending {
  /** What the caller asked for, in words, for the error if the worker dies first. */
  what: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The worker's error as an Error here, with the worker's stack kept as its cause. */
function fromWire(wire: WireError): Error {
  const remote = new Error(wire.message);
  remote.name = wire.name;
  if (wire.stack !== undefined) remote.stack = wire.stack;
  const error = new Error(wire.message, { cause: remote });
  if (wire.code !== undefined) Object.assign(error, { code: wire.code });
  return error;
}

/**
 * The embedded time-series store (SQLite, see sqlite-store.ts) in a worker thread of its own, so
 * that inserting and indexing batches never runs on the event loop the MQTT broker and the decode
 * pipeline share. This side only posts requests and settles their promises: one map of outstanding
 * requests keyed by id, answered in order by the worker.
 *
 * When the worker dies (a native crash, an out-of-memory kill of the thread), every pending request
 * rejects with an error that says so, and the next call starts a new worker on the same file. A
 * `write()` that resolved was committed to SQLite's WAL, which a crash of the whole process cannot
 * undo (see {@link SqliteTimeSeriesStore}); one that rejected may be retried: writes are upserts.
 */
export class WorkerTimeSeriesSink implements TimeSeriesSink {
  readonly name = 'embedded';
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** The worker being started or running; undefined until the first call and after it stopped. */
  private current: Worker | undefined;
  private running: Promise<Worker> | undefined;
  private initialized = false;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly file: string,
    private readonly logger?: Logger,
  ) {}

  /**
   * Opens the store in `dir` (created if missing; the file is `dir/timeseries.sqlite`), or in memory
   * when `dir` is undefined, and resolves once the worker has it open.
   */
  static async open(dir: string | undefined, logger?: Logger): Promise<WorkerTimeSeriesSink> {
    let file = ':memory:';
    if (dir !== undefined) {
      try {
        await mkdir(dir, { recursive: true });
      } catch (error) {
        throw new Error(
          `creating the embedded time-series directory ${dir} failed: ${describe(error)} — check that DATA_DIR is writable`,
          { cause: error },
        );
      }
      if (existsSync(join(dir, 'PG_VERSION'))) {
        logger?.warn(
          { dir },
          'this directory also holds the older PGlite time-series store: its points are not migrated,' +
            ' the SQLite store beside it starts empty; delete the PGlite files once they are not needed',
        );
      }
      file = join(dir, SQLITE_FILE);
    }
    const sink = new WorkerTimeSeriesSink(file, logger);
    await sink.worker();
    return sink;
  }

  async init(): Promise<void> {
    await this.call('init', 'creating the embedded time-series tables', []);
    this.initialized = true;
  }

  async write(batch: readonly StoredMessage[]): Promise<void> {
    if (batch.length === 0) return;
    const what = `embedded time-series write of ${batch.length} messages`;
    const { packed, transfer } = packBatch(batch);
    await this.call('write', what, transfer, packed);
    this.logger?.trace({ sink: this.name, messages: batch.length }, 'batch written');
  }

  queryTelemetry(query: TelemetryQuery): Promise<TelemetryPoint[]> {
    return this.call('queryTelemetry', 'embedded time-series telemetry query', [], query);
  }

  queryEvents(query: EventQuery): Promise<StoredEvent[]> {
    return this.call('queryEvents', 'embedded time-series event query', [], query);
  }

  queryStatus(query: { device: string; from: number; to: number }): Promise<StatusPoint[]> {
    return this.call('queryStatus', 'embedded time-series status query', [], query);
  }

  countPoints(device: string): Promise<PointCounts> {
    return this.call('countPoints', 'embedded time-series point count', [], device);
  }

  /**
   * Deletes points older than `days` days before `now` (one transaction) and returns how many went
   * from each table: the embedded store has no expiry of its own, so the gateway calls it daily.
   */
  async purgeOlderThan(days: number, now: number = Date.now()): Promise<PointCounts> {
    if (!Number.isFinite(days) || days <= 0) {
      throw new Error(`purgeOlderThan(${days}): the retention must be a positive number of days`);
    }
    const deleted = await this.call('purgeOlderThan', 'embedded time-series retention purge', [], days, now);
    const cutoff = new Date(now - days * 86_400_000).toISOString();
    this.logger?.info({ sink: this.name, days, cutoff, deleted }, 'retention purge');
    return deleted;
  }

  /** Waits for the requests already made, closes the database and ends the worker. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  /**
   * For tests: ends the worker thread abruptly, the way a crash would, without closing the sink.
   * Pending requests reject; the next call starts a new worker.
   */
  async crashWorkerForTesting(): Promise<void> {
    await this.current?.terminate();
  }

  private async shutDown(): Promise<void> {
    const running = this.running;
    if (!running) return;
    let worker: Worker;
    try {
      worker = await running;
    } catch {
      return; // it never started: there is nothing to close
    }
    try {
      await this.send(worker, 'close', 'closing the embedded time-series store', []);
    } catch (error) {
      this.logger?.warn({ err: error }, 'the time-series worker did not close the store cleanly');
    }
    // The database is closed (or the worker is gone): ending the thread loses nothing.
    await worker.terminate();
  }

  private async call<K extends StoreOp>(
    op: K,
    what: string,
    transfer: ArrayBuffer[],
    ...args: StoreCalls[K]['args']
  ): Promise<StoreCalls[K]['result']> {
    if (this.closing) throw this.closedError(what);
    const worker = await this.worker();
    if (this.closing) throw this.closedError(what);
    return this.send(worker, op, what, transfer, ...args);
  }

  private closedError(what: string): Error {
    return new Error(
      `${what} failed: the embedded time-series store is closed — open a new sink (the platform closes it only when stopping)`,
    );
  }

  private send<K extends StoreOp>(
    worker: Worker,
    op: K,
    what: string,
    transfer: ArrayBuffer[],
    ...args: StoreCalls[K]['args']
  ): Promise<StoreCalls[K]['result']> {
    return new Promise<StoreCalls[K]['result']>((resolve, reject) => {
      const id = this.nextId++;
      const settle = (value: unknown) => resolve(value as StoreCalls[K]['result']);
      this.pending.set(id, { what, resolve: settle, reject });
      // Pending work keeps the process alive; an idle store does not hold it open.
      if (this.pending.size === 1) worker.ref();
      try {
        worker.postMessage({ id, op, args } as StoreRequest, transfer);
      } catch (error) {
        this.forget(id);
        reject(
          new Error(
            `${what} failed: it could not be handed to the time-series worker: ${describe(error)}` +
              ' — messages must be plain data (numbers, strings, booleans, arrays and objects of them)',
            { cause: error },
          ),
        );
      }
    });
  }

  private forget(id: number): Pending | undefined {
    const pending = this.pending.get(id);
    this.pending.delete(id);
    if (this.pending.size === 0) this.current?.unref();
    return pending;
  }

  private worker(): Promise<Worker> {
    this.running ??= this.start();
    return this.running;
  }

  private async start(): Promise<Worker> {
    const workerData: StoreWorkerData = { file: this.file };
    const worker = startTypeScriptWorker(ENTRY, { workerData, name: 'timeseries-store' });
    this.current = worker;
    try {
      const started = await this.startup(worker);
      // A restarted worker on a store that was initialised: re-create what an in-memory store lost.
      if (this.initialized) await this.send(started, 'init', 'creating the embedded time-series tables', []);
      if (this.pending.size === 0) started.unref();
      this.logger?.info({ file: this.file, threadId: started.threadId }, 'time-series store worker started');
      return started;
    } catch (error) {
      if (this.current === worker) {
        this.current = undefined;
        this.running = undefined;
      }
      await worker.terminate();
      throw error;
    }
  }

  /** Wires the worker's events; resolves when it reports the store open, rejects when it cannot. */
  private startup(worker: Worker): Promise<Worker> {
    let crash: Error | undefined;
    let ready = false;
    return new Promise<Worker>((resolve, reject) => {
      worker.on('message', (message: StoreStartup | StoreResponse) => {
        if ('type' in message) {
          if (message.type === 'ready') {
            ready = true;
            resolve(worker);
          } else {
            reject(fromWire(message.error));
          }
          return;
        }
        const pending = this.forget(message.id);
        if (!pending) return;
        if (message.ok) pending.resolve(message.value);
        else pending.reject(fromWire(message.error));
      });
      // An uncaught error in the worker; 'exit' always follows, and reports it.
      worker.on('error', (error) => (crash = error));
      worker.on('exit', (code) => {
        this.stopped(worker, code, crash);
        if (!ready) {
          reject(
            new Error(
              `starting the embedded time-series worker failed (exit code ${code}` +
                `${crash ? `: ${crash.message}` : ''}) — check that better-sqlite3 is installed` +
                ' (npm ci builds it for this Node version) and that DATA_DIR is writable',
              { cause: crash },
            ),
          );
        }
      });
    });
  }

  private stopped(worker: Worker, code: number, crash: Error | undefined): void {
    if (this.current !== worker) return;
    this.current = undefined;
    this.running = undefined;
    if (this.pending.size === 0 && this.closing) return;
    if (!this.closing) {
      this.logger?.error(
        { err: crash, exitCode: code, pending: this.pending.size },
        'the time-series store worker stopped; its pending requests failed and the next call starts a new one',
      );
    }
    const reason =
      `the embedded time-series worker stopped (exit code ${code}${crash ? `: ${crash.message}` : ''})` +
      ' before answering, so its outcome is unknown: a write landed whole or not at all and is safe to retry;' +
      ' the next call starts a new worker';
    for (const [id, pending] of [...this.pending]) {
      this.forget(id);
      pending.reject(new Error(`${pending.what} failed: ${reason}`, { cause: crash }));
    }
  }
}
