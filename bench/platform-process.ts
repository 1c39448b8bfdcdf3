import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { freePorts, removeAtExit, waitFor } from '@campus/test-kit';
import { PLATFORM_NODE_OPTIONS } from '../apps/platform/src/node-options';
import type { Cleanups } from './context';
import type { BenchUser } from './bench-sites';
import { spawnTsx, step, type ManagedChild } from './processes';

export const PLATFORM_ENTRY = 'apps/platform/src/main.ts';

export interface PlatformProcess {
  /** `http://127.0.0.1:<PORT>`: API, socket.io, `/metrics`. */
  base: string;
  mqttUrl: string;
  dataDir: string;
  child: ManagedChild;
}

export interface PlatformSpawnOptions {
  sitesFile: string;
  /** Extra environment, e.g. `INFLUX_URL` + `INFLUX_DATABASE`. */
  env?: Record<string, string>;
  /** Start-up bound: initdb of the embedded PGlite alone takes seconds. */
  startTimeoutMs?: number;
  /** Run on this DATA_DIR (e.g. one with seeded alerts), owned by the caller; default a fresh temp dir. */
  dataDir?: string;
  /**
   * Set PUBLIC_URL to the platform's own loopback address, so every Twilio request names its alert,
   * level and channel in its `StatusCallback` (nothing calls that URL: the Twilio double does not).
   */
  publicUrl?: boolean;
}

/**
 * The all-in-one platform as `npm start` runs it (apps/platform/src/main.ts under tsx), in its own
 * process so that the load generator never shares its event loop: free loopback ports, a temp
 * DATA_DIR, the given sites file, no simulator, warnings only. Resolves once `/api/health`
 * answers 200; the process is stopped and DATA_DIR removed by `cleanups`.
 */
export async function spawnPlatform(
  cleanups: Cleanups,
  options: PlatformSpawnOptions,
): Promise<PlatformProcess> {
  let dataDir = options.dataDir;
  if (dataDir === undefined) {
    const dir = await mkdtemp(join(tmpdir(), 'campus-bench-platform-'));
    dataDir = dir;
    const forget = removeAtExit(dir);
    // Registered before the child so that it runs after the child has stopped (reverse order).
    cleanups.add(async () => {
      await rm(dir, { recursive: true, force: true });
      forget();
    });
  }
  const [http, mqtt, ws] = (await freePorts(3)) as [number, number, number];
  const base = `http://127.0.0.1:${http}`;
  const child = spawnTsx(cleanups, 'platform', PLATFORM_ENTRY, {
    // as npm start runs it (apps/platform/src/node-options.ts)
    NODE_OPTIONS: `${PLATFORM_NODE_OPTIONS} ${process.env['NODE_OPTIONS'] ?? ''}`.trim(),
    PORT: String(http),
    MQTT_PORT: String(mqtt),
    MQTT_WS_PORT: String(ws),
    DATA_DIR: dataDir,
    SITES_FILE: options.sitesFile,
    SIMULATE: '0',
    LOG_LEVEL: 'warn',
    // Every simulated device connects from 127.0.0.1: the per-address limit is for real networks.
    MQTT_MAX_CONNECTIONS_PER_IP: '20000',
    // Tokens must outlive nothing but this run; a fixed secret only silences the start-up warning.
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret',
    ...(options.publicUrl ? { PUBLIC_URL: base } : {}),
    ...options.env,
  });
  const timeoutMs = options.startTimeoutMs ?? 90_000;
  await step(
    'start the platform',
    () =>
      waitFor(
        async () => {
          const res = await fetch(`${base}/api/health`);
          await res.body?.cancel();
          return res.status === 200;
        },
        { what: 'the platform to answer /api/health', timeoutMs, intervalMs: 100 },
      ),
    { timeoutMs: timeoutMs + 1_000, watch: [child] },
  );
  return { base, mqttUrl: `mqtt://127.0.0.1:${mqtt}`, dataDir, child };
}

/** `POST /api/auth/login`: the access token. */
export async function login(base: string, user: BenchUser): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: user.username, password: user.password }),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`login as ${user.username} answered ${res.status}: ${text}`);
  const body: unknown = JSON.parse(text);
  if (
    typeof body !== 'object' ||
    body === null ||
    !('accessToken' in body) ||
    typeof body.accessToken !== 'string'
  )
    throw new Error(`login as ${user.username}: no accessToken in ${text}`);
  return body.accessToken;
}

/** `GET` an API path with the token; the parsed JSON body, or an error naming the status. */
export async function getJson(base: string, token: string, path: string): Promise<unknown> {
  const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** The platform's Prometheus page (`/metrics`, no login). */
export async function fetchMetrics(base: string): Promise<string> {
  const res = await fetch(`${base}/metrics`);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET /metrics answered ${res.status}`);
  return text;
}

/** The sum of every sample of `name` (all label sets) on a Prometheus text page; 0 when absent. */
export function metricSum(page: string, name: string): number {
  let total = 0;
  for (const line of page.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (match?.[1] === name) total += Number(match[3]);
  }
  return total;
}

/**
 * A socket.io connection with `auth: {token}` as the dashboard opens it, no reconnection (a lost
 * connection must show up as missing alerts, not be papered over); closed by `cleanups`.
 */
export async function connectLive(cleanups: Cleanups, base: string, token: string): Promise<Socket> {
  const socket = io(base, {
    auth: { token },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  cleanups.add(async () => {
    socket.close();
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket.io did not connect within 10 s')), 10_000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
  return socket;
}
