import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchMetrics, metricValue } from './testing/metrics-reader';
import { type Mosquitto, startMosquitto, waitFor } from '@campus/test-kit';
import { mosquittoPub } from './testing/mosquitto-pub';
import { publishReadings } from './testing/reading-publisher';
import { startTestGateway, type TestGateway } from './testing/test-gateway';
import { SCHOOL_A, SCHOOL_B } from './testing/test-sites';

describe('MQTT_URL: the gateway reads a real Mosquitto', () => {
  let broker: Mosquitto;
  let gw: TestGateway;
  beforeAll(async () => {
    broker = await startMosquitto();
    gw = await startTestGateway({ MQTT_URL: broker.url });
  });
  afterAll(async () => {
    await gw?.dispose();
    await broker?.stop();
  });

  it('runs no embedded broker', () => {
    expect(gw.ports.mqtt).toBeUndefined();
  });

  it('stores native and Zigbee2MQTT traffic published to Mosquitto, and forwards the uplink there', async () => {
    const watcher = await mqtt.connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
    const uplinks: string[] = [];
    watcher.on('message', (topic) => uplinks.push(topic));
    await watcher.subscribeAsync('platform/v1/uplink/#', { qos: 1 });

    const ts = Date.now() - 2000;
    const pub = await mosquittoPub({
      port: broker.port,
      topic: `campus/v1/${SCHOOL_A}/smk-0001/event`,
      message: JSON.stringify({ ts, type: 'smoke', data: { obscuration: 12.5 } }),
    });
    expect(pub.code).toBe(0);
    await mosquittoPub({
      port: broker.port,
      topic: 'z2m-2161010001/gate_east_door',
      message: '{"contact":true,"battery":64}',
    });

    const events = await waitFor(async () => {
      const e = await gw.sink.queryEvents({ device: 'smk-0001', from: ts, to: ts });
      return e.length > 0 ? e : undefined;
    });
    expect(events[0]).toMatchObject({ type: 'smoke', data: { obscuration: 12.5 } });
    await waitFor(async () => (await gw.sink.countPoints('door-0001')).telemetry === 1, {
      what: 'Z2M contact point',
    });
    await waitFor(() => uplinks.includes(`platform/v1/uplink/${SCHOOL_A}/smk-0001/event`), {
      what: 'uplink on Mosquitto',
    });
    await watcher.endAsync();
  });

  it('refuses and counts a device claiming another school even when the broker let it through', async () => {
    await mosquittoPub({
      port: broker.port,
      topic: `campus/v1/${SCHOOL_B}/smk-0001/event`,
      message: '{"type":"fire"}',
    });
    await waitFor(
      async () =>
        metricValue(await fetchMetrics(gw.ports.http!), 'campus_messages_refused_total', {
          reason: 'wrong_school',
        }) === 1,
      { what: 'wrong_school counted' },
    );
    expect(await gw.sink.queryEvents({ school: SCHOOL_B, from: 0, to: Date.now() })).toEqual([]);
  });

  it('stores a burst of 3,000 QoS 1 readings without the broker dropping any', async () => {
    const device = await mqtt.connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
    const baseTs = Date.now() - 100_000;
    const run = publishReadings(device, SCHOOL_A, 'tmp-0001', baseTs, 3_000);
    await run.done;
    await device.endAsync();
    await waitFor(async () => (await gw.sink.countPoints('tmp-0001')).telemetry === 3_000, {
      timeoutMs: 30_000,
      what: '3,000 readings stored',
    });
  });

  it('receives what was published while it was down, through its persistent session', async () => {
    const dataDir = gw.dataDir;
    await gw.stop();
    const device = await mqtt.connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
    const ts = Date.now() - 50_000;
    for (let i = 0; i < 50; i++) {
      await device.publishAsync(
        `campus/v1/${SCHOOL_A}/smk-0001/telemetry`,
        JSON.stringify({ ts: ts + i, metrics: { battery: i } }),
        { qos: 1 },
      );
    }
    await device.endAsync();
    gw = await startTestGateway({ MQTT_URL: broker.url }, dataDir);
    await waitFor(
      async () =>
        (await gw.sink.queryTelemetry({ device: 'smk-0001', metric: 'battery', from: ts, to: ts + 49 }))
          .length === 50,
      { what: 'the 50 readings queued by the broker' },
    );
  });
});
