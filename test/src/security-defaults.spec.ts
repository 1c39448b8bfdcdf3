import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiUser } from './testing/api-client';
import { runAppUntilExit } from './testing/app-exit';
import { connectDevice } from './testing/device-client';
import { freePort, waitFor } from '@campus/test-kit';
import { spawnApp, type GatewayProcess } from './testing/gateway-process';
import { metricValue } from './testing/metrics-reader';
import { nonLoopbackIPv4, tcpConnect } from './testing/network';
import { startTestPlatform, type TestPlatform } from './testing/test-platform';

/** This machine's LAN address: what another machine would connect to. */
const LAN = nonLoopbackIPv4();
const NO_LAN = 'this machine has no non-loopback IPv4 address to connect from';
/** As a reverse proxy on this machine relays a remote client: loopback socket, forwarded header. */
const PROXIED = { 'x-forwarded-for': '203.0.113.9' };
const METRICS_TOKEN = 'test-metrics-token-6f1c2a9e4b7d';
/** Variables that must not leak in from the environment the tests run in. */
const NEUTRAL = { HOST: '', SIMULATE: '', METRICS_TOKEN: '', METRICS_PORT: '' };

async function metricsPage(url: string, token?: string): Promise<string> {
  const res = await fetch(url, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
  return res.text();
}

const status = async (url: string, headers: Record<string, string> = {}): Promise<number> =>
  (await fetch(url, { headers })).status;

describe('npm start with the built-in demo province', () => {
  let app: GatewayProcess | undefined;
  let dataDir: string;
  const ports = { http: 0, mqtt: 0, ws: 0, gb26875: 0 };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'campus-demo-'));
    Object.assign(ports, {
      http: await freePort(),
      mqtt: await freePort(),
      ws: await freePort(),
      gb26875: await freePort(),
    });
    app = await spawnApp(
      'apps/platform/src/main.ts',
      {
        ...NEUTRAL,
        SITES_FILE: '',
        PORT: String(ports.http),
        MQTT_PORT: String(ports.mqtt),
        MQTT_WS_PORT: String(ports.ws),
        GB26875_PORT: String(ports.gb26875),
        DATA_DIR: dataDir,
      },
      `http://127.0.0.1:${ports.http}/api/health`,
    );
    await waitFor(() => app!.output().includes(`dashboard: http://localhost:${ports.http}\n`), {
      what: 'the dashboard line',
      timeoutMs: 60_000,
    });
  });
  afterAll(async () => {
    await app?.kill('SIGTERM');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('prints the demo accounts, their public password and that the demo is for trying only', () => {
    const out = app!.output();
    expect(out).toMatch(/built-in demo province: for trying the platform only/);
    expect(out).toMatch(/demo accounts \(password demo-pass\): .*school1 \(school_security\)/);
    expect(out).toMatch(/yanta \(county_officer\)/);
    expect(out).toContain('listening on 127.0.0.1 only');
  });

  it('every listener answers on loopback (HTTP, MQTT, MQTT over WebSocket, GB/T 26875)', async () => {
    for (const [name, port] of Object.entries(ports)) {
      expect(await tcpConnect('127.0.0.1', port), name).toBe('accepted');
    }
  });

  it.skipIf(LAN === undefined)(`no listener answers on the LAN address (skipped if ${NO_LAN})`, async () => {
    for (const [name, port] of Object.entries(ports)) {
      expect(await tcpConnect(LAN!, port), `${name} on ${LAN}:${port}`).toBe('refused');
    }
  });

  it('runs the simulator: demo devices come online by themselves', async () => {
    await waitFor(
      async () => {
        const page = await metricsPage(`http://127.0.0.1:${ports.http}/metrics`);
        return (
          metricValue(page, 'campus_mqtt_clients_connected') > 0 &&
          metricValue(page, 'campus_messages_decoded_total') > 0
        );
      },
      { timeoutMs: 60_000, what: 'simulated devices online' },
    );
  });
});

