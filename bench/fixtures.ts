import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino, { type Logger } from 'pino';
import { INFLUXD_BINARY } from '@campus/test-kit';
import type { Cleanups } from './context';

/** The whole-system tests' small province, read by path (bench never imports the `test` project). */
export const SITES_PATH = fileURLToPath(new URL('../test/fixtures/test-province.yaml', import.meta.url));
export const SCHOOL = '2161010001';
export const DEVICE = 'tmp-0001';
export const DEVICE_SECRET = 's3cret-tmp';
export const TELEMETRY_TOPIC = `campus/v1/${SCHOOL}/${DEVICE}/telemetry`;

export const silentLogger: Logger = pino({ level: 'silent' });

/** One telemetry reading as a device sends it: distinct `ts`, two metrics. */
export function telemetryPayload(ts: number, seq: number): string {
  return JSON.stringify({ ts, metrics: { temperature: 20 + (seq % 100) / 10, seq } });
}

/** A fresh temp dir, removed by `cleanups`. */
export async function tempDir(cleanups: Cleanups, prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `campus-bench-${prefix}-`));
  cleanups.add(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export function influxdInstalled(): boolean {
  return existsSync(INFLUXD_BINARY);
}

const WEEK_MS = 7 * 86_400_000;

/**
 * Base timestamps for runs of up to `count` readings (`base + i`, 1 ms apart): each run gets its
 * own range, a week back (well inside any retention) and clear of every earlier run, so each
 * write is a new point rather than an overwrite.
 */
export function timestampAllocator(count: number): () => number {
  let next = Date.now() - WEEK_MS;
  return () => {
    const base = next;
    next += count + 1000;
    return base;
  };
}
