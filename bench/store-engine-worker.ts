import { parentPort } from 'node:worker_threads';
import { EmbeddedTimeSeriesSink, typeScriptWorkerData, type StoredMessage } from '@campus/ingest';
import { openDuckdbStore } from './duckdb-store';
import { DEVICE, silentLogger } from './fixtures';
import type { EngineRequest, EngineResponse, EngineWorkerData } from './store-engines';

interface Store {
  write(batch: readonly StoredMessage[]): Promise<void>;
  telemetryPoints(): Promise<number>;
  close(): Promise<void>;
}

/** A candidate engine in a worker thread (store-engines.ts): PGlite with the embedded sink's own SQL, or DuckDB. */
async function open({ engine, dir }: EngineWorkerData): Promise<Store> {
  if (engine === 'duckdb') return openDuckdbStore(dir);
  const sink = await EmbeddedTimeSeriesSink.open(dir, silentLogger);
  await sink.init();
  return {
    write: (batch) => sink.write(batch),
    telemetryPoints: async () => (await sink.countPoints(DEVICE)).telemetry,
    close: () => sink.close(),
  };
}

async function main(): Promise<void> {
  const port = parentPort!;
  const reply = (response: EngineResponse) => port.postMessage(response);
  let store: Store;
  try {
    store = await open(typeScriptWorkerData() as EngineWorkerData);
  } catch (err) {
    reply({ id: 0, ok: false, error: err instanceof Error ? err.message : String(err) });
    return;
  }
  // One request at a time, as the sink's own worker does: each waits for the one before.
  let queue = Promise.resolve();
  port.on('message', (request: EngineRequest) => {
    queue = queue.then(async () => {
      try {
        if (request.op === 'write') await store.write(request.batch);
        if (request.op === 'close') await store.close();
        const value = request.op === 'count' ? await store.telemetryPoints() : undefined;
        reply({ id: request.id, ok: true, ...(value === undefined ? {} : { value }) });
      } catch (err) {
        reply({ id: request.id, ok: false, error: err instanceof Error ? err.message : String(err) });
      }
    });
  });
  reply({ id: 0, ok: true });
}

void main();
