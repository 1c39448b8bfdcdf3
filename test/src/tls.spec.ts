import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGatewayConfig, loadServerTls } from '@campus/ingest';
import {
  freePort,
  httpsJson,
  makeTestCerts,
  startMosquittoTls,
  type TestCerts,
  waitFor,
} from '@campus/test-kit';
import { startTestGateway, type TestGateway } from './testing/test-gateway';
import { startTestPlatform, type TestPlatform } from './testing/test-platform';
import { SCHOOL_A, SECRETS } from './testing/test-sites';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

type Outcome =
  | { type: 'connected'; client: MqttClient }
  /** CONNACK with a refusal code. */
  | { type: 'refused'; code: number }
  /** The connection ended before any CONNACK (TLS refusal). */
  | { type: 'closed'; error?: string };

/** One connection attempt, no retries: connected, refused by CONNACK, or closed before one. */
function attempt(url: string, options: IClientOptions): Promise<Outcome> {
  return new Promise((resolve) => {
    const client = mqtt.connect(url, {
      protocolVersion: 4,
      reconnectPeriod: 0,
      connectTimeout: 5_000,
      clientId: `tls-test-${Math.random().toString(16).slice(2, 8)}`,
      ...options,
    });
    let error: string | undefined;
    client.once('connect', () => resolve({ type: 'connected', client }));
    client.on('error', (err: Error & { code?: unknown }) => {
      if (typeof err.code === 'number') {
        client.end(true);
        resolve({ type: 'refused', code: err.code });
      } else error = err.message;
    });
    client.once('close', () => {
      client.end(true);
      resolve({ type: 'closed', ...(error === undefined ? {} : { error }) });
    });
  });
}

async function connected(outcome: Promise<Outcome>): Promise<MqttClient> {
  const o = await outcome;
  if (o.type !== 'connected') throw new Error(`expected a connection, got ${JSON.stringify(o)}`);
  return o.client;
}

