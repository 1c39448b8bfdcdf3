import { createServer, type AddressInfo } from 'node:net';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice, whenClosed } from './testing/device-client';
import { fetchMetrics, metricValue } from './testing/metrics-reader';
import { mosquittoPub } from './testing/mosquitto-pub';
import { startTestGateway, type TestGateway } from './testing/test-gateway';
import { SCHOOL_A, SCHOOL_B } from './testing/test-sites';
import { waitFor } from '@campus/test-kit';

describe('gateway refusals and malformed payloads', () => {
  let gw: TestGateway;
  const metrics = async () => fetchMetrics(gw.ports.http!);
  const refused = async (reason: string) =>
    metricValue(await metrics(), 'campus_messages_refused_total', { reason });
  const malformed = async (reason: string) =>
    metricValue(await metrics(), 'campus_messages_malformed_total', { reason });

  beforeAll(async () => {
    gw = await startTestGateway({ MAX_PAYLOAD_BYTES: String(64 * 1024) });
  });
  afterAll(() => gw?.dispose());

  /** After every refusal the gateway still takes a good reading. */
  async function stillServing(): Promise<void> {
    expect((await fetch(`${gw.httpUrl}/api/health`)).status).toBe(200);
    const client = await connectDevice(gw.mqttUrl, 'tmp-0001');
    const ts = Date.now();
    await client.publishAsync(
      `campus/v1/${SCHOOL_A}/tmp-0001/telemetry`,
      JSON.stringify({ ts, metrics: { temperature: 20 } }),
      {
        qos: 1,
      },
    );
    await client.endAsync();
    expect(
      await gw.sink.queryTelemetry({ device: 'tmp-0001', metric: 'temperature', from: ts, to: ts }),
    ).toHaveLength(1);
  }

  it('refuses a wrong secret and an unknown device at CONNECT', async () => {
    await expect(connectDevice(gw.mqttUrl, 'smk-0001', { password: 'wrong' })).rejects.toThrow(
      /Bad username or password/,
    );
    expect(await refused('bad_secret')).toBe(1);
    const pub = await mosquittoPub({
      port: gw.ports.mqtt!,
      topic: `campus/v1/${SCHOOL_A}/ghost/event`,
      message: '{"type":"smoke"}',
      username: 'ghost',
      password: 'x',
    });
    expect(pub.code).not.toBe(0);
    expect(await refused('unknown_device')).toBe(1);
    // A bridged device has no login of its own.
    await expect(connectDevice(gw.mqttUrl, 'door-0001', { password: '' })).rejects.toThrow(
      /Not authorized|Bad username/,
    );
    expect(await refused('no_direct_login')).toBe(1);
    await stillServing();
  });

  it('refuses a device publishing as another device or another school, and stores nothing', async () => {
    const since = Date.now();
    const receivedBefore = metricValue(await metrics(), 'campus_messages_received_total');
    const asOther = await connectDevice(gw.mqttUrl, 'smk-0001');
    asOther.publish(
      `campus/v1/${SCHOOL_A}/tmp-0001/telemetry`,
      JSON.stringify({ metrics: { temperature: 99 } }),
      { qos: 1 },
    );
    await whenClosed(asOther);
    expect(await refused('not_own_topic')).toBe(1);

    const asOtherSchool = await connectDevice(gw.mqttUrl, 'smk-0001');
    asOtherSchool.publish(`campus/v1/${SCHOOL_B}/smk-0001/event`, JSON.stringify({ type: 'fire' }), {
      qos: 1,
    });
    await whenClosed(asOtherSchool);
    expect(await refused('wrong_school')).toBe(1);
    asOther.end(true);
    asOtherSchool.end(true);
    // Refused publishes are still counted as received.
    expect(metricValue(await metrics(), 'campus_messages_received_total')).toBe(receivedBefore + 2);

    expect(
      await gw.sink.queryTelemetry({
        device: 'tmp-0001',
        metric: 'temperature',
        from: since,
        to: Date.now(),
      }),
    ).toEqual([]);
    expect(await gw.sink.queryEvents({ device: 'smk-0001', from: since, to: Date.now() })).toEqual([]);
    await stillServing();
  });

  it('refuses a bridge outside its base topic and a device on the uplink', async () => {
    const bridge = await connectDevice(gw.mqttUrl, 'z2m-01');
    bridge.publish('zigbee2mqtt/gate_east_door', JSON.stringify({ contact: false }), { qos: 1 });
    await whenClosed(bridge);
    expect(await refused('outside_base_topic')).toBe(1);
    bridge.end(true);

    const device = await connectDevice(gw.mqttUrl, 'smk-0001');
    device.publish(`platform/v1/uplink/${SCHOOL_A}/smk-0001/event`, '{}', { qos: 1 });
    await whenClosed(device);
    expect(await refused('reserved_topic')).toBe(1);
    device.end(true);

    const snoop = await connectDevice(gw.mqttUrl, 'smk-0001');
    const denial = await snoop
      .subscribeAsync('platform/v1/uplink/#', { qos: 1 })
      .catch((err: unknown) => err);
    // SUBACK 0x80: mqtt.js rejects with the packet; the connection stays up.
    expect(denial).toMatchObject({ packet: { granted: [128] } });
    expect(snoop.connected).toBe(true);
    expect(await refused('subscribe_denied')).toBe(1);
    await snoop.endAsync();
    await stillServing();
  });

  it('drops and counts malformed payloads without disconnecting the device', async () => {
    const client = await connectDevice(gw.mqttUrl, 'smk-0001');
    const topic = `campus/v1/${SCHOOL_A}/smk-0001/telemetry`;
    const since = Date.now();
    await client.publishAsync(topic, 'not json {', { qos: 1 });
    await client.publishAsync(topic, JSON.stringify({ metrics: { temperature: 'hot' } }), { qos: 1 });
    await client.publishAsync(topic, '{"metrics":{"temperature":1e999}}', { qos: 1 });
    await client.publishAsync(topic, Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), { qos: 1 });
    // Over MAX_PAYLOAD_BYTES but within MAX_PACKET_BYTES (payload + 1 KiB): dropped as too_large.
    // A packet over MAX_PACKET_BYTES closes the connection instead (mqtt-hardening.spec.ts).
    await client.publishAsync(topic, Buffer.alloc(64 * 1024 + 200, 0x20), { qos: 1 });
    await client.publishAsync(`campus/v1/${SCHOOL_A}/smk-0001/bogus`, '{}', { qos: 1 });
    expect(client.connected).toBe(true);
    await client.endAsync();

    const page = await metrics();
    expect(metricValue(page, 'campus_messages_malformed_total', { reason: 'not_json' })).toBe(1);
    expect(metricValue(page, 'campus_messages_malformed_total', { reason: 'wrong_type' })).toBe(1);
    expect(metricValue(page, 'campus_messages_malformed_total', { reason: 'non_finite' })).toBe(1);
    expect(metricValue(page, 'campus_messages_malformed_total', { reason: 'invalid_utf8' })).toBe(1);
    expect(metricValue(page, 'campus_messages_malformed_total', { reason: 'too_large' })).toBe(1);
    expect(await malformed('unknown_channel')).toBe(1);
    expect(
      await gw.sink.queryTelemetry({
        device: 'smk-0001',
        metric: 'temperature',
        from: since,
        to: Date.now(),
      }),
    ).toEqual([]);
    await stillServing();
  });

  it('keeps a malformed retained message from other subscribers', async () => {
    const watcher = await mqtt.connectAsync(gw.mqttUrl, {
      username: 'z2m-01',
      password: 's3cret-z2m',
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    const seen: string[] = [];
    watcher.on('message', (_topic, payload) => seen.push(payload.toString()));
    await watcher.subscribeAsync('z2m-2161010001/#', { qos: 1 });
    const bridge = await connectDevice(gw.mqttUrl, 'z2m-01');
    await bridge.publishAsync('z2m-2161010001/gate_east_door', '{broken', { qos: 1, retain: true });
    await bridge.publishAsync('z2m-2161010001/gate_east_door', '{"contact":true}', { qos: 1 });
    await bridge.endAsync();
    // Delivery is in order, so once the good message is here the broken one would have been too.
    await waitFor(() => seen.includes('{"contact":true}'), { what: 'the good message' });
    await watcher.endAsync();
    expect(seen).toEqual(['{"contact":true}']);
  });
});

describe('gateway start-up on a port in use', () => {
  it.each(['MQTT_PORT', 'MQTT_WS_PORT'])(
    'refuses to start with a clear error naming %s, and does not crash the process',
    async (variable) => {
      const taken = createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
      const port = (taken.address() as AddressInfo).port;
      try {
        await expect(startTestGateway({ [variable]: String(port) })).rejects.toThrow(
          `port ${port} is already in use: set ${variable} to a free port`,
        );
      } finally {
        await new Promise((resolve) => taken.close(resolve));
      }
    },
  );
});
