import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { parseSites, type Sites } from '@campus/device-protocols';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { alertView } from '../alerts/alert-view';
import { SiteDirectory } from '../devices/site-directory';
import type { Alert } from '../domain/alert';
import { TokenService } from '../auth/token-service';
import { sitesYaml, startRedis, waitFor, WEIYANG, type RedisServer } from '@campus/test-kit';
import { createAlertingApp, type AlertingApp } from '../app/create-app';
import { recordingLogger } from '../testing/test-app.fixture';
import { testAlert } from '../testing/test-sites.fixture';
import { loadAlertServiceConfig } from '../app/alert-service-config';
import { RealtimeGateway } from './realtime.gateway';
import { RedisConnectError, RedisIoAdapter } from './redis-io-adapter';

const SITES_YAML = sitesYaml({
  schools: [
    { code: '2161010001', name: '雁塔区第一小学' },
    { code: '2161010002', name: '未央区第一小学', county: WEIYANG },
  ],
  users: [
    { username: 'yanta', password: 'yanta-pass', role: 'county_officer', org: '610113' },
    { username: 'weiyang', password: 'weiyang-pass', role: 'county_officer', org: '610112' },
  ],
});
const SECRET = 'redis-adapter-test-secret-0123456789abcdef';
const USERS = {
  yanta: { username: 'yanta', role: 'county_officer', org: '610113' },
  weiyang: { username: 'weiyang', role: 'county_officer', org: '610112' },
} as const;

interface Replica {
  handle: AlertingApp;
  url: string;
}

/** One alert-service replica: the Nest app with the Redis adapter, connected, listening. */
async function startReplica(sites: Sites, redisUrl: string, name: string): Promise<Replica> {
  const { logger } = recordingLogger();
  const adapters: RedisIoAdapter[] = [];
  const handle = await createAlertingApp({
    sites,
    logger: logger.child({ replica: name }),
    tokens: new TokenService({ secret: SECRET }),
    docs: false,
    webSocketAdapter: (app) => {
      const adapter = new RedisIoAdapter(app, { url: redisUrl, logger });
      adapters.push(adapter);
      return adapter;
    },
  });
  try {
    for (const adapter of adapters) await adapter.connectToRedis();
    return { handle, url: await handle.listen(0, '127.0.0.1') };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/** A port nothing listens on (taken, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

let redis: RedisServer;
let sites: Sites;
let a: Replica;
let b: Replica;
const tokens = new TokenService({ secret: SECRET });
const sockets: Socket[] = [];

beforeAll(async () => {
  sites = parseSites(SITES_YAML, 'redis adapter test sites');
  redis = await startRedis();
  a = await startReplica(sites, redis.url, 'a');
  b = await startReplica(sites, redis.url, 'b');
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
});
afterAll(async () => {
  await a?.handle.close();
  await b?.handle.close();
  await redis?.stop();
});

/** A socket of `user` on `replica`, connected, with every `alert` it receives recorded. */
async function connectAs(replica: Replica, user: keyof typeof USERS): Promise<Alert[]> {
  const socket = io(replica.url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: { token: (await tokens.sign(USERS[user])).token },
  });
  sockets.push(socket);
  const alerts: Alert[] = [];
  socket.on('alert', (alert: Alert) => alerts.push(alert));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return alerts;
}

describe('socket.io through Redis (REDIS_URL)', () => {
  it("an alert broadcast by replica A reaches its county's users on replica B once, and nobody else", async () => {
    const yantaOnB = await connectAs(b, 'yanta');
    const weiyangOnB = await connectAs(b, 'weiyang');
    const yantaOnA = await connectAs(a, 'yanta'); // A's own sockets still get it, once
    const alert = testAlert(sites, '2161010001');
    // what the socket receives: the Alert with the sites-file fields
    const sent = alertView(alert, SiteDirectory.of(sites));

    a.handle.app.get(RealtimeGateway).broadcastAlert(alert);

    await waitFor(() => yantaOnB.length > 0 && yantaOnA.length > 0);
    await delay(300); // bounded wait for duplicates or anything wrongly sent
    expect(yantaOnB).toEqual([sent]);
    expect(yantaOnA).toEqual([sent]);
    expect(weiyangOnB).toEqual([]);

    // and the other way round, through the `realtime` handle
    const other = testAlert(sites, '2161010002', 'alert-2');
    b.handle.realtime.broadcastAlert(other);
    await delay(300);
    expect(yantaOnB).toEqual([sent]);
    expect(yantaOnA).toEqual([sent]);
    expect(weiyangOnB).toEqual([alertView(other, SiteDirectory.of(sites))]);
  });

  it('fails to start with a clear error, password hidden, when Redis is unreachable', async () => {
    const url = `redis://:hunter2@127.0.0.1:${await closedPort()}`;
    const err = await startReplica(sites, url, 'down').then(
      () => new Error('started without Redis'),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RedisConnectError);
    const message = (err as Error).message;
    expect(message).toMatch(
      /^cannot connect to REDIS_URL redis:\/\/:\*\*\*@127\.0\.0\.1:\d+: .*ECONNREFUSED/,
    );
    expect(message).not.toContain('hunter2');
  });

  it('loadAlertServiceConfig reads REDIS_URL as the optional redisUrl', () => {
    const base = {
      MQTT_URL: 'mqtt://127.0.0.1:1883',
      MQTT_SERVICE_USERNAME: 'svc',
      MQTT_SERVICE_PASSWORD: 'pw',
    };
    expect(loadAlertServiceConfig({ ...base, REDIS_URL: ' redis://redis:6379 ' }).redisUrl).toBe(
      'redis://redis:6379',
    );
    expect(loadAlertServiceConfig({ ...base, REDIS_URL: '' })).not.toHaveProperty('redisUrl');
    expect(loadAlertServiceConfig(base)).not.toHaveProperty('redisUrl');
  });
});