describe('a real SITES_FILE, SIMULATE and HOST unset; METRICS_PORT', () => {
  let platform: TestPlatform;
  let httpPort: number;
  let metricsPort: number;
  let device: MqttClient | undefined;

  beforeAll(async () => {
    metricsPort = await freePort();
    platform = await startTestPlatform({ env: { ...NEUTRAL, METRICS_PORT: String(metricsPort) } });
    httpPort = Number(new URL(platform.base).port);
    // printed once the platform (and a simulator, were one on) is fully up
    await waitFor(() => platform.process.output().includes(`dashboard: http://localhost:${httpPort}\n`), {
      what: 'the dashboard line',
    });
  });
  afterAll(async () => {
    await device?.endAsync();
    await platform?.stop();
  });

  it('starts no simulator: only a device that connects itself is online, and nothing was received', async () => {
    device = await connectDevice(platform.mqttUrl, 'smk-0001');
    // a barrier, not a sleep: the gateway has counted our own device
    const page = await waitFor(
      async () => {
        const text = await metricsPage(`${platform.base}/metrics`);
        return metricValue(text, 'campus_mqtt_clients_connected') >= 1 ? text : undefined;
      },
      { what: 'our device counted' },
    );
    expect(metricValue(page, 'campus_mqtt_clients_connected')).toBe(1);
    expect(metricValue(page, 'campus_messages_received_total')).toBe(0);
    expect(platform.process.output()).not.toMatch(/demo accounts/);
  });

  it.skipIf(LAN === undefined)(`listens on every interface (skipped if ${NO_LAN})`, async () => {
    expect(await tcpConnect(LAN!, httpPort)).toBe('accepted');
    expect(await tcpConnect(LAN!, Number(new URL(platform.mqttUrl).port))).toBe('accepted');
  });

  it('/metrics on PORT: this machine only (403 otherwise); METRICS_PORT serves the network', async () => {
    expect(await status(`${platform.base}/metrics`)).toBe(200);
    expect(await status(`${platform.base}/metrics`, PROXIED)).toBe(403);
    expect(await status(`http://127.0.0.1:${metricsPort}/metrics`, PROXIED)).toBe(200);
    expect(await status(`http://127.0.0.1:${metricsPort}/api/health`)).toBe(404);
    if (LAN !== undefined) {
      expect(await status(`http://${LAN}:${httpPort}/metrics`)).toBe(403);
      expect(await metricsPage(`http://${LAN}:${metricsPort}/metrics`)).toContain(
        'campus_messages_received_total',
      );
    }
  });

  it('/api/docs: 401 from elsewhere without a token; a signed-in user or this machine may read it', async () => {
    const remote = LAN === undefined ? platform.base : `http://${LAN}:${httpPort}`;
    const headers = LAN === undefined ? PROXIED : {};
    for (const path of ['/api/docs', '/api/docs-json']) {
      expect(await status(`${remote}${path}`, headers), path).toBe(401);
      expect(await status(`${platform.base}${path}`), path).toBe(200);
    }
    const yanta = await ApiUser.login(platform.base, 'yanta');
    expect(
      await status(`${remote}/api/docs-json`, { ...headers, authorization: `Bearer ${yanta.token}` }),
    ).toBe(200);
    expect(await status(`${remote}/api/docs-json`, { ...headers, authorization: 'Bearer not-a-token' })).toBe(
      401,
    );
  });
});

describe('a real SITES_FILE with SIMULATE=1 and METRICS_TOKEN', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startTestPlatform({ env: { ...NEUTRAL, SIMULATE: '1', METRICS_TOKEN } });
  });
  afterAll(() => platform?.stop());

  it('starts the simulator when asked, and warns that it does', async () => {
    await waitFor(
      async () =>
        metricValue(
          await metricsPage(`${platform.base}/metrics`, METRICS_TOKEN),
          'campus_mqtt_clients_connected',
        ) > 0,
      { what: 'simulated devices online', timeoutMs: 30_000 },
    );
    expect(platform.process.output()).toMatch(/SIMULATE=1 with a real SITES_FILE/);
  });

  it('/metrics wants the token from everyone, this machine included (401 without it)', async () => {
    const res = await fetch(`${platform.base}/metrics`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await status(`${platform.base}/metrics`, { authorization: 'Bearer wrong-token-0000000000' })).toBe(
      401,
    );
    expect(await metricsPage(`${platform.base}/metrics`, METRICS_TOKEN)).toContain(
      'campus_mqtt_clients_connected',
    );
    if (LAN !== undefined) {
      const url = `http://${LAN}:${new URL(platform.base).port}/metrics`;
      expect(await status(url)).toBe(401);
      expect(await metricsPage(url, METRICS_TOKEN)).toContain('campus_mqtt_clients_connected');
    }
  });
});

