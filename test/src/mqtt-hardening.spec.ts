import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect as tcpConnect, type Socket as NetSocket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { generate } from 'mqtt-packet';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ApiUser } from './testing/api-client';
import { freePort, waitFor } from '@campus/test-kit';
import { writeLoadProvince, type LoadDevice, type LoadProvince } from './testing/load-province';
import { metricValue } from './testing/metrics-reader';
import { fixedHeader, openRaw, rawLogin, residentBytes, type RawMqtt } from './testing/raw-mqtt';
import { startTestPlatform, type TestPlatform } from './testing/test-platform';
import { SCHOOL_A, SECRETS } from './testing/test-sites';

const SERVICE = { username: 'svc-hardening', password: 'svc-hardening-pass-0123' };
const MB = 1024 * 1024;
/** What an attacker would send at most before we give up waiting for the broker to close. */
const SEND_CAP = 40 * MB;
const CHUNK = Buffer.alloc(64 * 1024, 0x41);
/**
 * The attacker streams one CHUNK per this many ms (about 50 Mbit/s, a fast uplink). Unpaced, the
 * loopback's socket buffers take several MB before the broker process — on a busy machine — is
 * even scheduled to read the first bytes, and "bytes sent" would measure the kernel, not the broker.
 */
const CHUNK_INTERVAL_MS = 10;
const pace = () => new Promise((resolve) => setTimeout(resolve, CHUNK_INTERVAL_MS));

/** Nearest-rank percentile. */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function page(base: string): Promise<string> {
  const res = await fetch(`${base}/metrics`);
  if (res.status !== 200) throw new Error(`GET /metrics answered ${res.status}`);
  return res.text();
}

function login(
  url: string,
  device: LoadDevice,
  options: Partial<mqtt.IClientOptions> = {},
): Promise<MqttClient> {
  return mqtt.connectAsync(url, {
    username: device.id,
    password: device.secret,
    clientId: `${device.id}-${randomBytes(3).toString('hex')}`,
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
    ...options,
  });
}

/**
 * Streams `CHUNK`s into `socket` until the peer closes it or SEND_CAP is reached, sampling the
 * platform's resident memory as it goes. Returns the bytes written and the peak memory seen.
 */
async function streamUntilClosed(
  socket: NetSocket,
  pid: number,
): Promise<{ sent: number; closed: boolean; peakRss: number }> {
  let closed = false;
  socket.once('close', () => (closed = true));
  socket.on('error', () => undefined);
  let sent = 0;
  let peakRss = await residentBytes(pid);
  while (!closed && !socket.destroyed && sent < SEND_CAP) {
    await new Promise<void>((resolve) => socket.write(CHUNK, () => resolve()));
    sent += CHUNK.length;
    if (sent % MB === 0) peakRss = Math.max(peakRss, await residentBytes(pid));
    await pace();
  }
  if (!closed)
    await waitFor(() => closed || socket.destroyed, { timeoutMs: 5_000, what: 'the broker to close' });
  peakRss = Math.max(peakRss, await residentBytes(pid));
  return { sent, closed: closed || socket.destroyed, peakRss };
}

/**
 * The MQTT controls of docs/protocol.md ("Client ids", "Connection limits") on the all-in-one
 * platform as `npm start` runs it, with its default limits.
 */
