import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInfluxd, waitFor } from '@campus/test-kit';
import { connectDevice } from './testing/device-client';
import { metricValue } from './testing/metrics-reader';
import { mosquittoPub } from './testing/mosquitto-pub';
import { startTestGateway, type TestGateway } from './testing/test-gateway';
import { SCHOOL_A, SECRETS } from './testing/test-sites';

const SERVICE = { username: 'alert-service', password: 'svc-pass' };

/** The same round trips against each time-series store the gateway can write to. */
const STORES: {
  name: string;
  sink: string;
  start(): Promise<{ env: Record<string, string>; stop(): Promise<void> }>;
}[] = [
  {
    name: 'the embedded store',
    sink: 'embedded',
    start: async () => ({ env: {}, stop: async () => undefined }),
  },
  {
    name: 'a real influxd (v1 API)',
    sink: 'influxdb',
    start: async () => {
      const influx = await startInfluxd();
      return { env: { INFLUX_URL: influx.url, INFLUX_DATABASE: 'campus' }, stop: () => influx.stop() };
    },
  },
];

describe.each(STORES)('gateway ingest into $name', (store) => {
  let gw: TestGateway;
  let stopStore: () => Promise<void> = async () => undefined;
  beforeAll(async () => {
    const started = await store.start();
    stopStore = started.stop;
    gw = await startTestGateway({
      ...started.env,
      MQTT_SERVICE_USERNAME: SERVICE.username,
      MQTT_SERVICE_PASSWORD: SERVICE.password,
    });
  });
  afterAll(async () => {
    await gw?.dispose();
    await stopStore();
  });

  it('stores native telemetry from mqtt.js once the PUBACK arrives', async () => {
    const client = await connectDevice(gw.mqttUrl, 'smk-0001');
    const ts = Date.now() - 1000;
    await client.publishAsync(
      `campus/v1/${SCHOOL_A}/smk-0001/telemetry`,
      JSON.stringify({ ts, metrics: { temperature: 23.5, battery: 87 } }),
      { qos: 1 },
    );
    await client.endAsync();
    // QoS 1 is acknowledged only once durable: no waiting needed.
    const points = await gw.sink.queryTelemetry({
      device: 'smk-0001',
      metric: 'temperature',
      from: ts - 1,
      to: ts + 1,
    });
    expect(points).toEqual([{ ts, value: 23.5 }]);
    const battery = await gw.sink.queryTelemetry({ device: 'smk-0001', metric: 'battery', from: ts, to: ts });
    expect(battery).toEqual([{ ts, value: 87 }]);
  });

  it('stores what mosquitto_pub sends, with gateway time when ts is absent', async () => {
    const before = Date.now();
    const result = await mosquittoPub({
      port: gw.ports.mqtt!,
      topic: `campus/v1/${SCHOOL_A}/tmp-0001/telemetry`,
      message: '{"metrics":{"temperature":21.25}}',
      username: 'tmp-0001',
      password: SECRETS['tmp-0001']!,
    });
    expect(result).toMatchObject({ code: 0 });
    const points = await gw.sink.queryTelemetry({
      device: 'tmp-0001',
      metric: 'temperature',
      from: before,
      to: Date.now(),
    });
    expect(points.map((p) => p.value)).toEqual([21.25]);
  });

  it('accepts a device whose secret is an scrypt hash, and MQTT over WebSocket', async () => {
    const client = await mqtt.connectAsync(gw.wsUrl, {
      username: 'sos-0001',
      password: SECRETS['sos-0001']!,
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    const ts = Date.now() - 500;
    await client.publishAsync(
      `campus/v1/${SCHOOL_A}/sos-0001/event`,
      JSON.stringify({ ts, type: 'sos', data: { button: 1 } }),
      {
        qos: 1,
      },
    );
    await client.endAsync();
    const events = await gw.sink.queryEvents({ device: 'sos-0001', from: ts, to: ts });
    expect(events).toEqual([{ ts, device: 'sos-0001', school: SCHOOL_A, type: 'sos', data: { button: 1 } }]);
  });

  it('decodes a Zigbee2MQTT bridge: events, telemetry and names with a slash', async () => {
    const bridge = await connectDevice(gw.mqttUrl, 'z2m-01');
    const since = Date.now();
    await bridge.publishAsync(
      'z2m-2161010001/lab/smoke_101',
      JSON.stringify({ battery: 90, battery_low: false, linkquality: 120, smoke: true, tamper: false }),
      { qos: 1 },
    );
    await bridge.publishAsync(
      'z2m-2161010001/gate_east_door',
      JSON.stringify({ contact: false, battery: 70 }),
      { qos: 1 },
    );
    await bridge.endAsync();
    const now = Date.now();
    const events = await gw.sink.queryEvents({ device: 'smk-z-0001', from: since, to: now });
    expect(events.map((e) => e.type)).toEqual(['smoke']);
    expect(
      await gw.sink.queryTelemetry({ device: 'smk-z-0001', metric: 'battery', from: since, to: now }),
    ).toHaveLength(1);
    const contact = await gw.sink.queryTelemetry({
      device: 'door-0001',
      metric: 'contact',
      from: since,
      to: now,
    });
    expect(contact.map((p) => p.value)).toEqual([0]); // open door: Z2M contact false
  });

  it('turns a Frigate person in a restricted zone into one intrusion for the camera', async () => {
    const nvr = await connectDevice(gw.mqttUrl, 'nvr-01');
    const start = Date.now() / 1000;
    const object = {
      id: `${start}-abc123`,
      camera: 'gate_north',
      label: 'person',
      score: 0.82,
      top_score: 0.85,
      start_time: start,
      frame_time: start,
      current_zones: ['rooftop'],
      entered_zones: ['rooftop'],
      false_positive: false,
    };
    for (const type of ['new', 'update', 'end']) {
      await nvr.publishAsync(
        'frigate-2161010001/events',
        JSON.stringify({ type, before: object, after: object }),
        { qos: 1 },
      );
    }
    await nvr.endAsync();
    const events = await gw.sink.queryEvents({
      device: 'cam-gate-north',
      from: Math.floor(start * 1000) - 1,
      to: Date.now(),
    });
    expect(events.map((e) => e.type)).toEqual(['intrusion']);
  });

  it('stores availability, including the will a device leaves behind', async () => {
    const client = await mqtt.connectAsync(gw.mqttUrl, {
      username: 'tmp-0001',
      password: SECRETS['tmp-0001']!,
      protocolVersion: 4,
      reconnectPeriod: 0,
      will: {
        topic: `campus/v1/${SCHOOL_A}/tmp-0001/status`,
        payload: Buffer.from('{"online":false}'),
        qos: 1,
        retain: true,
      },
    });
    const since = Date.now();
    await client.publishAsync(`campus/v1/${SCHOOL_A}/tmp-0001/status`, '{"online":true}', {
      qos: 1,
      retain: true,
    });
    client.stream.destroy(); // vanish without DISCONNECT: the broker publishes the will
    const statuses = await waitFor(
      async () => {
        const s = await gw.sink.queryStatus({ device: 'tmp-0001', from: since, to: Date.now() });
        return s.length === 2 ? s : undefined;
      },
      { what: 'online and the will offline' },
    );
    expect(statuses.map((s) => s.online)).toEqual([true, false]);
  });

  it('forwards decoded events to the alert service on the uplink with QoS 1', async () => {
    const service = await mqtt.connectAsync(gw.mqttUrl, {
      ...SERVICE,
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    const received: { topic: string; body: Record<string, unknown> }[] = [];
    service.on('message', (topic, payload) => received.push({ topic, body: JSON.parse(payload.toString()) }));
    await service.subscribeAsync('platform/v1/uplink/#', { qos: 1 });
    const device = await connectDevice(gw.mqttUrl, 'smk-0001');
    await device.publishAsync(`campus/v1/${SCHOOL_A}/smk-0001/event`, JSON.stringify({ type: 'smoke' }), {
      qos: 1,
    });
    await device.endAsync();
    const got = await waitFor(() => received.find((r) => r.body['type'] === 'smoke'), {
      what: 'uplink smoke',
    });
    await service.endAsync();
    expect(got.topic).toBe(`platform/v1/uplink/${SCHOOL_A}/smk-0001/event`);
    expect(got.body).toMatchObject({
      v: 1,
      kind: 'event',
      device: 'smk-0001',
      type: 'smoke',
      deviceKind: 'smoke_detector',
      org: { province: '610000', city: '610100', county: '610113', school: SCHOOL_A },
    });
  });

  it('answers health and metrics on PORT', async () => {
    expect(await (await fetch(`${gw.httpUrl}/api/health`)).json()).toEqual({ status: 'ok' });
    const page = await (await fetch(`${gw.httpUrl}/metrics`)).text();
    expect(metricValue(page, 'campus_points_written_total', { sink: store.sink })).toBeGreaterThan(0);
    expect(page).toContain('campus_outbox_depth 0');
  });
});
