import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MqttUplink, type StoredMessage } from '@campus/ingest';
import { freePort, startMosquitto, waitFor, type Mosquitto } from '@campus/test-kit';
import { ApiUser } from './testing/api-client';
import { connectDevice } from './testing/device-client';
import { spawnApp } from './testing/gateway-process';
import { TEST_SITES_PATH } from './testing/test-sites';

const ORG = { province: '610000', city: '610100', county: '610113', school: '2161010001' };
const reading = (device: string, n: number): StoredMessage => ({
  message: { kind: 'reading', device, ts: 1_800_000_000_000 + n, metrics: { temperature: n } },
  org: ORG,
  deviceKind: 'temperature_sensor',
});
const smoke = (device: string, n: number): StoredMessage => ({
  message: { kind: 'event', device, ts: 1_800_000_000_000 + n, type: 'smoke', data: { n } },
  org: ORG,
  deviceKind: 'smoke_detector',
});

interface Arrival {
  id: string;
  kind: string;
  device: string;
  n: number;
}

/**
 * The edge gateway's uplink to a central Mosquitto (UPLINK_URL): a WAN outage and a gateway crash
 * lose nothing, and alarms overtake the telemetry backlog when the link returns. The observer
 * stands in for the alert service, on a persistent session the broker keeps across its restart.
 */