describe('TLS: MQTTS_PORT, MQTT_WSS_PORT, HTTPS_PORT and device certificates (docs/protocol.md, "TLS")', () => {
  let certs: TestCerts;
  let platform: TestPlatform;
  let ports: { mqtts: number; wss: number; https: number };
  let httpsBase: string;

  beforeAll(async () => {
    certs = await makeTestCerts(['smk-0001', 'tmp-0001'], 'smk-0001');
    ports = { mqtts: await freePort(), wss: await freePort(), https: await freePort() };
    httpsBase = `https://127.0.0.1:${ports.https}`;
    platform = await startTestPlatform({
      env: {
        MQTTS_PORT: String(ports.mqtts),
        MQTT_WSS_PORT: String(ports.wss),
        HTTPS_PORT: String(ports.https),
        TLS_CERT_FILE: certs.server.certFile,
        TLS_KEY_FILE: certs.server.keyFile,
        TLS_CA_FILE: certs.ca.certFile,
      },
    });
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
    await certs?.remove();
  });

  it('prints the HTTPS dashboard line next to the HTTP one', () => {
    expect(platform.process.output()).toContain(`dashboard: http://localhost:`);
    expect(platform.process.output()).toContain(`dashboard (HTTPS): https://localhost:${ports.https}`);
  });

  it('serves /api/health over HTTPS with HSTS, and plain HTTP without it', async () => {
    const secure = await httpsJson(`${httpsBase}/api/health`, certs.ca.cert);
    expect(secure.status).toBe(200);
    expect(secure.body).toEqual({ status: 'ok' });
    expect(secure.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    const plain = await fetch(`${platform.base}/api/health`);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('strict-transport-security')).toBeNull();
    // a client that does not trust the test CA refuses the server
    await expect(fetch(`${httpsBase}/api/health`)).rejects.toThrow();
  });

  it('a device with its client certificate logs in without a password over MQTTS; the alert reaches an officer over HTTPS and socket.io', async () => {
    const login = await httpsJson(`${httpsBase}/api/auth/login`, certs.ca.cert, {
      method: 'POST',
      body: { username: 'yanta', password: 'demo-pass' },
    });
    expect(login.status).toBe(200);
    const token = (login.body as { accessToken: string }).accessToken;

    const socket: Socket = io(httpsBase, {
      auth: { token },
      transports: ['websocket'],
      forceNew: true,
      ca: certs.ca.cert,
    });
    const live: { type: string; device: string }[] = [];
    socket.on('alert', (a: { type: string; device: string }) => live.push(a));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });

    const device = await connected(
      attempt(`mqtts://127.0.0.1:${ports.mqtts}`, {
        ca: certs.ca.cert,
        cert: certs.devices['smk-0001']!.cert,
        key: certs.devices['smk-0001']!.key,
      }),
    );
    await device.publishAsync(`campus/v1/${SCHOOL_A}/smk-0001/event`, JSON.stringify({ type: 'smoke' }), {
      qos: 1,
    });
    await device.endAsync();

    await waitFor(() => live.some((a) => a.type === 'smoke' && a.device === 'smk-0001'), {
      what: 'smoke alert on socket.io over HTTPS',
    });
    socket.close();
    const alerts = await httpsJson(`${httpsBase}/api/alerts?status=open`, certs.ca.cert, { token });
    expect(alerts.status).toBe(200);
    expect((alerts.body as { items: { type: string; device: string }[] }).items).toContainEqual(
      expect.objectContaining({ type: 'smoke', device: 'smk-0001' }),
    );
  });

  it('a certificate signed by another CA is refused at the TLS layer, even with the right password', async () => {
    const tls = { ca: certs.ca.cert, cert: certs.forged.cert, key: certs.forged.key };
    const without = await attempt(`mqtts://127.0.0.1:${ports.mqtts}`, tls);
    expect(without.type).toBe('closed');
    const withPassword = await attempt(`mqtts://127.0.0.1:${ports.mqtts}`, {
      ...tls,
      username: 'smk-0001',
      password: SECRETS['smk-0001']!,
    });
    expect(withPassword.type).toBe('closed');
  });

  it("a certificate for one device cannot log in as another, even with that one's password (CONNACK 4)", async () => {
    const outcome = await attempt(`mqtts://127.0.0.1:${ports.mqtts}`, {
      ca: certs.ca.cert,
      cert: certs.devices['smk-0001']!.cert,
      key: certs.devices['smk-0001']!.key,
      username: 'tmp-0001',
      password: SECRETS['tmp-0001']!,
    });
    expect(outcome).toEqual({ type: 'refused', code: 4 });
    // its own id as username is fine
    const own = await connected(
      attempt(`mqtts://127.0.0.1:${ports.mqtts}`, {
        ca: certs.ca.cert,
        cert: certs.devices['smk-0001']!.cert,
        key: certs.devices['smk-0001']!.key,
        username: 'smk-0001',
      }),
    );
    await own.endAsync();
  });

  it('without a client certificate a device logs in over MQTTS with its secret, as on MQTT_PORT', async () => {
    const device = await connected(
      attempt(`mqtts://127.0.0.1:${ports.mqtts}`, {
        ca: certs.ca.cert,
        username: 'tmp-0001',
        password: SECRETS['tmp-0001']!,
      }),
    );
    await device.endAsync();
    const bad = await attempt(`mqtts://127.0.0.1:${ports.mqtts}`, {
      ca: certs.ca.cert,
      username: 'tmp-0001',
      password: 'wrong',
    });
    expect(bad).toEqual({ type: 'refused', code: 4 });
  });

  it('MQTT over secure WebSocket: a password device, and a certificate device', async () => {
    const url = `wss://127.0.0.1:${ports.wss}`;
    const byPassword = await connected(
      attempt(url, { ca: certs.ca.cert, username: 'tmp-0001', password: SECRETS['tmp-0001']! }),
    );
    await byPassword.publishAsync(
      `campus/v1/${SCHOOL_A}/tmp-0001/telemetry`,
      JSON.stringify({ metrics: { temperature: 21.5 } }),
      { qos: 1 }, // the PUBACK comes once the reading is durable
    );
    await byPassword.endAsync();
    const byCertificate = await connected(
      attempt(url, {
        ca: certs.ca.cert,
        cert: certs.devices['tmp-0001']!.cert,
        key: certs.devices['tmp-0001']!.key,
      }),
    );
    await byCertificate.endAsync();
    const forged = await attempt(url, { ca: certs.ca.cert, cert: certs.forged.cert, key: certs.forged.key });
    expect(forged.type).not.toBe('connected');
  });
});

