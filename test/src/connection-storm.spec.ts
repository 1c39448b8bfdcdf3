import { randomBytes, scrypt } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiUser } from './support/api-client';
import { connectDevice } from './support/device-client';
import { startTestPlatform, type TestPlatform } from './support/test-platform';
import { waitFor } from './support/wait-for';

const HASHED_DEVICES = 300;
const DETECTORS = 10;
const SCHOOLS = ['2161010001', '2161010002'] as const;
const OFFICER = { username: 'storm-county', password: 'storm-county-pass' };

interface TestDevice {
  id: string;
  secret: string;
  school: string;
}

/** The documented `scrypt$N$r$p$salt$hash` (see secret-hash.ts), derived off the test's event loop. */
function hashOffLoop(secret: string): Promise<string> {
  const salt = randomBytes(16);
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, 32, { N: 16384, r: 8, p: 1 }, (err, key) =>
      err
        ? reject(err)
        : resolve(['scrypt', 16384, 8, 1, salt.toString('base64'), key.toString('base64')].join('$')),
    ),
  );
}

/** Two schools of one county: the detectors with plain secrets, the hashed devices spread over both. */
async function writeStormSites(
  path: string,
  detectors: readonly TestDevice[],
  hashed: readonly (TestDevice & { hash: string })[],
): Promise<void> {
  const devicesOf = (school: string): string[] => [
    ...detectors
      .filter((d) => d.school === school)
      .map(
        (d) =>
          `              - { id: ${d.id}, kind: smoke_detector, secret: '${d.secret}', risk: red, ` +
          `location: { building: '实验楼', floor: 2, room: '化学实验室', use: lab } }`,
      ),
    ...hashed
      .filter((d) => d.school === school)
      .map((d) => `              - { id: ${d.id}, kind: temperature_sensor, secretHash: '${d.hash}' }`),
  ];
  const lines = [
    "province: { code: '610000', name: '陕西省', timezone: 'Asia/Shanghai' }",
    'cities:',
    "  - code: '610100'",
    '    name: 西安市',
    '    counties:',
    "      - code: '610113'",
    '        name: 雁塔区',
    '        schools:',
    ...SCHOOLS.flatMap((school, i) => [
      `          - code: '${school}'`,
      `            name: 雁塔区第${i + 1}小学`,
      '            devices:',
      ...devicesOf(school),
    ]),
    'users:',
    `  - { username: ${OFFICER.username}, password: '${OFFICER.password}', role: county_officer, org: '610113' }`,
    '',
  ];
  await writeFile(path, lines.join('\n'));
}

/** Nearest-rank percentile. */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * After a restart every device reconnects at once. 300 devices with their own scrypt hashes (so
 * the cache of verified secrets cannot help) connect together while smoke detectors raise alarms
 * and a load balancer polls /api/health. With the scrypt check on the event loop this took 16 s
 * of a frozen process: alarms waited seconds and health checks went unanswered.
 */