describe('uplink store-and-forward to a central broker', () => {
  let dir: string;
  let persistDir: string;
  let broker: Mosquitto;
  let observer: MqttClient;
  const arrivals: Arrival[] = [];
  const seen = new Set<string>();
  const uplinks: MqttUplink[] = [];
  const logger = pino({ level: 'silent' });

  const openUplink = async () => {
    const uplink = await MqttUplink.open({
      url: broker.url,
      gatewayId: 'edge-a',
      dir: join(dir, 'uplink'),
      maxBytes: 64 * 1024 * 1024,
      logger,
    });
    uplinks.push(uplink);
    uplink.start();
    return uplink;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'campus-uplink-'));
    persistDir = await mkdtemp(join(tmpdir(), 'campus-central-broker-'));
    broker = await startMosquitto({ persistDir });
    observer = await mqtt.connectAsync(broker.url, {
      clientId: 'central-observer',
      protocolVersion: 5,
      clean: false,
      properties: { sessionExpiryInterval: 3600 },
      reconnectPeriod: 100,
    });
    observer.on('message', (_topic, payload) => {
      const m = JSON.parse(payload.toString()) as {
        id: string;
        kind: string;
        device: string;
        metrics?: { temperature: number };
        data?: { n: number };
      };
      // at least once: a batch in flight when the link dropped is sent again (the alert service
      // counts an id once); what matters here is that each id arrives, in the right order
      if (seen.has(m.id)) return;
      seen.add(m.id);
      arrivals.push({
        id: m.id,
        kind: m.kind,
        device: m.device,
        n: m.metrics?.temperature ?? m.data?.n ?? -1,
      });
    });
    await observer.subscribeAsync('platform/v1/uplink/#', { qos: 1 });
  });

  afterAll(async () => {
    await Promise.all(uplinks.map((u) => u.stop()));
    await observer?.endAsync(true);
    await broker?.stop();
    await rm(dir, { recursive: true, force: true });
    await rm(persistDir, { recursive: true, force: true });
  });

  it('forwards while the link is up, each message with a gateway-assigned id', async () => {
    const uplink = await openUplink();
    await uplink.publish([reading('t-1', 1), smoke('s-1', 1)]);
    await waitFor(() => arrivals.length >= 2, { what: 'two forwarded messages' });
    expect(arrivals.map((a) => `${a.kind} ${a.device}`).sort()).toEqual(['event s-1', 'reading t-1']);
    expect(new Set(arrivals.map((a) => a.id)).size).toBe(2);
    for (const a of arrivals) expect(a.id).toMatch(/^edge-a:[0-9a-z]+:\d+$/);
    await waitFor(() => uplink.status().backlog.telemetry + uplink.status().backlog.alarm === 0, {
      what: 'an empty journal',
    });
    arrivals.length = 0;
  });

  it('journals through an outage and sends alarms before the telemetry backlog', async () => {
    const uplink = uplinks[0]!;
    await broker.stop();
    await waitFor(() => !uplink.status().connected, { what: 'the uplink to notice the outage' });
    // telemetry first, then alarms: the alarms must still arrive first
    for (let n = 0; n < 20; n++)
      await uplink.publish(Array.from({ length: 50 }, (_, i) => reading('t-1', n * 50 + i)));
    for (let n = 0; n < 10; n++) await uplink.publish([smoke('s-1', n)]);
    expect(uplink.status().backlog).toEqual({ alarm: 10, telemetry: 1000 });

    broker = await startMosquitto({ port: broker.port, persistDir });
    await waitFor(() => arrivals.length >= 1010, {
      timeoutMs: 30_000,
      what: `1010 arrivals (${arrivals.length})`,
    });
    const alarms = arrivals.filter((a) => a.kind === 'event');
    expect(alarms.map((a) => a.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const lastAlarm = arrivals.findIndex((a) => a.kind === 'event' && a.n === 9);
    const firstReading = arrivals.findIndex((a) => a.kind === 'reading');
    expect(lastAlarm).toBeLessThan(firstReading);
    expect(arrivals.filter((a) => a.kind === 'reading').map((a) => a.n)).toEqual(
      Array.from({ length: 1000 }, (_, i) => i),
    );
    arrivals.length = 0;
  });

  it('sends what a stopped gateway journalled when it starts again, under the same ids', async () => {
    const first = uplinks.pop()!;
    await broker.stop();
    await first.publish([smoke('s-2', 100), smoke('s-2', 101)]);
    await first.stop(); // the link is down: both stay in the journal
    broker = await startMosquitto({ port: broker.port, persistDir });
    const again = await openUplink();
    expect(again.status().backlog.alarm).toBe(2);
    const restarted = () => arrivals.filter((a) => a.device === 's-2');
    await waitFor(() => restarted().length >= 2, { what: 'the journalled alarms after the restart' });
    expect(restarted().map((a) => a.n)).toEqual([100, 101]);
  });

  it('apps/gateway with UPLINK_URL: a smoke alarm journalled while the link is down survives a SIGKILL', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'campus-edge-'));
    const [http, mqttPort, ws] = [await freePort(), await freePort(), await freePort()];
    const env = {
      PORT: String(http),
      MQTT_PORT: String(mqttPort),
      MQTT_WS_PORT: String(ws),
      DATA_DIR: dataDir,
      SITES_FILE: TEST_SITES_PATH,
      UPLINK_URL: broker.url,
      GATEWAY_ID: 'edge-b',
    };
    const health = `http://127.0.0.1:${http}/api/health`;
    try {
      let gateway = await spawnApp('apps/gateway/src/main.ts', env, health);
      const fromEdge = () => arrivals.filter((a) => a.id.startsWith('edge-b:'));
      const device = await connectDevice(`mqtt://127.0.0.1:${mqttPort}`, 'smk-0001', {
        password: 's3cret-smk',
      });
      const smokeEvent = (n: number) =>
        device.publishAsync(
          'campus/v1/2161010001/smk-0001/event',
          JSON.stringify({ type: 'smoke', data: { n } }),
          {
            qos: 1,
          },
        );
      await smokeEvent(1);
      await waitFor(() => fromEdge().some((a) => a.n === 1), {
        what: 'the first alarm through the edge gateway',
      });

      await broker.stop();
      await smokeEvent(2); // acknowledged: journalled on the gateway's disk
      await device.endAsync(true);
      await gateway.kill('SIGKILL');
      broker = await startMosquitto({ port: broker.port, persistDir });
      gateway = await spawnApp('apps/gateway/src/main.ts', env, health);
      await waitFor(() => fromEdge().some((a) => a.n === 2), {
        timeoutMs: 30_000,
        what: 'the alarm journalled before the SIGKILL',
      });
      expect(
        fromEdge()
          .filter((a) => a.kind === 'event')
          .map((a) => a.n),
      ).toEqual([1, 2]);
      await gateway.kill('SIGTERM');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('edge gateway → central broker → alert service: 20 smoke events count 20 occurrences, a redelivery none', async () => {
    const work = await mkdtemp(join(tmpdir(), 'campus-centre-'));
    const [gwHttp, gwMqtt, gwWs, asHttp] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const base = `http://127.0.0.1:${asHttp}`;
    const started: { kill(signal?: NodeJS.Signals): Promise<void> }[] = [];
    try {
      started.push(
        await spawnApp(
          'apps/alert-service/src/main.ts',
          {
            PORT: String(asHttp),
            DATA_DIR: join(work, 'alerting'),
            SITES_FILE: TEST_SITES_PATH,
            MQTT_URL: broker.url,
            ALERT_SERVICE_CLIENT_ID: 'centre-replica-1',
            // the test's Mosquitto lets anyone in; the alert service still wants its account named
            MQTT_SERVICE_USERNAME: 'alert-service',
            MQTT_SERVICE_PASSWORD: 'centre-secret',
            JWT_SECRET: 'uplink-test-secret-uplink-test-secret',
          },
          `${base}/api/health`,
        ),
      );
      started.push(
        await spawnApp(
          'apps/gateway/src/main.ts',
          {
            PORT: String(gwHttp),
            MQTT_PORT: String(gwMqtt),
            MQTT_WS_PORT: String(gwWs),
            DATA_DIR: join(work, 'edge'),
            SITES_FILE: TEST_SITES_PATH,
            UPLINK_URL: broker.url,
            GATEWAY_ID: 'edge-c',
          },
          `http://127.0.0.1:${gwHttp}/api/health`,
        ),
      );
      // a copy of every uplink message, to send one again as a redelivery would
      const copies: { topic: string; payload: Buffer }[] = [];
      const tap = await mqtt.connectAsync(broker.url, { clientId: 'centre-tap', protocolVersion: 5 });
      tap.on('message', (topic, payload) => {
        if (payload.toString().includes('"edge-c:')) copies.push({ topic, payload });
      });
      await tap.subscribeAsync('platform/v1/uplink/+/+/event', { qos: 1 });

      const device = await connectDevice(`mqtt://127.0.0.1:${gwMqtt}`, 'smk-0001', {
        password: 's3cret-smk',
      });
      for (let n = 0; n < 20; n++) {
        await device.publishAsync('campus/v1/2161010001/smk-0001/event', JSON.stringify({ type: 'smoke' }), {
          qos: 1,
        });
      }
      await device.endAsync();
      const officer = await ApiUser.login(base, 'shaanxi');
      const smokeAlert = async () => {
        const { body } = await officer.request('GET', '/api/alerts');
        return (body as { items: { type: string; device: string; occurrences: number }[] }).items.find(
          (a) => a.type === 'smoke' && a.device === 'smk-0001',
        );
      };
      await waitFor(async () => (await smokeAlert())?.occurrences === 20, {
        timeoutMs: 30_000,
        what: 'the smoke alert with 20 occurrences on the central alert service',
      });
      // the gateway's batch sent again (a link that dropped before the acknowledgement)
      await waitFor(() => copies.length >= 20, { what: 'the tap to see the 20 uplink messages' });
      for (const { topic, payload } of copies.slice(0, 5)) await tap.publishAsync(topic, payload, { qos: 1 });
      // and one new message, so that there is something to wait for after the duplicates
      const fresh = JSON.parse(copies[0]!.payload.toString()) as Record<string, unknown>;
      await tap.publishAsync(copies[0]!.topic, JSON.stringify({ ...fresh, id: 'edge-c:test:fresh' }), {
        qos: 1,
      });
      await waitFor(async () => (await smokeAlert())?.occurrences === 21, {
        what: 'the fresh message counted',
      });
      expect((await smokeAlert())?.occurrences).toBe(21);
      await tap.endAsync(true);
    } finally {
      for (const p of started.reverse()) await p.kill('SIGTERM');
      await rm(work, { recursive: true, force: true });
    }
  });
});
