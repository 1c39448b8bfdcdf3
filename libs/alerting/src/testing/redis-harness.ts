import { freePort, sleep, tempDirs } from './temp-server';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logTail, spawnLogged, type Spawned } from './postgres-process';

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

async function stopServer(server: Spawned): Promise<void> {
  if (server.exitInfo() !== undefined) return;
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 5_000);
  try {
    await server.exited;
  } finally {
    clearTimeout(timer);
  }
}

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
  const dir = await mkdtemp(join(tmpdir(), 'campus-redis-'));
  tempDirs.add(dir);
  const logFile = join(dir, 'redis.log');
  try {
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const server = spawnLogged(
        binary,
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
        dir,
        logFile,
        undefined,
      );
      const deadline = Date.now() + READY_TIMEOUT_MS;
      let failure: string | undefined;
      while (failure === undefined) {
        const exit = server.exitInfo();
        if (exit !== undefined) {
          failure = `redis-server ${exit} before answering PING on port ${port}`;
          break;
        }
        if (await pings(port)) {
          let stopped: Promise<void> | undefined;
          return {
            url: `redis://127.0.0.1:${port}`,
            port,
            dir,
            stop: () =>
              (stopped ??= (async () => {
                await stopServer(server);
                await rm(dir, { recursive: true, force: true });
                tempDirs.delete(dir);
              })()),
          };
        }
        if (Date.now() > deadline) {
          failure = `redis-server did not answer PING on 127.0.0.1:${port} within ${READY_TIMEOUT_MS} ms`;
          await stopServer(server);
          break;
        }
        await sleep(POLL_MS);
      }
      // most likely another process took the free port first: try another one
      if (attempt >= 3) throw new Error(`${failure}; log tail:\n${logTail(logFile)}`);
    }
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    tempDirs.delete(dir);
    throw err;
  }
}
