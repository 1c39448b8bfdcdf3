import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENGINE_NAMES, openEngine, readingBatches, type EngineName } from './store-engines';

/**
 * One engine alone in a fresh process (`node --import tsx bench/store-engine-rss.ts ENGINE COUNT`):
 * the process's resident memory before opening, after opening, and after writing COUNT readings,
 * printed as one JSON line. A process of its own, because RSS counts every thread and nothing a
 * closed engine freed is reliably given back to the OS.
 */
export interface RssReport {
  engine: EngineName;
  startMiB: number;
  openMiB: number;
  writtenMiB: number;
}

const mib = () => Math.round(process.memoryUsage.rss() / 2 ** 20);

async function main(): Promise<void> {
  const [name, countText] = process.argv.slice(2);
  const engine = ENGINE_NAMES.find((n) => n === name);
  if (!engine) throw new Error(`usage: store-engine-rss.ts ${ENGINE_NAMES.join('|')} COUNT`);
  const dir = await mkdtemp(join(tmpdir(), 'campus-bench-rss-'));
  try {
    const startMiB = mib();
    const store = await openEngine(engine, dir);
    const openMiB = mib();
    for (const batch of readingBatches(Date.now() - 86_400_000, Number(countText ?? 20_000)))
      await store.write(batch);
    const writtenMiB = mib();
    await store.close();
    const report: RssReport = { engine, startMiB, openMiB, writtenMiB };
    console.log(JSON.stringify(report));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
});
