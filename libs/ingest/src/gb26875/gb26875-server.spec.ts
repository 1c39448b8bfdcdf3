import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import pino from 'pino';
import type { Counter } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sitesYaml, waitFor } from '@campus/test-kit';
import {
  buildGb26875Frame,
  parseSites,
  toGb26875Frame,
  type Gb26875Frame,
  type TimeLabel,
  type UplinkMessage,
} from '@campus/device-protocols';
import { loadGatewayConfig } from '../config/gateway-config';
import { startGateway, type GatewayHandle } from '../gateway';
import { createSink } from '../sinks/create-sink';
import { Gb26875TestClient } from '../testing/gb26875-client';
import { HeldSink } from '../testing/held-sink-double';

const SCHOOL = '2161010001';
/** fap-01's address in the sites file below; the published example frames come from 889 (undeclared). */
const PANEL_ADDRESS = 0x12345678;
const CENTRE_ADDRESS = 88888;
const SERVICE = { username: 'alert-service', password: 'svc-pass' };
const SITES = sitesYaml({
  schools: [
    {
      code: SCHOOL,
      name: '雁塔区第一小学',
      devices: [
        { id: 'fap-01', kind: 'fire_alarm_panel', protocol: 'gb26875', address: PANEL_ADDRESS },
        { id: 'fap-02', kind: 'fire_alarm_panel', protocol: 'gb26875', address: 4242 },
        { id: 'fap-03', kind: 'fire_alarm_panel', protocol: 'gb26875', address: 4343 },
      ],
    },
  ],
});

/** The published smoke detector fire alarm (serial 1, sent 2012-09-26 09:58:32 from address 889). */
const FIRE_ALARM_HEX =
  '40 40 01 00 01 01 20 3A 09 1A 09 0C 79 03 00 00 00 00 38 5B 01 00 00 00 30 00 02 02 01 01 01 28 0A 00 02 00 02 00 ' +
  `${'20 '.repeat(30)}00 02 3A 09 1A 09 0C 46 23 23`;
const FIRE_ALARM = toGb26875Frame(Uint8Array.from(FIRE_ALARM_HEX.split(' ').map((h) => parseInt(h, 16))));
/** 2012-09-26 09:58:02 in Asia/Shanghai. */
const EVENT_TS = Date.UTC(2012, 8, 26, 1, 58, 2);

/** The example frame re-sent from another address / serial / event time (checksum recomputed). */
function rewrite(
  frame: Gb26875Frame,
  changes: { source?: number; serial?: number; eventTime?: TimeLabel } = {},
) {
  const adu = Uint8Array.from(frame.adu);
  if (changes.eventTime) {
    const t = changes.eventTime;
    adu.set([t.second, t.minute, t.hour, t.day, t.month, t.year], adu.length - 6);
  }
  return buildGb26875Frame({
    ...frame,
    adu,
    source: changes.source ?? PANEL_ADDRESS,
    serial: changes.serial ?? frame.serial,
  });
}
const heartbeat = (serial: number, source = PANEL_ADDRESS) =>
  buildGb26875Frame({ ...FIRE_ALARM, serial, source, adu: new Uint8Array(0) });

async function counter(c: Counter<string>, labels: Record<string, string> = {}): Promise<number> {
  const { values } = await c.get();
  return values
    .filter((v) => Object.entries(labels).every(([k, want]) => v.labels[k] === want))
    .reduce((n, v) => n + v.value, 0);
}

