import { reading } from './stored-message.fixture';
import type { StoredMessage } from '../sinks/series-point';
import { WorkerTimeSeriesSink } from '../sinks/worker-sink';

/**
 * A process for the SIGKILL test of worker-sink.spec.ts: `node --import tsx worker-sink-writer.ts DIR
 * DEVICE BATCH` writes batches of BATCH readings into the worker sink on DIR, one after another, and
 * prints `acked N` (readings so far) as soon as each write() resolved, until it is killed.
 */
async function main(): Promise<void> {
  const [dir, device, batchText] = process.argv.slice(2);
  if (dir === undefined || device === undefined)
    throw new Error('usage: worker-sink-writer.ts DIR DEVICE BATCH');
  const size = Number(batchText ?? 1000);
  const sink = await WorkerTimeSeriesSink.open(dir);
  await sink.init();
  for (let start = 0; ; start += size) {
    const batch: StoredMessage[] = [];
    for (let i = start; i < start + size; i++) batch.push(reading(device, 1_000_000 + i, { v: i, w: -i }));
    await sink.write(batch);
    process.stdout.write(`acked ${start + size}\n`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
});
