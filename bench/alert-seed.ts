import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Cleanups } from './context';
import { isSeedResult, type SeedRequest, type SeedResult } from './alert-seed-protocol';
import { spawnPlatform } from './platform-process';
import { removeAtExit } from '@campus/test-kit';
import { spawnTsx, step, type ManagedChild } from './processes';

export type { SeededAlert, SeedSpec } from './alert-seed-protocol';

/** A temp dir removed by `cleanups`, and at exit should the bench die first. */
export async function tempDir(cleanups: Cleanups, prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const forget = removeAtExit(dir);
  cleanups.add(async () => {
    await rm(dir, { recursive: true, force: true });
    forget();
  });
  return dir;
}

/**
 * A DATA_DIR the platform has created and migrated: the platform is started on it once and stopped
 * again (gracefully, so PGlite is closed cleanly). Returns the dir and how long that start took,
 * an upper bound for a restart on it (initdb in WASM is part of the first start only).
 */
export async function preparedDataDir(
  cleanups: Cleanups,
  sitesFile: string,
): Promise<{ dataDir: string; startSeconds: number }> {
  const dataDir = await tempDir(cleanups, 'campus-bench-data-');
  const t0 = performance.now();
  const platform = await spawnPlatform(cleanups, { sitesFile, dataDir });
  const startSeconds = (performance.now() - t0) / 1000;
  await stopPlatformCleanly(platform.child, 'the platform that created the database');
  return { dataDir, startSeconds };
}

/** A copy of a prepared DATA_DIR (each platform needs its own; copying beats a second initdb). */
export async function copyDataDir(cleanups: Cleanups, from: string): Promise<string> {
  const dir = await tempDir(cleanups, 'campus-bench-data-');
  await cp(from, dir, { recursive: true });
  return dir;
}

/**
 * SIGTERM, and the exit must be a clean one: a platform killed while PGlite writes would leave the
 * next open to crash recovery (or worse), and the seeding would then measure something else. The
 * grace is long because shutdown on a busy 2-core machine can take many seconds.
 */
async function stopPlatformCleanly(child: ManagedChild, what: string): Promise<void> {
  await child.stop(60_000);
  const status = await child.exited;
  if (status.code !== 0)
    throw new Error(`${what} did not stop cleanly (exit code ${status.code}, signal ${status.signal})`);
}

/**
 * Opens `request.alerts` in the stopped platform's database (bench/alert-seed-main.ts, in a child
 * process) and returns what was opened.
 */
export async function seedAlerts(cleanups: Cleanups, request: SeedRequest): Promise<SeedResult> {
  const dir = await tempDir(cleanups, 'campus-bench-seed-');
  const requestPath = join(dir, 'request.json');
  const resultPath = join(dir, 'result.json');
  await writeFile(requestPath, JSON.stringify(request));
  const child = spawnTsx(cleanups, 'seed', 'bench/alert-seed-main.ts', {
    SEED_REQUEST: requestPath,
    SEED_RESULT: resultPath,
  });
  return step(
    `open ${request.alerts.length} alerts in the stopped platform's database`,
    async () => {
      const status = await child.exited;
      if (status.code !== 0) throw new Error(child.describeExit());
      const result: unknown = JSON.parse(await readFile(resultPath, 'utf8'));
      if (!isSeedResult(result)) throw new Error(`${resultPath} is not a seed result`);
      if (result.alerts.length !== request.alerts.length)
        throw new Error(`asked for ${request.alerts.length} alerts, ${result.alerts.length} were opened`);
      return result;
    },
    { timeoutMs: 300_000 },
  );
}
