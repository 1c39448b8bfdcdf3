import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ApiUser } from './testing/api-client';
import { writeLoadProvince, type LoadProvince } from './testing/load-province';
import { startTestPlatform, type TestPlatform } from './testing/test-platform';
import { waitFor } from '@campus/test-kit';
import { publishWindowed, type WindowedRun } from './testing/windowed-publisher';

/** How long the devices flood the platform (the performance docs run it for 60 s). */
const LOAD_SECONDS = Number(process.env['OVERLOAD_SECONDS'] ?? 20);
const SENSORS = 40;
const WINDOW = 500;
const DETECTORS = 10;

async function connect(url: string, username: string, password: string): Promise<MqttClient> {
  return mqtt.connectAsync(url, {
    username,
    password,
    clientId: `${username}-${Math.random().toString(16).slice(2, 8)}`,
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 30_000,
  });
}

/**
 * The worst minute: 40 devices publish QoS 1 telemetry as fast as PUBACKs come back, up to 500
 * unacknowledged each (before the alarm lane and back-pressure, this killed the process with
 * "Maximum call stack size exceeded" in mqemitter). Meanwhile smoke detectors raise alarms. The
 * platform must stay up, store every reading it acknowledged and bring every alarm to a county
 * officer's socket.io client. A test of behaviour: the latencies are printed, not asserted.
 */
describe('overload: 40 devices × 500 unacknowledged QoS 1 publishes', () => {
  let dir: string;
  let province: LoadProvince;
  let platform: TestPlatform;
  const clients: MqttClient[] = [];
  let socket: Socket | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'campus-overload-'));
    province = await writeLoadProvince(dir, { sensors: SENSORS, detectors: DETECTORS });
    platform = await startTestPlatform({ sitesFile: province.path });
  });

  afterAll(async () => {
    socket?.close();
    await Promise.all(clients.map((c) => c.endAsync(true)));
    await platform?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test(
    'stays up, stores every acknowledged reading and delivers every alarm',
    async () => {
      const officer = await ApiUser.login(
        platform.base,
        province.officer.username,
        province.officer.password,
      );
      const live = await officer.live();
      socket = live.socket;
      const arrived = new Map<string, number>();
      socket.on('alert', (alert: { device?: string }) => {
        if (alert.device && !arrived.has(alert.device)) arrived.set(alert.device, performance.now());
      });

      const sensors = await Promise.all(
        province.sensors.map((d) => connect(platform.mqttUrl, d.id, d.secret)),
      );
      const detectors = await Promise.all(
        province.detectors.map((d) => connect(platform.mqttUrl, d.id, d.secret)),
      );
      clients.push(...sensors, ...detectors);

      const base = Date.now() - 3_600_000; // distinct past timestamps, inside the API's default range
      const endAt = performance.now() + LOAD_SECONDS * 1000;
      const stop = () => performance.now() >= endAt;
      const flood: Promise<WindowedRun>[] = sensors.map((client, n) =>
        publishWindowed(client, `campus/v1/${province.school}/${province.sensors[n]!.id}/telemetry`, {
          window: WINDOW,
          stop,
          payload: (i) =>
            JSON.stringify({ ts: base + i, metrics: { temperature: 20 + (i % 10), battery: 90 } }),
        }),
      );

      // one alarm from each detector, spread over the flood; the PUBACKs are awaited afterwards
      const published = new Map<string, number>();
      const alarmAcks: Promise<void>[] = [];
      const alarmsDone = (async () => {
        const start = performance.now();
        for (const [n, client] of detectors.entries()) {
          const slot = start + ((n + 0.5) * LOAD_SECONDS * 1000) / DETECTORS;
          await waitFor(() => performance.now() >= slot, {
            timeoutMs: LOAD_SECONDS * 1000 + 5_000,
            intervalMs: 20,
            what: 'the next alarm slot',
          });
          const id = province.detectors[n]!.id;
          published.set(id, performance.now());
          alarmAcks.push(
            client
              .publishAsync(`campus/v1/${province.school}/${id}/event`, JSON.stringify({ type: 'smoke' }), {
                qos: 1,
              })
              .then(() => undefined),
          );
        }
      })();

      // A dead platform fails the test at once instead of leaving it to time out.
      const died = new Promise<never>((_, reject) =>
        platform.process.child.once('exit', (code, signal) =>
          reject(
            new Error(
              `the platform died (exit ${code}, ${signal}):\n${platform.process.output().slice(-3000)}`,
            ),
          ),
        ),
      );
      const runs = await Promise.race([Promise.all(flood), died]);
      await Promise.race([alarmsDone, died]);

      // the process is up and answering
      expect(platform.process.child.exitCode).toBeNull();
      expect((await fetch(`${platform.base}/api/health`)).status).toBe(200);
      for (const run of runs)
        expect(run.failed, 'no publish failed: the broker closed no connection').toBe(0);
      await Promise.race([
        Promise.all(alarmAcks),
        died,
        waitFor(() => false, { timeoutMs: 30_000, what: 'every alarm acknowledged by the broker' }),
      ]);

      // every alarm reached the county officer
      await waitFor(() => arrived.size === DETECTORS, {
        timeoutMs: 30_000,
        what: 'every alarm on socket.io',
      });
      const latencies = [...published].map(([id, at]) => arrived.get(id)! - at).sort((a, b) => a - b);

      // every acknowledged reading is stored
      let acked = 0;
      for (const [n, run] of runs.entries()) {
        acked += run.acked.size;
        const device = province.sensors[n]!.id;
        const stored = await waitFor(
          async () => {
            const { status, body } = await officer.request(
              'GET',
              `/api/telemetry?device=${device}&metric=temperature&from=${base}&to=${base + run.sent}`,
            );
            if (status !== 200) return undefined;
            const points = (body as { points: { ts: string }[] }).points;
            const have = new Set(points.map((p) => Date.parse(p.ts) - base));
            return [...run.acked].every((i) => have.has(i)) ? have : undefined;
          },
          { timeoutMs: 60_000, intervalMs: 250, what: `every acknowledged reading of ${device} stored` },
        );
        expect(stored.size).toBeGreaterThanOrEqual(run.acked.size);
      }
      console.log(
        `overload: ${acked} readings acknowledged in ${LOAD_SECONDS} s (${Math.round(acked / LOAD_SECONDS)}/s), ` +
          `alarm → socket.io ms: p50 ${latencies[Math.floor(latencies.length / 2)]!.toFixed(0)}, ` +
          `max ${latencies[latencies.length - 1]!.toFixed(0)}`,
      );
      expect(acked).toBeGreaterThan(0);
    },
    LOAD_SECONDS * 1000 + 180_000,
  );
});
