import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Counter, Gauge } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sitesYaml, waitFor, type DeviceEntry } from '@campus/test-kit';
import { buildGb26875Frame, parseSites, toGb26875Frame, type UplinkMessage } from '@campus/device-protocols';
import { loadGatewayConfig } from '../config/gateway-config';
import { startGateway, type GatewayHandle } from '../gateway';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { Gb26875TestClient } from '../testing/gb26875-client';
import { floodGb26875 } from '../testing/gb26875-flood';
import { DirectUplink } from '../uplink/direct-uplink';
import { Gb26875Server } from './gb26875-server';

const SCHOOL = '2161010001';
const ADDRESS = {
  v4: 5001, // allowFrom 127.0.0.1/32: a dual-stack listener sees ::ffff:127.0.0.1
  v6: 5002, // allowFrom ::1/128
  elsewhere: 5003, // allowFrom 10.99.0.0/16: nobody in this test
  plain: 5004, // no allowFrom: this host only
  multiA: 5005, // no allowFrom; one transmitter carrying two panels
  multiB: 5006,
  flood: 5007,
} as const;
const panel = (id: string, address: number, allowFrom?: string[]): DeviceEntry => ({
  id,
  kind: 'fire_alarm_panel',
  protocol: 'gb26875',
  address,
  ...(allowFrom ? { allowFrom } : {}),
});
const PANELS: DeviceEntry[] = [
  panel('fap-v4', ADDRESS.v4, ['127.0.0.1/32']),
  panel('fap-v6', ADDRESS.v6, ['::1/128']),
  panel('fap-elsewhere', ADDRESS.elsewhere, ['10.99.0.0/16']),
  panel('fap-plain', ADDRESS.plain),
  panel('fap-multi-a', ADDRESS.multiA),
  panel('fap-multi-b', ADDRESS.multiB),
  panel('fap-flood', ADDRESS.flood),
];
const sitesWith = (devices: DeviceEntry[]) =>
  sitesYaml({ schools: [{ code: SCHOOL, name: '雁塔区第一小学', devices }] });
const SITES = sitesWith(PANELS);

/** Every panel on another network: loopback peers are nobody's. */
const SITES_ELSEWHERE = sitesWith(PANELS.filter((d) => d.id === 'fap-elsewhere'));

/** The published smoke detector fire alarm (2012-09-26 09:58:02, 2号10区), sent from `source`. */
const FIRE_ALARM = toGb26875Frame(
  Uint8Array.from(
    (
      '40 40 01 00 01 01 20 3A 09 1A 09 0C 79 03 00 00 00 00 38 5B 01 00 00 00 30 00 02 02 01 01 01 28 0A 00 02 00 02 00 ' +
      `${'20 '.repeat(30)}00 02 3A 09 1A 09 0C 46 23 23`
    )
      .split(' ')
      .map((h) => parseInt(h, 16)),
  ),
);
const EVENT_TS = Date.UTC(2012, 8, 26, 1, 58, 2);
const fireAlarm = (source: number, serial = 1) => buildGb26875Frame({ ...FIRE_ALARM, source, serial });
const heartbeat = (source: number, serial = 1) =>
  buildGb26875Frame({ ...FIRE_ALARM, source, serial, adu: new Uint8Array(0) });

async function sample(metric: Counter<string> | Gauge<string>, labels: Record<string, string> = {}) {
  const { values } = await metric.get();
  return values
    .filter((v) => Object.entries(labels).every(([k, want]) => v.labels[k] === want))
    .reduce((n, v) => n + v.value, 0);
}

