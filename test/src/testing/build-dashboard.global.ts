import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const APP = join(ROOT, 'apps/dashboard');
const DIST = join(APP, 'dist');

/** Newest modification time (ms) of the files under `path` (a file or a directory). */
async function newestMtime(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path);
  const times = await Promise.all(entries.map((e) => newestMtime(join(path, e))));
  return Math.max(info.mtimeMs, ...times);
}

async function isFresh(): Promise<boolean> {
  const built = await stat(join(DIST, 'index.html')).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  if (built === 0) return false;
  const sources = await Promise.all(
    ['src', 'index.html', 'vite.config.ts', 'package.json'].map((p) => newestMtime(join(APP, p))),
  );
  return Math.max(...sources) < built;
}

/**
 * Vitest global setup of the `test` project: builds the dashboard once per run, before any spec
 * (the platforms the browser specs start serve `apps/dashboard/dist`). Skipped when the build is
 * newer than every source. The build goes to a private folder that then replaces `dist`, so a
 * second run at the same time never serves a half-emptied folder.
 */
export default async function buildDashboard(): Promise<void> {
  if (await isFresh()) return;
  const started = Date.now();
  const outDir = join(APP, `.dist-${randomUUID()}`);
  try {
    await promisify(execFile)(
      join(ROOT, 'node_modules/.bin/vite'),
      ['build', '--config', 'apps/dashboard/vite.config.ts', '--logLevel', 'warn', '--outDir', outDir],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
    );
    const old = `${DIST}.old-${randomUUID()}`;
    await rename(DIST, old).catch(() => undefined);
    await rename(outDir, DIST);
    await rm(old, { recursive: true, force: true });
  } catch (err) {
    await rm(outDir, { recursive: true, force: true });
    const stderr = (err as { stderr?: string }).stderr ?? String(err);
    throw new Error(`building the dashboard for the browser tests failed:\n${stderr}`);
  }
  console.log(`dashboard built for the browser tests in ${Date.now() - started} ms`);
}