describe('GB/T 26875.3 listener (real gateway, embedded store, real TCP)', () => {
  let gw: GatewayHandle;
  let sink: HeldSink;
  let dir: string;
  let port: number;
  let service: MqttClient;
  const uplink: { topic: string; body: UplinkMessage }[] = [];
  const clients: Gb26875TestClient[] = [];
  const connectPanel = async () => {
    const client = await Gb26875TestClient.connect(port);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'campus-gb26875-'));
    const config = loadGatewayConfig({
      PORT: '0',
      MQTT_PORT: '0',
      MQTT_WS_PORT: '0',
      DATA_DIR: dir,
      GB26875_PORT: '0',
      GB26875_IDLE_SECONDS: '3',
      BATCH_MAX_AGE_MS: '20',
      MQTT_SERVICE_USERNAME: SERVICE.username,
      MQTT_SERVICE_PASSWORD: SERVICE.password,
    });
    const logger = pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });
    sink = new HeldSink(
      await createSink({ type: 'embedded', dir: join(dir, 'timeseries'), retentionDays: 180 }, logger),
    );
    const sites = parseSites(SITES, 'gb26875 spec');
    gw = await startGateway({ config, sites, logger, host: '127.0.0.1', sink });
    port = gw.ports.gb26875!;
    service = await mqtt.connectAsync(`mqtt://127.0.0.1:${gw.ports.mqtt}`, {
      ...SERVICE,
      protocolVersion: 4,
      reconnectPeriod: 0,
    });
    service.on('message', (topic, payload) =>
      uplink.push({ topic, body: JSON.parse(payload.toString()) as UplinkMessage }),
    );
    await service.subscribeAsync('platform/v1/uplink/#', { qos: 1 });
  }, 120_000); // a fresh embedded store (PGlite initdb) takes seconds on a busy machine
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await service?.endAsync();
    await gw?.stop();
    await sink?.close();
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('stores the published fire alarm as a smoke event, forwards it, and only then answers 确认', async () => {
    const panel = await connectPanel();
    await panel.send(rewrite(FIRE_ALARM));
    const reply = await panel.nextReply();
    expect(reply).toMatchObject({
      command: 3,
      serial: 1,
      source: CENTRE_ADDRESS,
      destination: PANEL_ADDRESS,
      aduLength: 0,
    });

    // 确认 came after the durable write: the event is in the store without waiting.
    const events = await gw.sink.queryEvents({ device: 'fap-01', from: EVENT_TS, to: EVENT_TS });
    expect(events).toEqual([
      {
        ts: EVENT_TS,
        device: 'fap-01',
        school: SCHOOL,
        type: 'smoke',
        data: expect.objectContaining({
          source: 'gb26875',
          componentType: 40,
          componentTypeName: '感烟火灾探测器',
          zone: 10,
          position: 2,
          systemType: 1,
          systemAddress: 1,
          deviceTime: '2012-09-26 09:58:02',
        }),
      },
    ]);
    const smoke = await waitFor(
      () => uplink.find((u) => u.topic === `platform/v1/uplink/${SCHOOL}/fap-01/event`),
      { what: 'the smoke event on the uplink' },
    );
    expect(smoke.body).toMatchObject({
      v: 1,
      kind: 'event',
      type: 'smoke',
      ts: EVENT_TS,
      deviceKind: 'fire_alarm_panel',
      org: { school: SCHOOL },
    });
    const online = uplink.find((u) => u.topic === `platform/v1/uplink/${SCHOOL}/fap-01/availability`);
    expect(online?.body).toMatchObject({ kind: 'availability', online: true });
    expect(await counter(gw.metrics.decoded, { protocol: 'gb26875', kind: 'event' })).toBeGreaterThanOrEqual(
      1,
    );
    await panel.close();
  });

  it('sends no 确认 while the frame is not yet durable', async () => {
    const panel = await connectPanel();
    const writes = sink.writesStarted;
    sink.hold();
    try {
      await panel.send(rewrite(FIRE_ALARM, { serial: 2 }));
      await waitFor(() => sink.writesStarted > writes, { what: 'the write to reach the sink' });
      expect(panel.unread).toBe(0);
    } finally {
      sink.letGo();
    }
    expect(await panel.nextReply()).toMatchObject({ command: 3, serial: 2 });
    await panel.close();
  });

  it('resyncs after noise, joins a frame split over writes and answers sticky frames in order', async () => {
    const noiseBefore = await counter(gw.metrics.malformed, { reason: 'noise' });
    const panel = await connectPanel();
    const alarm = rewrite(FIRE_ALARM, {
      serial: 7,
      eventTime: { second: 5, minute: 0, hour: 8, day: 1, month: 3, year: 13 },
    });
    await panel.send(Uint8Array.from([0x00, 0xff, 0x23, 0x23, 0x40, 0x13]));
    await panel.send(alarm.subarray(0, 5));
    await panel.send(alarm.subarray(5, 40));
    await panel.send(alarm.subarray(40));
    expect(await panel.nextReply()).toMatchObject({ command: 3, serial: 7 });
    await panel.send(
      Uint8Array.from([...heartbeat(8), ...heartbeat(9), ...rewrite(FIRE_ALARM, { serial: 10 })]),
    );
    expect(
      (await Promise.all([panel.nextReply(), panel.nextReply(), panel.nextReply()])).map((f) => [
        f.command,
        f.serial,
      ]),
    ).toEqual([
      [3, 8],
      [3, 9],
      [3, 10],
    ]);
    const ts = Date.UTC(2013, 2, 1, 0, 0, 5);
    expect((await gw.sink.queryEvents({ device: 'fap-01', from: ts, to: ts })).map((e) => e.type)).toEqual([
      'smoke',
    ]);
    expect(await counter(gw.metrics.malformed, { reason: 'noise' })).toBe(noiseBefore + 1);
    await panel.close();
  });

  it('answers a bad checksum 否认 with the serial echoed and stores nothing', async () => {
    const before = await counter(gw.metrics.malformed, { reason: 'bad_checksum' });
    const panel = await connectPanel();
    const broken = rewrite(FIRE_ALARM, {
      serial: 21,
      eventTime: { second: 9, minute: 9, hour: 9, day: 9, month: 9, year: 19 },
    });
    broken[broken.length - 3] = (broken[broken.length - 3]! + 1) & 0xff;
    await panel.send(broken);
    expect(await panel.nextReply()).toMatchObject({ command: 6, serial: 21, destination: PANEL_ADDRESS });
    const ts = Date.UTC(2019, 8, 9, 1, 9, 9);
    expect(await gw.sink.queryEvents({ device: 'fap-01', from: ts - 1000, to: ts + 1000 })).toEqual([]);
    expect(await counter(gw.metrics.malformed, { reason: 'bad_checksum' })).toBe(before + 1);

    // An ADU that does not fit its type is refused the same way.
    await panel.send(
      buildGb26875Frame({
        ...FIRE_ALARM,
        serial: 22,
        source: PANEL_ADDRESS,
        adu: FIRE_ALARM.adu.subarray(0, 40),
      }),
    );
    expect(await panel.nextReply()).toMatchObject({ command: 6, serial: 22 });
    expect(await counter(gw.metrics.malformed, { reason: 'bad_adu' })).toBe(1);
    await panel.close();
  });

  it('refuses an unknown source address with 否认 and keeps the connection for a known one', async () => {
    const before = await counter(gw.metrics.refused, { reason: 'unknown_address' });
    const panel = await connectPanel();
    await panel.send(buildGb26875Frame({ ...FIRE_ALARM, serial: 31 })); // address 889, declared nowhere
    expect(await panel.nextReply()).toMatchObject({ command: 6, serial: 31, destination: 889 });
    expect(await counter(gw.metrics.refused, { reason: 'unknown_address' })).toBe(before + 1);
    expect(await gw.sink.countPoints('fap-01')).toMatchObject({ events: 2 }); // nothing new

    await panel.send(heartbeat(32, 4242));
    expect(await panel.nextReply()).toMatchObject({ command: 3, serial: 32, destination: 4242 });
    expect(panel.isClosed).toBe(false);
    await panel.close();
  });

  it('marks a panel offline when its connection closes, and closes a silent connection', async () => {
    const since = Date.now();
    const panel = await connectPanel();
    await panel.send(heartbeat(41, 4343)); // a panel no other test uses
    expect(await panel.nextReply()).toMatchObject({ command: 3, serial: 41 });
    // No frame for GB26875_IDLE_SECONDS (3 s here): the gateway hangs up, the panel goes offline.
    await panel.closed;
    expect(
      await counter(
        gw.metrics.registry.getSingleMetric('campus_gb26875_idle_timeouts_total') as Counter<string>,
      ),
    ).toBeGreaterThanOrEqual(1);
    const status = await waitFor(
      async () => {
        const points = await gw.sink.queryStatus({ device: 'fap-03', from: since, to: Date.now() });
        return points.some((p) => !p.online) ? points : undefined;
      },
      { what: 'fap-03 offline in the store' },
    );
    expect(status.map((p) => p.online)).toEqual([true, false]);
    await waitFor(
      () =>
        uplink.some(
          (u) => u.topic.endsWith('/fap-03/availability') && u.body.kind === 'availability' && !u.body.online,
        ),
      { what: 'fap-03 offline on the uplink' },
    );
  });
});