describe('MQTT_URL=mqtts://: the gateway reads a Mosquitto over TLS', () => {
  let certs: TestCerts;
  let broker: Awaited<ReturnType<typeof startMosquittoTls>>;
  let gw: TestGateway;
  beforeAll(async () => {
    certs = await makeTestCerts([], 'smk-0001');
    broker = await startMosquittoTls(certs.server);
  });
  afterAll(async () => {
    await gw?.dispose();
    await broker?.stop();
    await certs?.remove();
  });

  it('refuses to start when the broker certificate is not trusted (no MQTT_CA_FILE)', async () => {
    await expect(startTestGateway({ MQTT_URL: broker.url })).rejects.toThrow(/MQTT_URL .*certificate/);
  }, 30_000);

  it('with MQTT_CA_FILE: stores what devices publish to the broker and forwards the uplink there', async () => {
    gw = await startTestGateway({ MQTT_URL: broker.url, MQTT_CA_FILE: certs.ca.certFile });
    const client = await mqtt.connectAsync(broker.url, {
      ca: certs.ca.cert,
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    const uplinks: string[] = [];
    client.on('message', (topic) => uplinks.push(topic));
    await client.subscribeAsync('platform/v1/uplink/#', { qos: 1 });
    const ts = Date.now() - 1000;
    await client.publishAsync(`campus/v1/${SCHOOL_A}/smk-0001/event`, JSON.stringify({ ts, type: 'smoke' }), {
      qos: 1,
    });
    await waitFor(
      async () => (await gw.sink.queryEvents({ device: 'smk-0001', from: ts, to: ts })).length === 1,
      {
        what: 'event stored from Mosquitto over TLS',
      },
    );
    await waitFor(() => uplinks.includes(`platform/v1/uplink/${SCHOOL_A}/smk-0001/event`), {
      what: 'uplink published over TLS',
    });
    await client.endAsync();
  }, 30_000);
});

describe('TLS configuration errors name the variables and files', () => {
  let certs: TestCerts;
  beforeAll(async () => {
    certs = await makeTestCerts([], 'x');
  });
  afterAll(() => certs?.remove());

  it('a TLS port without TLS_CERT_FILE / TLS_KEY_FILE', () => {
    expect(() => loadGatewayConfig({ MQTTS_PORT: '8883' })).toThrow(
      /MQTTS_PORT set without TLS_CERT_FILE and TLS_KEY_FILE/,
    );
    expect(() => loadGatewayConfig({ HTTPS_PORT: '8443', TLS_CERT_FILE: certs.server.certFile })).toThrow(
      /HTTPS_PORT set without TLS_KEY_FILE/,
    );
    expect(() => loadGatewayConfig({ TLS_CA_FILE: certs.ca.certFile })).toThrow(/no TLS listener/);
  });

  it("an unreadable file, a file that is not PEM, a key that is not the certificate's", async () => {
    const missing = join(certs.dir, 'nope.pem');
    expect(() => loadServerTls({ cert: missing, key: certs.server.keyFile })).toThrow(
      `TLS_CERT_FILE=${missing}: cannot read the file (ENOENT)`,
    );
    const junk = join(certs.dir, 'junk.pem');
    await writeFile(junk, 'hello');
    expect(() => loadServerTls({ cert: certs.server.certFile, key: junk })).toThrow(
      `TLS_KEY_FILE=${junk}: not a PEM file`,
    );
    expect(() => loadServerTls({ cert: certs.server.certFile, key: certs.ca.keyFile })).toThrow(
      /TLS_KEY_FILE=.* is not the private key of the certificate in TLS_CERT_FILE=/,
    );
  });

  it('the gateway process stops with one line naming the variables', async () => {
    const result = await run(`${ROOT}node_modules/.bin/tsx`, ['apps/gateway/src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', MQTT_PORT: '0', MQTT_WS_PORT: '0', MQTT_WSS_PORT: '0' },
      timeout: 30_000,
    }).then(
      () => ({ code: 0, output: '' }),
      (err: { code?: number; stdout?: string; stderr?: string }) => ({
        code: err.code ?? -1,
        output: `${err.stdout ?? ''}${err.stderr ?? ''}`,
      }),
    );
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/MQTT_WSS_PORT set without TLS_CERT_FILE and TLS_KEY_FILE/);
    expect(result.output).not.toMatch(/\n\s+at /);
  }, 40_000);
});