describe('MQTT hardening: client ids, packet sizes, login lockout, stalled subscribers', () => {
  let dir: string;
  let province: LoadProvince;
  let platform: TestPlatform;
  let wsPort: number;
  let mqttPort: number;
  let pid: number;
  let socket: Socket | undefined;
  const alertAt = new Map<string, number>();
  const clients: MqttClient[] = [];
  const raws: RawMqtt[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'campus-mqtt-hardening-'));
    province = await writeLoadProvince(dir, { sensors: 20, detectors: 20, hashedSensors: true });
    wsPort = await freePort();
    platform = await startTestPlatform({
      sitesFile: province.path,
      env: {
        MQTT_WS_PORT: String(wsPort),
        MQTT_SERVICE_USERNAME: SERVICE.username,
        MQTT_SERVICE_PASSWORD: SERVICE.password,
      },
    });
    mqttPort = Number(new URL(platform.mqttUrl).port);
    pid = platform.process.child.pid!;
    const officer = await ApiUser.login(platform.base, province.officer.username, province.officer.password);
    socket = (await officer.live()).socket;
    socket.on('alert', (alert: { device?: string; type?: string }) => {
      if (alert.device && !alertAt.has(`${alert.device}:${alert.type}`)) {
        alertAt.set(`${alert.device}:${alert.type}`, performance.now());
      }
    });
  });

  afterAll(async () => {
    socket?.close();
    for (const c of clients) c.end(true);
    for (const r of raws) r.socket.destroy();
    await platform?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("refuses a device that takes the service's or another device's client id, while the owners keep their sessions", async () => {
    const { base, mqttUrl } = platform;
    const [d0, d1, d2] = province.detectors as [LoadDevice, LoadDevice, LoadDevice];
    const eventTopic = (d: LoadDevice) => `campus/v1/${province.school}/${d.id}/event`;
    const refused = async (reason: string) =>
      metricValue(await page(base), 'campus_messages_refused_total', { reason });

    // The alert service's persistent session (clean=false, QoS 1), as UplinkIntake opens it.
    const serviceId = 'campus-alert-service-hardening';
    const serviceOptions = {
      username: SERVICE.username,
      password: SERVICE.password,
      clientId: serviceId,
      clean: false,
      protocolVersion: 4 as const,
      reconnectPeriod: 0,
    };
    const service = await mqtt.connectAsync(mqttUrl, serviceOptions);
    let serviceClosed = false;
    service.on('close', () => (serviceClosed = true));
    const received: string[] = [];
    service.on('message', (_topic, payload) => received.push(payload.toString()));
    await service.subscribeAsync(`campus/v1/${province.school}/+/event`, { qos: 1 });

    // A device with the service's client id: refused, and the service stays connected.
    await expect(login(mqttUrl, d0, { clientId: serviceId, clean: false })).rejects.toThrow(
      /Identifier rejected/,
    );
    const publisher = await login(mqttUrl, d0);
    clients.push(publisher);
    await publisher.publishAsync(eventTopic(d0), JSON.stringify({ type: 'tamper', data: { n: 1 } }), {
      qos: 1,
    });
    await waitFor(() => received.some((p) => p.includes('"n":1')), {
      what: "the device's event at the service",
    });
    expect(serviceClosed).toBe(false);

    // The session outlives the connection: while the service is away nobody else takes it, and
    // what was published meanwhile waits for the service.
    await service.endAsync();
    await expect(login(mqttUrl, d1, { clientId: serviceId, clean: false })).rejects.toThrow(
      /Identifier rejected/,
    );
    await publisher.publishAsync(eventTopic(d0), JSON.stringify({ type: 'tamper', data: { n: 2 } }), {
      qos: 1,
    });
    // Listening before the CONNACK: the queued message follows it at once.
    const back = mqtt.connect(mqttUrl, serviceOptions);
    clients.push(back);
    back.on('message', (_topic, payload) => received.push(payload.toString()));
    await new Promise<void>((resolve, reject) => {
      back.once('connect', () => resolve());
      back.once('error', reject);
    });
    await waitFor(() => received.some((p) => p.includes('"n":2')), {
      what: 'the queued event at the returning service',
    });

    // Device A's persistent session: device B may not take it, nor use A's id, now or after A left.
    const sessionId = `shared-session-${randomBytes(3).toString('hex')}`;
    const a = await login(mqttUrl, d1, { clientId: sessionId, clean: false });
    let aClosed = false;
    a.on('close', () => (aClosed = true));
    await a.subscribeAsync(`campus/v1/${province.school}/${d1.id}/command`, { qos: 1 });
    await expect(login(mqttUrl, d2, { clientId: sessionId })).rejects.toThrow(/Identifier rejected/);
    await expect(login(mqttUrl, d2, { clientId: d1.id })).rejects.toThrow(/Identifier rejected/);
    expect(aClosed).toBe(false);
    await a.endAsync();
    await expect(login(mqttUrl, d2, { clientId: sessionId, clean: false })).rejects.toThrow(
      /Identifier rejected/,
    );
    // A itself takes its session back.
    const aAgain = await login(mqttUrl, d1, { clientId: sessionId, clean: false });
    clients.push(aAgain);

    expect(await refused('client_id_taken')).toBe(2);
    expect(await refused('client_id_reserved')).toBe(3);
  });

  it('closes a TCP connection whose CONNECT declares 200 MB after at most 1 MB, and the platform grows < 20 MB', async () => {
    const before = await residentBytes(pid);
    const attacker = tcpConnect({ host: '127.0.0.1', port: mqttPort });
    await once(attacker, 'connect');
    attacker.write(fixedHeader(0x10, 200_000_000));
    const { sent, closed, peakRss } = await streamUntilClosed(attacker, pid);
    console.log(
      `200 MB CONNECT over TCP: closed after ${sent} bytes; RSS +${((peakRss - before) / MB).toFixed(1)} MB`,
    );
    expect(closed).toBe(true);
    expect(sent).toBeLessThanOrEqual(MB);
    expect(peakRss - before).toBeLessThan(20 * MB);
    const metrics = await page(platform.base);
    expect(
      metricValue(metrics, 'campus_mqtt_disconnects_total', { reason: 'packet_too_large' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('closes a WebSocket connection that sends one 100 MB frame, or a 200 MB CONNECT in small frames, after at most 1 MB', async () => {
    const url = `ws://127.0.0.1:${wsPort}`;
    // One frame declaring 100 MB, streamed on the socket after ws's handshake.
    const before = await residentBytes(pid);
    const ws = new WebSocket(url, 'mqtt');
    ws.on('error', () => undefined);
    await once(ws, 'open');
    const raw = (ws as unknown as { _socket: NetSocket })._socket;
    const length = Buffer.alloc(8);
    length.writeBigUInt64BE(100_000_000n);
    raw.write(Buffer.concat([Buffer.from([0x82, 0x80 | 127]), length, randomBytes(4)]));
    const frame = await streamUntilClosed(raw, pid);
    console.log(
      `100 MB WebSocket frame: closed after ${frame.sent} bytes; RSS +${((frame.peakRss - before) / MB).toFixed(1)} MB`,
    );
    expect(frame.closed).toBe(true);
    expect(frame.sent).toBeLessThanOrEqual(MB);
    expect(frame.peakRss - before).toBeLessThan(20 * MB);

    // An MQTT CONNECT declaring 200 MB, carried in ordinary 64 KiB WebSocket frames.
    const before2 = await residentBytes(pid);
    const ws2 = new WebSocket(url, 'mqtt');
    ws2.on('error', () => undefined);
    await once(ws2, 'open');
    let closed = false;
    ws2.once('close', () => (closed = true));
    ws2.send(fixedHeader(0x10, 200_000_000));
    let sent = 0;
    let peak = before2;
    while (!closed && sent < SEND_CAP) {
      await new Promise<void>((resolve) => ws2.send(CHUNK, () => resolve()));
      sent += CHUNK.length;
      if (sent % MB === 0) peak = Math.max(peak, await residentBytes(pid));
      await pace();
    }
    await waitFor(() => closed, { timeoutMs: 5_000, what: 'the broker to close the WebSocket' });
    peak = Math.max(peak, await residentBytes(pid));
    console.log(
      `200 MB CONNECT over WebSocket frames: closed after ${sent} bytes; RSS +${((peak - before2) / MB).toFixed(1)} MB`,
    );
    expect(sent).toBeLessThanOrEqual(MB);
    expect(peak - before2).toBeLessThan(20 * MB);
  });

  it('disconnects a stalled subscriber, and under 5,000 junk publishes an alarm still reaches the console within 2 s', async () => {
    const { base, mqttUrl } = platform;
    const [, , , junkDevice, alarmDevice] = province.detectors as LoadDevice[];
    const disconnects = async () => {
      const p = await page(base);
      return (
        metricValue(p, 'campus_mqtt_disconnects_total', { reason: 'drain_timeout' }) +
        metricValue(p, 'campus_mqtt_disconnects_total', { reason: 'output_buffer_full' })
      );
    };
    const disconnectsBefore = await disconnects();

    // The service account subscribes to every device event and reading, then never reads again.
    const { raw: stalled, code } = await rawLogin(mqttPort, {
      username: SERVICE.username,
      password: SERVICE.password,
      clientId: 'campus-alert-service-stalled',
    });
    raws.push(stalled);
    expect(code).toBe(0);
    stalled.socket.write(
      generate({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'campus/v1/#', qos: 0 }] }),
    );
    await waitFor(() => stalled.packets.some((p) => p.cmd === 'suback'), { what: 'the SUBACK' });
    stalled.socket.pause();

    const junk = await login(mqttUrl, junkDevice!);
    const alarm = await login(mqttUrl, alarmDevice!);
    clients.push(junk, alarm);
    const pad = 'x'.repeat(4096);
    const topic = `campus/v1/${province.school}/${junkDevice!.id}/telemetry`;
    let alarmSentAt = 0;
    for (let i = 0; i < 5_000; i++) {
      junk.publish(topic, `{"metrics":{"battery":${i % 100}},"junk":"${pad}"}`, { qos: 0 });
      if (i === 1_000) {
        alarmSentAt = performance.now();
        alarm.publish(`campus/v1/${province.school}/${alarmDevice!.id}/event`, '{"type":"smoke"}', {
          qos: 1,
        });
      }
      if (i % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    const key = `${alarmDevice!.id}:smoke`;
    await waitFor(() => alertAt.has(key), { timeoutMs: 10_000, what: 'the smoke alert on the console' });
    const latency = alertAt.get(key)! - alarmSentAt;
    console.log(
      `stalled subscriber + 5,000 junk publishes: alarm on the console after ${Math.round(latency)} ms`,
    );
    expect(latency).toBeLessThanOrEqual(2_000);

    // The broker let the stalled subscriber go instead of holding its output, and serves on.
    await waitFor(async () => (await disconnects()) > disconnectsBefore, {
      timeoutMs: 20_000,
      intervalMs: 250,
      what: 'the stalled subscriber to be disconnected',
    });
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
  });

  it('throttles 200 concurrent bad CONNECTs from one address without a credential check, while /api/health and alarms stay under 100 ms p99', async () => {
    const { base, mqttUrl } = platform;
    const baselineDetectors = province.detectors.slice(5, 10);
    const detectors = province.detectors.slice(10, 20);
    const alarmClients = await Promise.all(
      [...baselineDetectors, ...detectors].map((d) => login(mqttUrl, d)),
    );
    clients.push(...alarmClients);

    /** Polls /api/health every 50 ms and raises one alarm per detector while `during` runs. */
    const measure = async (
      alarmDevices: LoadDevice[],
      firstClient: number,
      during: (health: readonly number[]) => Promise<unknown>,
    ) => {
      const health: number[] = [];
      const inFlight = new Set<Promise<void>>();
      const poller = setInterval(() => {
        const started = performance.now();
        const request = fetch(`${base}/api/health`)
          .then(async (res) => {
            await res.arrayBuffer();
            if (res.status === 200) health.push(performance.now() - started);
          })
          .finally(() => inFlight.delete(request));
        inFlight.add(request);
      }, 50);
      const publishedAt = new Map<string, number>();
      for (const [n, d] of alarmDevices.entries()) {
        publishedAt.set(d.id, performance.now());
        await alarmClients[firstClient + n]!.publishAsync(
          `campus/v1/${province.school}/${d.id}/event`,
          '{"type":"smoke"}',
          { qos: 1 },
        );
      }
      await during(health);
      await waitFor(() => alarmDevices.every((d) => alertAt.has(`${d.id}:smoke`)), {
        timeoutMs: 20_000,
        what: 'every smoke alert on the console',
      });
      clearInterval(poller);
      await Promise.all(inFlight);
      const alarms = alarmDevices.map((d) => alertAt.get(`${d.id}:smoke`)! - publishedAt.get(d.id)!);
      return { health, healthP99: percentile(health, 99), alarmP99: percentile(alarms, 99) };
    };

    // The same measurement without an attack, to tell the attack's cost from the machine's load.
    const baseline = await measure(baselineDetectors, 0, (health) =>
      waitFor(() => health.length >= 40, { what: '40 health checks' }),
    );

    const before = await page(base);
    const checksBefore = metricValue(before, 'campus_mqtt_credential_checks_total');
    const lockedBefore = metricValue(before, 'campus_messages_refused_total', { reason: 'locked_out' });
    // Wrong secrets for real devices (each with its own scrypt hash) and unknown names, all at once.
    const attempts = Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        rawLogin(mqttPort, {
          username: i % 2 === 0 ? province.sensors[(i / 2) % province.sensors.length]!.id : `ghost-${i}`,
          password: `guess-${i}`,
          clientId: `guess-${i}`,
          // Without the lockout every guess waits for its scrypt check, one after another.
          timeoutMs: 60_000,
        }).then(({ raw, code }) => {
          raw.socket.destroy();
          return code;
        }),
      ),
    );
    const attack = await measure(detectors, baselineDetectors.length, () => attempts);
    const codes = await attempts;

    const after = await page(base);
    const checks = metricValue(after, 'campus_mqtt_credential_checks_total') - checksBefore;
    const locked =
      metricValue(after, 'campus_messages_refused_total', { reason: 'locked_out' }) - lockedBefore;
    const summary =
      `${checks} secrets checked, ${locked} refused by the lockout; /api/health p99 ${Math.round(attack.healthP99)} ms ` +
      `over ${attack.health.length} (baseline ${Math.round(baseline.healthP99)}); alarm p99 ` +
      `${Math.round(attack.alarmP99)} ms (baseline ${Math.round(baseline.alarmP99)})`;
    console.log(`200 bad CONNECTs: ${summary}`);
    expect(codes.filter((c) => c === 0)).toEqual([]);
    // Most are refused by the lockout, without a credential check.
    expect(locked).toBeGreaterThanOrEqual(120);
    expect(checks).toBeLessThanOrEqual(60);
    expect(metricValue(after, 'campus_mqtt_lockouts_total', { scope: 'source' })).toBeGreaterThanOrEqual(1);
    expect(attack.health.length).toBeGreaterThan(5);
    expect(attack.healthP99, summary).toBeLessThan(100);
    expect(attack.alarmP99, summary).toBeLessThan(100);

    // The locked address: a device never seen from it is refused; one that logged in from it
    // before still gets in; and from another address, logins are unaffected.
    const fresh = province.sensors[19]!;
    expect(
      (await rawLogin(mqttPort, { username: fresh.id, password: fresh.secret, clientId: 'fresh-1' })).code,
    ).toBe(3);
    const known = await rawLogin(mqttPort, {
      username: detectors[0]!.id,
      password: detectors[0]!.secret,
      clientId: 'known-1',
    });
    raws.push(known.raw);
    expect(known.code).toBe(0);
    const elsewhere = await rawLogin(mqttPort, {
      username: fresh.id,
      password: fresh.secret,
      clientId: 'fresh-2',
      localAddress: '127.0.0.2',
    });
    raws.push(elsewhere.raw);
    expect(elsewhere.code).toBe(0);
  });
});

/** The timeouts and connection limits, set short and small so that a test can see them act. */
describe('MQTT hardening: connect timeout, keepalive ceiling and connection limits', () => {
  let platform: TestPlatform;
  let mqttPort: number;
  let wsPort: number;
  const clients: MqttClient[] = [];
  const raws: RawMqtt[] = [];

  beforeAll(async () => {
    wsPort = await freePort();
    platform = await startTestPlatform({
      env: {
        MQTT_WS_PORT: String(wsPort),
        MQTT_CONNECT_TIMEOUT_SECONDS: '2',
        MQTT_KEEPALIVE_MAX_SECONDS: '2',
        MQTT_MAX_CONNECTIONS: '8',
        MQTT_MAX_CONNECTIONS_PER_IP: '5',
      },
    });
    mqttPort = Number(new URL(platform.mqttUrl).port);
  });

  afterAll(async () => {
    for (const c of clients) c.end(true);
    for (const r of raws) r.socket.destroy();
    await platform?.stop();
  });

  it('closes a socket that never sends CONNECT, and a connection with keepalive 0 that stays silent', async () => {
    const idle = await openRaw(mqttPort);
    raws.push(idle);
    const opened = performance.now();
    const { raw: silent, code } = await rawLogin(mqttPort, {
      username: 'tmp-0001',
      password: SECRETS['tmp-0001']!,
      clientId: 'tmp-0001-keepalive-0',
      keepalive: 0,
    });
    raws.push(silent);
    // Accepted: keepalive 0 is capped to MQTT_KEEPALIVE_MAX_SECONDS, not refused.
    expect(code).toBe(0);
    await waitFor(() => idle.isClosed(), { timeoutMs: 8_000, what: 'the idle socket to be closed' });
    expect(performance.now() - opened).toBeGreaterThanOrEqual(1_500);
    await waitFor(() => silent.isClosed(), {
      timeoutMs: 8_000,
      what: 'the silent keepalive-0 connection to be closed',
    });
    const metrics = await page(platform.base);
    expect(
      metricValue(metrics, 'campus_mqtt_disconnects_total', { reason: 'connect_timeout' }),
    ).toBeGreaterThanOrEqual(1);
    expect(metricValue(metrics, 'campus_mqtt_disconnects_total', { reason: 'keepalive_timeout' })).toBe(1);
  });

  it("lets a logged-in bridge send its large bridge/devices over TCP, and closes a device's connection for as much", async () => {
    const options = (device: string) => ({
      username: device,
      password: SECRETS[device]!,
      clientId: `${device}-${randomBytes(3).toString('hex')}`,
      protocolVersion: 4 as const,
      reconnectPeriod: 0,
      keepalive: 1,
    });
    const big = Buffer.from(JSON.stringify([{ friendly_name: 'x'.repeat(512 * 1024) }]));
    const bridge = await mqtt.connectAsync(platform.mqttUrl, options('z2m-01'));
    await bridge.publishAsync('z2m-2161010001/bridge/devices', big, { qos: 1 });
    expect(bridge.connected).toBe(true);
    await bridge.endAsync();

    const device = await mqtt.connectAsync(platform.mqttUrl, options('smk-0001'));
    const closed = new Promise<void>((resolve) => device.once('close', () => resolve()));
    device.publish(`campus/v1/${SCHOOL_A}/smk-0001/telemetry`, big, { qos: 1 });
    await closed;
    device.end(true);
    const metrics = await page(platform.base);
    expect(metricValue(metrics, 'campus_mqtt_disconnects_total', { reason: 'packet_too_large' })).toBe(1);
  });

  it('closes a connection over the per-address or the total limit at once, on TCP and WebSocket alike', async () => {
    const holder = (url: string, device: string) =>
      mqtt.connectAsync(url, {
        username: device,
        password: SECRETS[device]!,
        clientId: `${device}-${randomBytes(3).toString('hex')}`,
        protocolVersion: 4,
        reconnectPeriod: 0,
        keepalive: 1,
      });
    // Five from 127.0.0.1: three over TCP, two over WebSocket.
    for (const device of ['smk-0001', 'tmp-0001', 'z2m-01'])
      clients.push(await holder(platform.mqttUrl, device));
    for (const device of ['nvr-01', 'smk-0101'])
      clients.push(await holder(`ws://127.0.0.1:${wsPort}`, device));

    const closedAtOnce = async (raw: RawMqtt): Promise<boolean> => {
      const started = performance.now();
      await raw.closed;
      return performance.now() - started < 1_000;
    };
    // A sixth from the same address: closed before it sends anything, TCP and WebSocket.
    const sixth = await openRaw(mqttPort);
    expect(await closedAtOnce(sixth)).toBe(true);
    const ws = new WebSocket(`ws://127.0.0.1:${wsPort}`, 'mqtt');
    const wsOutcome = await new Promise<string>((resolve) => {
      ws.once('open', () => resolve('open'));
      ws.once('error', () => resolve('refused'));
    });
    expect(wsOutcome).toBe('refused');

    // Other addresses still get in, up to the total of 8; the ninth is closed at once.
    const others = [
      await openRaw(mqttPort, '127.0.0.2'),
      await openRaw(mqttPort, '127.0.0.2'),
      await openRaw(mqttPort, '127.0.0.3'),
    ];
    raws.push(...others);
    expect(others.map((r) => r.isClosed())).toEqual([false, false, false]);
    const ninth = await openRaw(mqttPort, '127.0.0.4');
    expect(await closedAtOnce(ninth)).toBe(true);

    const metrics = await page(platform.base);
    expect(
      metricValue(metrics, 'campus_messages_refused_total', { reason: 'too_many_connections_per_ip' }),
    ).toBe(2);
    expect(metricValue(metrics, 'campus_messages_refused_total', { reason: 'too_many_connections' })).toBe(1);
    expect(clients.every((c) => c.connected)).toBe(true);
  });
});