describe('connection storm: 300 devices with hashed secrets connect at once after a start', () => {
  let dir: string;
  let platform: TestPlatform | undefined;
  let socket: Socket | undefined;
  const clients: MqttClient[] = [];
  const detectors: TestDevice[] = Array.from({ length: DETECTORS }, (_, i) => ({
    id: `storm-smk-${String(i + 1).padStart(3, '0')}`,
    secret: `plain-secret-${i + 1}`,
    school: SCHOOLS[0],
  }));
  let hashed: (TestDevice & { hash: string })[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'campus-storm-'));
    hashed = await Promise.all(
      Array.from({ length: HASHED_DEVICES }, async (_, i) => {
        const secret = `storm-${i}-${randomBytes(6).toString('hex')}`;
        return {
          id: `storm-tmp-${String(i + 1).padStart(3, '0')}`,
          secret,
          school: SCHOOLS[i % SCHOOLS.length]!,
          hash: await hashOffLoop(secret),
        };
      }),
    );
    const sitesFile = join(dir, 'storm-sites.yaml');
    await writeStormSites(sitesFile, detectors, hashed);
    platform = await startTestPlatform({ sitesFile });
  });

  afterAll(async () => {
    socket?.close();
    for (const c of clients) c.end(true);
    await platform?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('connects all 300 while alarms reach a county officer within 500 ms and /api/health answers within 1 s', async () => {
    const { base, mqttUrl } = platform!;
    const officer = await ApiUser.login(base, OFFICER.username, OFFICER.password);
    const live = await officer.live();
    socket = live.socket;
    const alertAt = new Map<string, number>();
    socket.on('alert', (alert: { device?: string; type?: string }) => {
      if (alert.type === 'smoke' && alert.device && !alertAt.has(alert.device))
        alertAt.set(alert.device, performance.now());
    });

    const detectorClients = await Promise.all(
      detectors.map((d) => connectDevice(mqttUrl, d.id, { password: d.secret })),
    );
    clients.push(...detectorClients);

    // A load balancer's health check every 75 ms, each timed from request to answer.
    const health: { ms: number; status: number }[] = [];
    const inFlight = new Set<Promise<void>>();
    const poll = (): void => {
      const started = performance.now();
      const request = fetch(`${base}/api/health`, { signal: AbortSignal.timeout(10_000) })
        .then(
          async (res) => {
            await res.arrayBuffer();
            health.push({ ms: performance.now() - started, status: res.status });
          },
          () => void health.push({ ms: performance.now() - started, status: 0 }),
        )
        .finally(() => inFlight.delete(request));
      inFlight.add(request);
    };
    const poller = setInterval(poll, 75);

    // Each alarm goes out once another slice of the storm has connected, so they spread over it.
    const publishedAt = new Map<string, number>();
    const publishes: Promise<unknown>[] = [];
    let connected = 0;
    const raiseDueAlarms = (): void => {
      while (publishedAt.size < DETECTORS && connected >= 10 + 25 * publishedAt.size) {
        const n = publishedAt.size;
        const { id, school } = detectors[n]!;
        publishedAt.set(id, performance.now());
        publishes.push(
          detectorClients[n]!.publishAsync(
            `campus/v1/${school}/${id}/event`,
            JSON.stringify({ type: 'smoke' }),
            {
              qos: 1,
            },
          ),
        );
      }
    };

    const stormStarted = performance.now();
    let stormMs = 0;
    const outcomes = await Promise.allSettled(
      hashed.map((d) =>
        mqtt
          .connectAsync(mqttUrl, {
            username: d.id,
            password: d.secret,
            clientId: `${d.id}-${randomBytes(3).toString('hex')}`,
            protocolVersion: 4,
            reconnectPeriod: 0,
            // Generous on purpose: the test is that every device gets in, not how fast.
            connectTimeout: 90_000,
          })
          .then((client) => {
            clients.push(client);
            connected++;
            stormMs = performance.now() - stormStarted;
            raiseDueAlarms();
            return client;
          }),
      ),
    );
    await Promise.all(publishes);
    await waitFor(() => alertAt.size === DETECTORS, {
      timeoutMs: 30_000,
      what: `all ${DETECTORS} smoke alerts on the officer's socket (${alertAt.size} so far)`,
    });
    clearInterval(poller);
    await Promise.all(inFlight);

    const latencies = detectors.map((d) => alertAt.get(d.id)! - publishedAt.get(d.id)!);
    const alarmP99 = percentile(latencies, 99);
    const healthMax = Math.max(...health.map((h) => h.ms));
    console.log(
      `connection storm: ${connected}/${HASHED_DEVICES} connected in ${Math.round(stormMs)} ms; ` +
        `alarm latency p50 ${Math.round(percentile(latencies, 50))} ms, p99 ${Math.round(alarmP99)} ms; ` +
        `/api/health ${health.length} polls, max ${Math.round(healthMax)} ms`,
    );

    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [String(o.reason)] : []));
    expect(refused).toEqual([]);
    expect(connected).toBe(HASHED_DEVICES);
    expect(alarmP99).toBeLessThanOrEqual(500);
    expect(health.length).toBeGreaterThan(10);
    expect(health.filter((h) => h.status !== 200)).toEqual([]);
    expect(healthMax).toBeLessThanOrEqual(1_000);
  });
});
