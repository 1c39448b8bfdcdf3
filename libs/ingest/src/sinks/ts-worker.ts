import { Worker, workerData, type WorkerOptions } from 'node:worker_threads';

const BOOTSTRAP = new URL('./ts-worker-bootstrap.mjs', import.meta.url);

interface BootstrapData {
  entry: string;
  data: unknown;
}

/**
 * Starts a worker thread on a TypeScript module. `new Worker('x.ts')` fails on Node 20 even when
 * the parent runs under tsx (see ts-worker-bootstrap.mjs), so the worker starts on a small
 * JavaScript bootstrap that registers tsx and then imports `entry`. The entry reads what it was
 * given with {@link typeScriptWorkerData}, not with `workerData`.
 */
export function startTypeScriptWorker(entry: URL, options: WorkerOptions = {}): Worker {
  const data: BootstrapData = { entry: entry.href, data: options.workerData };
  return new Worker(BOOTSTRAP, { ...options, workerData: data });
}

/** Inside a worker started by {@link startTypeScriptWorker}: the `workerData` its parent passed. */
export function typeScriptWorkerData(): unknown {
  const data = workerData as Partial<BootstrapData> | null;
  return data?.data;
}
