import type { ManagedProcess } from './processes';
import type { TempDir } from './temp-dirs';

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

export function serverHandle(url: string, dir: TempDir, proc: ManagedProcess): TestServer {
  let removed = false;
  return {
    url,
    dir: dir.path,
    async stop() {
      await proc.signal('SIGTERM');
      if (!removed) {
        removed = true;
        await dir.remove();
      }
    },
    async restart() {
      if (removed) throw new Error(`cannot restart the server at ${url}: stop() already removed ${dir.path}`);
      await proc.signal('SIGTERM');
      await proc.start();
    },
    async kill() {
      await proc.signal('SIGKILL');
    },
  };
}

/** Starts `proc` behind a handle; a failed start removes the temp dir before the error propagates. */
export async function startServer(url: string, dir: TempDir, proc: ManagedProcess): Promise<TestServer> {
  const handle = serverHandle(url, dir, proc);
  try {
    await proc.start();
  } catch (error) {
    await handle.stop();
    throw error;
  }
  return handle;
}