describe('GB/T 26875.3 listener with GATEWAY_SCHOOLS', () => {
  const OTHER_SCHOOL = '2161010002';
  let gw: GatewayHandle;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'campus-gb26875-served-'));
    const config = loadGatewayConfig({
      PORT: '0',
      MQTT_PORT: '0',
      MQTT_WS_PORT: '0',
      DATA_DIR: dir,
      GB26875_PORT: '0',
      BATCH_MAX_AGE_MS: '20',
      GATEWAY_SCHOOLS: SCHOOL,
    });
    const sites = parseSites(
      sitesYaml({
        schools: [
          {
            code: SCHOOL,
            name: '一小',
            devices: [{ id: 'fap-01', kind: 'fire_alarm_panel', protocol: 'gb26875', address: 4242 }],
          },
          // the published example frame's address, on a panel of a school this gateway does not serve
          {
            code: OTHER_SCHOOL,
            name: '二中',
            devices: [{ id: 'fap-09', kind: 'fire_alarm_panel', protocol: 'gb26875', address: 889 }],
          },
        ],
      }),
      'gb26875 served spec',
    );
    gw = await startGateway({ config, sites, logger: pino({ level: 'silent' }), host: '127.0.0.1' });
  }, 120_000);
  afterAll(async () => {
    await gw?.stop();
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it("answers 否认 to another school's panel and stores nothing, counted as school_not_served", async () => {
    const panel = await Gb26875TestClient.connect(gw.ports.gb26875!);
    try {
      await panel.send(buildGb26875Frame({ ...FIRE_ALARM, serial: 41 })); // from address 889: fap-09
      expect(await panel.nextReply()).toMatchObject({ command: 6, serial: 41, destination: 889 });
      expect(await counter(gw.metrics.refused, { reason: 'school_not_served' })).toBe(1);
      expect(await gw.sink.countPoints('fap-09')).toMatchObject({ events: 0 });
      // its own school's panel is answered 确认
      await panel.send(heartbeat(42, 4242));
      expect(await panel.nextReply()).toMatchObject({ command: 3, serial: 42, destination: 4242 });
    } finally {
      await panel.close();
    }
  });
});
