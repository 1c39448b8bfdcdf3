import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Dirs to remove if the process exits without their own cleanup (a crashed or interrupted run). */
const live = new Set<string>();
process.once('exit', () => {
  for (const dir of live) rmSync(dir, { recursive: true, force: true });
});

/** Registers `dir` for removal at process exit too; the returned function forgets it again. */
export function removeAtExit(dir: string): () => void {
  live.add(dir);
  return () => live.delete(dir);
}

export interface TempDir {
  path: string;
  /** Removes the dir and everything in it. Safe to call twice. */
  remove(): Promise<void>;
}

/** A fresh `campus-<name>-XXXXXX` dir under the OS temp dir, removed at exit if nobody else does. */
export async function makeTempDir(name: string): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), `campus-${name}-`));
  const forget = removeAtExit(path);
  return {
    path,
    remove: async () => {
      await rm(path, { recursive: true, force: true });
      forget();
    },
  };
}