describe('a real sites file with the demo credentials is refused at start', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'campus-demo-creds-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** A small province; line 12 is the device, line 14 the user. */
  const sites = (secret: string, password: string) => `province: { code: "610000", name: "陕西省" }
cities:
  - code: "610100"
    name: "西安市"
    counties:
      - code: "610113"
        name: "雁塔区"
        schools:
          - code: "2161010001"
            name: "雁塔区第一小学"
            devices:
              - { id: smk-1, kind: smoke_detector, secret: "${secret}" }
users:
  - { username: school1, password: "${password}", role: school_security, org: "2161010001" }
`;

  async function expectRefused(
    entry: Parameters<typeof runAppUntilExit>[0],
    file: string,
    line: number,
    env: Record<string, string> = {},
  ): Promise<string> {
    const ports = { PORT: String(await freePort()), MQTT_PORT: String(await freePort()) };
    const { code, output } = await runAppUntilExit(entry, {
      ...NEUTRAL,
      ...ports,
      MQTT_WS_PORT: String(await freePort()),
      DATA_DIR: dir,
      SITES_FILE: file,
      ...env,
    });
    expect(code, output).not.toBe(0);
    expect(code, output).not.toBeNull();
    expect(output).toContain(`${file}:${line}: `);
    expect(output).toContain('npm run hash-secret');
    expect(output).not.toMatch(/\n\s+at /); // one line, no stack trace
    return output;
  }

  it('npm start: a user with password demo-pass', async () => {
    const file = join(dir, 'demo-pass.yaml');
    await writeFile(file, sites('a-secret-of-its-own', 'demo-pass'));
    const output = await expectRefused('apps/platform/src/main.ts', file, 14);
    expect(output).toMatch(/user \\?"school1\\?" has the demo password/);
    expect(output).not.toMatch(/dashboard: /);
  });

  it('the gateway: a device with secret demo-secret', async () => {
    const file = join(dir, 'demo-secret.yaml');
    await writeFile(file, sites('demo-secret', 'a-password-of-her-own'));
    const output = await expectRefused('apps/gateway/src/main.ts', file, 12);
    expect(output).toMatch(/device \\?"smk-1\\?" has the demo secret/);
  });

  it('the alert service: a user with password demo-pass', async () => {
    const file = join(dir, 'demo-pass-2.yaml');
    await writeFile(file, sites('a-secret-of-its-own', 'demo-pass'));
    await expectRefused('apps/alert-service/src/main.ts', file, 14, {
      MQTT_URL: 'mqtt://127.0.0.1:1',
      MQTT_SERVICE_USERNAME: 'alert-service',
      MQTT_SERVICE_PASSWORD: 'svc-pass',
    });
  });

  it('other plain credentials only warn, with the count and the first line', async () => {
    const file = join(dir, 'plain.yaml');
    await writeFile(file, sites('a-secret-of-its-own', 'a-password-of-her-own'));
    const http = await freePort();
    const gateway = await spawnApp(
      'apps/gateway/src/main.ts',
      {
        ...NEUTRAL,
        PORT: String(http),
        MQTT_PORT: String(await freePort()),
        MQTT_WS_PORT: String(await freePort()),
        DATA_DIR: join(dir, 'gw'),
        SITES_FILE: file,
      },
      `http://127.0.0.1:${http}/api/health`,
    );
    try {
      expect(gateway.output()).toContain(`${file}:12: 2 passwords/secrets in plain text`);
      expect(gateway.output().match(/in plain text/g)).toHaveLength(1);
    } finally {
      await gateway.kill('SIGTERM');
    }
  });
});
