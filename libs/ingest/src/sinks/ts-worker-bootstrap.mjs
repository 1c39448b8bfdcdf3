// A worker thread's first module, in plain JavaScript because nothing can load TypeScript yet:
// Node 20 ignores `--import` in a worker's execArgv, so the tsx loader the parent runs under (the
// tsx CLI, `node --import tsx`, or Vitest's own transform) never reaches the worker. Registering
// tsx here, then importing the real entry, works under all three.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
