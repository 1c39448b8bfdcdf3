import { parentPort } from 'node:worker_threads';
import { SqliteTimeSeriesStore } from './sqlite-store';
import { typeScriptWorkerData } from './ts-worker';
import {
  toWireError,
  type StoreRequest,
  type StoreResponse,
  type StoreStartup,
  type StoreWorkerData,
} from './worker-protocol';

/**
 * The store worker's entry (started by worker-sink.ts): it owns the SQLite connection and answers
 * one request at a time, in arrival order, so a `close` queued behind writes runs after them.
 */
function dispatch(store: SqliteTimeSeriesStore, request: StoreRequest): unknown {
  switch (request.op) {
    case 'init':
      return store.init();
    case 'write':
      return store.writePacked(...request.args);
    case 'queryTelemetry':
      return store.queryTelemetry(...request.args);
    case 'queryEvents':
      return store.queryEvents(...request.args);
    case 'queryStatus':
      return store.queryStatus(...request.args);
    case 'countPoints':
      return store.countPoints(...request.args);
    case 'purgeOlderThan':
      return store.purgeOlderThan(...request.args);
    case 'close':
      return store.close();
  }
}

function main(): void {
  const port = parentPort;
  if (!port) throw new Error('sqlite-worker.ts runs as a worker thread (see worker-sink.ts), not on its own');
  const { file } = typeScriptWorkerData() as StoreWorkerData;
  let store: SqliteTimeSeriesStore;
  try {
    store = SqliteTimeSeriesStore.open(file);
  } catch (error) {
    port.postMessage({ type: 'failed', error: toWireError(error) } satisfies StoreStartup);
    port.close();
    return;
  }
  port.on('message', (request: StoreRequest) => {
    let response: StoreResponse;
    try {
      response = { id: request.id, ok: true, value: dispatch(store, request) };
    } catch (error) {
      response = { id: request.id, ok: false, error: toWireError(error) };
    }
    port.postMessage(response);
    // Closing the port lets the thread end by itself once the store is closed.
    if (request.op === 'close') port.close();
  });
  port.postMessage({ type: 'ready' } satisfies StoreStartup);
}

main();
