import { rm } from 'node:fs/promises';
import type { ManagedProcess } from './managed-process';

/** A throwaway server for tests, in its own temp dir on free loopback ports. */
export interface TestServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** The temp dir holding the server's data, config and `server.log`. */
  dir: string;
  /** SIGTERM, wait for the exit, then remove the temp dir. Safe to call again, also after `kill()`. */
  stop(): Promise<void>;
  /** Graceful stop (if running) and start again on the same dirs and ports: the data survives. */
  restart(): Promise<void>;
  /** SIGKILL (a crash) and wait for the exit; the dir stays, so `restart()` brings the server back. */
  kill(): Promise<void>;
}

export function serverHandle(url: string, dir: string, proc: ManagedProcess): TestServer {
  let removed = false;
  return {
    url,
    dir,
    async stop() {
      await proc.signal('SIGTERM');
      if (!removed) {
        removed = true;
        await rm(dir, { recursive: true, force: true });
      }
    },
    async restart() {
      if (removed) throw new Error(`cannot restart the server at ${url}: stop() already removed ${dir}`);
      await proc.signal('SIGTERM');
      await proc.start();
    },
    async kill() {
      await proc.signal('SIGKILL');
    },
  };
}
