import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort } from './ports';
import { cLocaleEnv, logTail, spawnLogged, stopSpawned, type Spawned } from './processes';
import { makeTempDir } from './temp-dirs';
import { waitFor } from './waiting';

export interface RedisServer {
  /** `redis://127.0.0.1:PORT` (no password, loopback only, nothing persisted). */
  url: string;
  port: number;
  /** Temp dir holding `redis.log`. */
  dir: string;
  /** SIGTERM, wait for the exit, remove the dir. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartRedisOptions {
  /** Default: `$REDIS_SERVER_BIN`, else `/usr/bin/redis-server`. */
  binary?: string;
}

const READY_TIMEOUT_MS = 10_000;
const POLL_MS = 25;
/** Whether a Redis server on the port answers `PING` with `+PONG` (raw RESP, no client library). */
function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

const stopServer = (server: Spawned) => stopSpawned(server, 'SIGTERM', 5_000);

/**
 * A throwaway `redis-server` on 127.0.0.1 and a free port, without persistence, in a temp dir;
 * resolves once it answers PING. Needs the Debian package: `apt-get install redis-server`.
 */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisServer> {
  const binary = options.binary ?? process.env['REDIS_SERVER_BIN'] ?? '/usr/bin/redis-server';
  if (!existsSync(binary)) {
    throw new Error(
      `redis-server not found at ${binary}: install it (apt-get install redis-server) or set REDIS_SERVER_BIN`,
    );
  }
  const temp = await makeTempDir('redis');
  const dir = temp.path;
  const logFile = join(dir, 'redis.log');
  try {
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const server = spawnLogged(
        binary,
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
        { cwd: dir, logFile, env: cLocaleEnv() },
      );
      try {
        await waitFor(() => pings(port), {
          timeoutMs: READY_TIMEOUT_MS,
          intervalMs: POLL_MS,
          what: `redis-server to answer PING on 127.0.0.1:${port}`,
          giveUp: () => {
            const exit = server.exitInfo();
            return exit && `redis-server ${exit} before answering PING on port ${port}`;
          },
        });
      } catch (error) {
        await stopServer(server);
        // most likely another process took the free port first: try another one
        if (attempt >= 3) throw new Error(`${(error as Error).message}; log tail:\n${logTail(logFile)}`);
        continue;
      }
      let stopped: Promise<void> | undefined;
      return {
        url: `redis://127.0.0.1:${port}`,
        port,
        dir,
        stop: () =>
          (stopped ??= (async () => {
            await stopServer(server);
            await temp.remove();
          })()),
      };
    }
  } catch (err) {
    await temp.remove();
    throw err;
  }
}