describe('GB/T 26875.3 listener hardening (real gateway on a dual-stack socket, real TCP)', () => {
  let gw: GatewayHandle;
  let dir: string;
  let port: number;
  /** What the gateway forwards to the alert service (in process, as the all-in-one does). */
  const uplink: UplinkMessage[] = [];
  const clients: Gb26875TestClient[] = [];
  const connect = async (host = '127.0.0.1') => {
    const client = await Gb26875TestClient.connect(port, host);
    clients.push(client);
    return client;
  };
  const metric = <T extends Counter<string> | Gauge<string>>(name: string) =>
    gw.metrics.registry.getSingleMetric(name) as T;
  const closedTotal = (reason: string) =>
    sample(metric<Counter<string>>('campus_gb26875_connections_closed_total'), { reason });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'campus-gb26875-hardening-'));
    const config = loadGatewayConfig({
      PORT: '0',
      MQTT_PORT: '0',
      MQTT_WS_PORT: '0',
      DATA_DIR: dir,
      GB26875_PORT: '0',
      BATCH_MAX_AGE_MS: '20',
    });
    // A peer that does not read is dropped after 250 ms here (10 s by default): the kernel's
    // zero-window probes (from 200 ms, backing off) let a little through now and then, and a
    // short bound makes the first such stall the last.
    config.gb26875 = { ...config.gb26875!, limits: { writeStuckMs: 250 } };
    const logger = pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });
    // `::` is dual-stack: IPv4 peers arrive as ::ffff:127.0.0.1, IPv6 peers as ::1.
    const direct = new DirectUplink();
    direct.attach(async (messages) => void uplink.push(...messages));
    const sites = parseSites(SITES, 'hardening spec');
    gw = await startGateway({ config, sites, logger, host: '::', uplink: direct });
    port = gw.ports.gb26875!;
  }, 120_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await gw?.stop();
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  describe('allowFrom', () => {
    it('matches an IPv4 peer on a dual-stack socket (::ffff:127.0.0.1) against an IPv4 allowFrom, and ::1 against an IPv6 one', async () => {
      const v4 = await connect('127.0.0.1');
      await v4.send(heartbeat(ADDRESS.v4, 1));
      expect(await v4.nextReply()).toMatchObject({ command: 3, serial: 1, destination: ADDRESS.v4 });
      const v6 = await connect('::1');
      await v6.send(heartbeat(ADDRESS.v6, 2));
      expect(await v6.nextReply()).toMatchObject({ command: 3, serial: 2, destination: ADDRESS.v6 });
      const since = Date.now();
      await Promise.all([v4.close(), v6.close()]);
      for (const device of ['fap-v4', 'fap-v6']) {
        await waitFor(
          async () => {
            const points = await gw.sink.queryStatus({ device, from: since, to: Date.now() });
            return points.some((p) => !p.online);
          },
          { what: `${device} offline once its connection closed` },
        );
      }
    });

    it.each([
      ['::1', 'fap-v4', ADDRESS.v4],
      ['127.0.0.1', 'fap-v6', ADDRESS.v6],
      ['127.0.0.1', 'fap-elsewhere', ADDRESS.elsewhere],
    ])(
      'a fire alarm from %s for %s (not in its allowFrom) is not stored, not answered, and closes the connection',
      async (host, device, address) => {
        const refused = await sample(gw.metrics.refused, { reason: 'peer_not_allowed' });
        const closed = await closedTotal('peer_not_allowed');
        const since = Date.now();
        const peer = await connect(host);
        await peer.send(fireAlarm(address, 9));
        await waitFor(() => peer.isClosed, { what: 'the gateway to hang up' });
        expect(peer.unread).toBe(0); // neither 确认 nor 否认
        expect(await sample(gw.metrics.refused, { reason: 'peer_not_allowed' })).toBe(refused + 1);
        expect(await closedTotal('peer_not_allowed')).toBe(closed + 1);
        expect(await gw.sink.queryEvents({ device, from: EVENT_TS, to: EVENT_TS })).toEqual([]);
        expect(await gw.sink.queryStatus({ device, from: since, to: Date.now() })).toEqual([]);
        expect(uplink.filter((u) => u.device === device && u.ts >= since)).toEqual([]);
      },
    );

    it('a connection from a network no panel allows is closed before it is read', async () => {
      // A listener of its own where every panel names another network.
      const metrics = new GatewayMetrics();
      const server = new Gb26875Server({
        sites: parseSites(SITES_ELSEWHERE, 'elsewhere'),
        port: 0,
        host: '127.0.0.1',
        idleTimeoutMs: 60_000,
        writer: gw.writer,
        uplink: new DirectUplink(),
        metrics,
        logger: pino({ level: 'silent' }),
      });
      await server.start();
      try {
        const peer = await Gb26875TestClient.connect(server.port);
        await waitFor(() => peer.isClosed, { what: 'the listener to hang up' });
        expect(await sample(metrics.refused, { reason: 'connection_not_allowed' })).toBe(1);
        expect(
          await sample(
            metrics.registry.getSingleMetric('campus_gb26875_connections_closed_total') as Counter<string>,
            { reason: 'connection_not_allowed' },
          ),
        ).toBe(1);
      } finally {
        await server.stop();
      }
    });
  });

  describe('one live connection per panel', () => {
    it('a newer connection takes the panel over; the older is closed and the panel never goes offline', async () => {
      const since = Date.now();
      const takenOver = await closedTotal('taken_over');
      const older = await connect();
      await older.send(heartbeat(ADDRESS.multiA, 1));
      expect(await older.nextReply()).toMatchObject({ command: 3, destination: ADDRESS.multiA });
      await older.send(heartbeat(ADDRESS.multiB, 2)); // the same transmitter carries two panels
      expect(await older.nextReply()).toMatchObject({ command: 3, destination: ADDRESS.multiB });

      // The transmitter comes back on a new connection (the old one was never closed by a FIN).
      const newer = await connect();
      await newer.send(heartbeat(ADDRESS.multiA, 1));
      expect(await newer.nextReply()).toMatchObject({ command: 3, destination: ADDRESS.multiA });
      await waitFor(() => older.isClosed, { what: 'the older connection closed' });
      expect(await closedTotal('taken_over')).toBe(takenOver + 1);
      expect(newer.isClosed).toBe(false);

      // fap-multi-b went with the older connection until the transmitter speaks for it again.
      await waitFor(
        async () => {
          const points = await gw.sink.queryStatus({ device: 'fap-multi-b', from: since, to: Date.now() });
          return points.some((p) => !p.online);
        },
        { what: 'fap-multi-b offline' },
      );
      await newer.send(heartbeat(ADDRESS.multiB, 2));
      expect(await newer.nextReply()).toMatchObject({ command: 3, destination: ADDRESS.multiB });
      const statusA = await gw.sink.queryStatus({ device: 'fap-multi-a', from: since, to: Date.now() });
      expect(statusA.every((p) => p.online)).toBe(true);
      expect(uplink.some((u) => u.device === 'fap-multi-a' && u.kind === 'availability' && !u.online)).toBe(
        false,
      );

      // Frames for fap-multi-a keep working on the newer connection.
      await newer.send(fireAlarm(ADDRESS.multiA, 3));
      expect(await newer.nextReply()).toMatchObject({ command: 3, serial: 3 });
      expect(
        (await gw.sink.queryEvents({ device: 'fap-multi-a', from: EVENT_TS, to: EVENT_TS })).map(
          (e) => e.type,
        ),
      ).toEqual(['smoke']);
      await newer.close();
    });
  });

  describe('bounded per connection', () => {
    it('10,000 "@" bytes get at most 65 否认 before the peer is dropped as garbage (was 9,974)', async () => {
      const garbage = await closedTotal('garbage');
      const flood = await floodGb26875(port, {
        chunk: new Uint8Array(10_000).fill(0x40),
        maxBytes: 10_000,
        read: true,
      });
      await waitFor(() => flood.isClosed, { what: 'the flood dropped' });
      expect(await closedTotal('garbage')).toBe(garbage + 1);
      expect(flood.replies).toBeLessThanOrEqual(65);
    });

    it('refused frames in a row drop the peer; an accepted frame in between starts the count over', async () => {
      const garbage = await closedTotal('garbage');
      const broken = (serial: number) => {
        const frame = heartbeat(ADDRESS.plain, serial);
        frame[frame.length - 3] = (frame[frame.length - 3]! + 1) & 0xff; // bad checksum: 否认
        return frame;
      };
      const peer = await connect();
      for (const round of [0, 1]) {
        await peer.send(Uint8Array.from(Array.from({ length: 60 }, (_, i) => [...broken(i)]).flat()));
        for (let i = 0; i < 60; i++) expect(await peer.nextReply()).toMatchObject({ command: 6 });
        await peer.send(heartbeat(ADDRESS.plain, 100 + round));
        expect(await peer.nextReply()).toMatchObject({ command: 3, serial: 100 + round });
      }
      expect(peer.isClosed).toBe(false);
      await peer.send(Uint8Array.from(Array.from({ length: 70 }, (_, i) => [...broken(i)]).flat()));
      await waitFor(() => peer.isClosed, { what: 'the peer dropped' });
      expect(await closedTotal('garbage')).toBe(garbage + 1);
    });

    it('a peer that never reads its 确认 is paused, then dropped; others are served meanwhile', async () => {
      const slow = await closedTotal('slow_reader');
      // Valid heartbeats, each answered 确认, sent as fast as TCP takes them, never read.
      const burst = Uint8Array.from(
        Array.from({ length: 1000 }, (_, i) => [...heartbeat(ADDRESS.flood, i)]).flat(),
      );
      const flood = await floodGb26875(port, { chunk: burst, maxBytes: 64 * 1024 * 1024, read: false });
      const good = await connect();
      await good.send(heartbeat(ADDRESS.plain, 7));
      expect(await good.nextReply()).toMatchObject({ command: 3, serial: 7 });
      await waitFor(async () => (await closedTotal('slow_reader')) > slow, {
        what: 'the slow reader dropped',
        timeoutMs: 30_000,
      });
      await flood.finished;
      // It was held back by TCP once the gateway stopped reading: it never got to send its 64 MiB.
      expect(flood.sent).toBeLessThan(16 * 1024 * 1024);
      flood.destroy();
      await good.close();
    }, 60_000);
  });
});
