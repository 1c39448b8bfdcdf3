import { chown } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './ports';
import { postgresBinDir, postgresRunAs } from './postgres-binaries';
import {
  cLocaleEnv,
  logTail,
  runLogged,
  spawnLogged,
  stopSpawned,
  type RunAs,
  type Spawned,
} from './processes';
import { makeTempDir } from './temp-dirs';
import { waitFor } from './waiting';

export interface PostgresServer {
  /** `postgresql://postgres@127.0.0.1:PORT/campus` (trust auth, loopback only). */
  url: string;
  port: number;
  /** Temp dir holding `data/`, the socket and `server.log`. */
  dir: string;
  /** Fast shutdown (SIGINT), wait for the exit, remove the dir. Safe to call twice. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;
const POLL_MS = 50;
async function accepts(port: number): Promise<boolean> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    user: 'postgres',
    database: 'postgres',
    connectionTimeoutMillis: 1000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function waitReady(server: Spawned, port: number, logFile: string): Promise<void> {
  try {
    await waitFor(() => accepts(port), {
      timeoutMs: READY_TIMEOUT_MS,
      intervalMs: POLL_MS,
      what: `postgres to accept connections on 127.0.0.1:${port}`,
      giveUp: () => {
        const exit = server.exitInfo();
        return (
          exit &&
          `postgres ${exit} before accepting connections on port ${port}; log tail:\n${logTail(logFile)}`
        );
      },
    });
  } catch (error) {
    if (server.exitInfo() !== undefined) throw error;
    throw new Error(`${(error as Error).message}; log tail:\n${logTail(logFile)}`);
  }
}

/** Fast shutdown (SIGINT): roll back open transactions, no waiting for clients. */
const stopServer = (server: Spawned) => stopSpawned(server, 'SIGINT', 10_000);

async function startOnFreePort(
  bin: string,
  dir: string,
  logFile: string,
  runAs: RunAs | undefined,
): Promise<{ server: Spawned; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const server = spawnLogged(
      join(bin, 'postgres'),
      [
        '-D',
        join(dir, 'data'),
        '-k',
        dir,
        '-p',
        String(port),
        '-h',
        '127.0.0.1',
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
      ],
      { cwd: dir, logFile, runAs, env: cLocaleEnv() },
    );
    try {
      await waitReady(server, port, logFile);
      return { server, port };
    } catch (error) {
      await stopServer(server);
      // Another process took the port between our probe and the bind: try another one.
      if (attempt < 3 && /could not bind|already in use/i.test(logTail(logFile, 10))) continue;
      throw error;
    }
  }
}

/**
 * A throwaway PostgreSQL server for tests: `initdb --auth=trust` into a fresh temp dir, `postgres`
 * on a free loopback port with durability off (fsync, synchronous_commit, full_page_writes), and a
 * database `campus`. As root it runs as the `postgres` OS user. Call `stop()` when done.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const runAs = postgresRunAs();
  const temp = await makeTempDir('pg');
  const dir = temp.path;
  const logFile = join(dir, 'server.log');
  let server: Spawned | undefined;
  const stop = async () => {
    if (server) await stopServer(server);
    await temp.remove();
  };
  try {
    if (runAs) await chown(dir, runAs.uid, runAs.gid);
    await runLogged(
      join(bin, 'initdb'),
      ['-D', join(dir, 'data'), '--auth=trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync'],
      { cwd: dir, logFile, runAs, env: cLocaleEnv() },
    );
    const started = await startOnFreePort(bin, dir, logFile, runAs);
    server = started.server;
    const admin = `postgresql://postgres@127.0.0.1:${started.port}/postgres`;
    await adminQuery(admin, 'CREATE DATABASE campus');
    return { url: `postgresql://postgres@127.0.0.1:${started.port}/campus`, port: started.port, dir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  url: string;
  name: string;
  /** Drops it (closing any connection still open). */
  drop(): Promise<void>;
}

/**
 * A fresh, empty database `x_<random>` on the server of `serverUrl` (e.g. a {@link PostgresServer}'s
 * url), so suites sharing one server do not see each other's rows.
 */
export async function createTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `x_${Math.random().toString(36).slice(2, 12)}`;
  const url = new URL(serverUrl);
  url.pathname = '/postgres';
  const admin = url.toString();
  await adminQuery(admin, `CREATE DATABASE ${name}`);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
