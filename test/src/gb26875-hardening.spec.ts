import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGb26875Frame, toGb26875Frame } from '@campus/device-protocols';
import { Gb26875TestClient, floodGb26875 } from '@campus/ingest/testing';
import { ApiUser } from './testing/api-client';
import { freePort, sitesYaml, waitFor } from '@campus/test-kit';
import type { GatewayProcess } from './testing/gateway-process';
import { startGb26875Gateway, type Gb26875Gateway } from './testing/gb26875-gateway';
import { fetchMetrics, metricValue } from './testing/metrics-reader';
import { startTestPlatform, type TestPlatform } from './testing/test-platform';

const SCHOOL = '2161010001';
/** "demo-pass" as an scrypt hash (N=1024, cheap): a SITES_FILE may not hold it in plain text. */
const PASSWORD_HASH = 'scrypt$1024$8$1$1ywct9SwBW6J/5BDFFxPFQ==$85h2x0ALRQ/hBaYqXAL7KKcLASPIKuSJR0UuUucw/OA=';
const ADDRESS = { far: 6001, near: 6002, held: 6003 } as const;
const SITES = sitesYaml({
  schools: [
    {
      code: SCHOOL,
      name: '雁塔区第一小学',
      devices: [
        // its transmitter is on the school's own network, not this host
        {
          id: 'fap-far',
          kind: 'fire_alarm_panel',
          protocol: 'gb26875',
          address: ADDRESS.far,
          allowFrom: ['10.99.0.0/16'],
          risk: 'red',
        },
        {
          id: 'fap-near',
          kind: 'fire_alarm_panel',
          protocol: 'gb26875',
          address: ADDRESS.near,
          allowFrom: ['127.0.0.1/32', '::1/128'],
          risk: 'red',
        },
        // no allowFrom, no GB26875_ALLOW_FROM: this host only
        { id: 'fap-held', kind: 'fire_alarm_panel', protocol: 'gb26875', address: ADDRESS.held },
      ],
    },
  ],
  users: [{ username: 'school1', passwordHash: PASSWORD_HASH, role: 'school_security', org: SCHOOL }],
});

/** GB/T 26875.3 worked example: 2号10区 感烟探测器 火警 (serial 1, from 889), re-sent from `source`. */
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
const fireAlarm = (source: number) => buildGb26875Frame({ ...FIRE_ALARM, source });
const heartbeat = (source: number, serial: number) =>
  buildGb26875Frame({ ...FIRE_ALARM, source, serial, adu: new Uint8Array(0) });

type AlertJson = { id: string; type: string; device: string; status: string };
type DeviceJson = { id: string; online: boolean | null; onlineChangedAt: string | null };

describe('GB/T 26875.3 hardening on the all-in-one platform (npm start)', () => {
  let platform: TestPlatform;
  let dir: string;
  let httpPort: number;
  let gbPort: number;
  let school1: ApiUser;
  const clients: Gb26875TestClient[] = [];
  const connect = async () => {
    const client = await Gb26875TestClient.connect(gbPort);
    clients.push(client);
    return client;
  };
  const metric = async (name: string, labels: Record<string, string> = {}) =>
    metricValue(await fetchMetrics(httpPort), name, labels);
  const alerts = async () =>
    ((await school1.request('GET', '/api/alerts?status=open')).body as { items: AlertJson[] }).items;
  const device = async (id: string) =>
    ((await school1.request('GET', `/api/devices?org=${SCHOOL}`)).body as { items: DeviceJson[] }).items.find(
      (d) => d.id === id,
    );

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'campus-gb26875-hardening-'));
    await writeFile(join(dir, 'sites.yaml'), SITES);
    gbPort = await freePort();
    platform = await startTestPlatform({
      sitesFile: join(dir, 'sites.yaml'),
      env: { GB26875_PORT: String(gbPort) },
    });
    httpPort = Number(new URL(platform.base).port);
    school1 = await ApiUser.login(platform.base, 'school1');
  }, 120_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await platform?.stop();
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('a fire alarm for a panel whose allowFrom excludes the peer opens nothing; from an allowed panel it opens an alert', async () => {
    const refused = await metric('campus_messages_refused_total', { reason: 'peer_not_allowed' });
    const closed = await metric('campus_gb26875_connections_closed_total', { reason: 'peer_not_allowed' });

    // fap-far allows 10.99.0.0/16 only; this test runs on 127.0.0.1.
    const intruder = await connect();
    await intruder.send(fireAlarm(ADDRESS.far));
    await waitFor(() => intruder.isClosed, { what: 'the gateway to hang up' });
    expect(intruder.unread).toBe(0); // no 确认, no 否认
    expect(await metric('campus_messages_refused_total', { reason: 'peer_not_allowed' })).toBe(refused + 1);
    expect(await metric('campus_gb26875_connections_closed_total', { reason: 'peer_not_allowed' })).toBe(
      closed + 1,
    );

    // Positive control: the same frame for fap-near, which allows 127.0.0.1, opens a critical smoke alert.
    const panel = await connect();
    await panel.send(fireAlarm(ADDRESS.near));
    expect(await panel.nextReply()).toMatchObject({ command: 3, destination: ADDRESS.near });
    const opened = await waitFor(async () => (await alerts()).find((a) => a.device === 'fap-near'), {
      what: 'the smoke alert of fap-near',
    });
    expect(opened).toMatchObject({ type: 'smoke', status: 'open' });
    await waitFor(async () => (await device('fap-near'))?.online === true, { what: 'fap-near online' });

    // The refused frame came first and went nowhere: no alert, the panel never online.
    expect((await alerts()).filter((a) => a.device === 'fap-far')).toEqual([]);
    expect((await device('fap-far'))?.online).not.toBe(true);
    await panel.close();
  });

  it('a second connection for a panel takes it over: the older connection is closed, the panel stays online', async () => {
    const takenOver = await metric('campus_gb26875_connections_closed_total', { reason: 'taken_over' });
    // the earlier tests' panels have hung up; the server may not have seen it yet (a busy machine)
    await waitFor(async () => (await metric('campus_gb26875_connections')) === 0, {
      what: 'the earlier tests’ panel connections to be gone',
    });
    const connections = 0;
    const older = await connect();
    await older.send(heartbeat(ADDRESS.held, 1));
    expect(await older.nextReply()).toMatchObject({ command: 3, destination: ADDRESS.held });
    const online = await waitFor(
      async () => {
        const d = await device('fap-held');
        return d?.online === true ? d : undefined;
      },
      { what: 'fap-held online' },
    );

    const newer = await connect();
    await newer.send(heartbeat(ADDRESS.held, 1));
    expect(await newer.nextReply()).toMatchObject({ command: 3, destination: ADDRESS.held });
    await waitFor(() => older.isClosed, { what: 'the gateway to close the older connection' });
    expect(await metric('campus_gb26875_connections_closed_total', { reason: 'taken_over' })).toBe(
      takenOver + 1,
    );
    await waitFor(async () => (await metric('campus_gb26875_connections')) === connections + 1, {
      what: 'one live connection for the panel',
    });

    // The newer connection speaks for the panel; the older one closing took nothing offline.
    await newer.send(heartbeat(ADDRESS.held, 2));
    expect(await newer.nextReply()).toMatchObject({ command: 3, serial: 2 });
    expect(await device('fap-held')).toMatchObject({ online: true, onlineChangedAt: online.onlineChangedAt });
    expect((await alerts()).filter((a) => a.device === 'fap-held')).toEqual([]);
    await newer.close();
  });
});

describe('GB/T 26875.3 hardening: a flood on apps/gateway', () => {
  let gateway: GatewayProcess | undefined;
  let httpPort: number;
  let gbPort: number;
  let run: Gb26875Gateway | undefined;

  beforeAll(async () => {
    run = await startGb26875Gateway('gb26875-flood', SITES);
    ({ httpPort, gbPort, process: gateway } = run);
  }, 120_000);
  afterAll(async () => {
    await run?.stop();
  });

  /** The gateway process's resident memory in bytes. */
  const rss = async () => {
    const status = await readFile(`/proc/${gateway!.child.pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)![1]) * 1024;
  };

  it('5 MB of "@" from a peer that never reads: dropped, memory bounded, a well-behaved panel served meanwhile', async () => {
    const panel = await Gb26875TestClient.connect(gbPort);
    await panel.send(heartbeat(ADDRESS.held, 1));
    expect(await panel.nextReply()).toMatchObject({ command: 3, serial: 1 });
    // Warm the path once (code, buffers) so that the baseline is a fair one.
    await (
      await floodGb26875(gbPort, { chunk: new Uint8Array(4096).fill(0x40), maxBytes: 4096, read: true })
    ).closed;
    const garbage = metricValue(await fetchMetrics(httpPort), 'campus_gb26875_connections_closed_total', {
      reason: 'garbage',
    });
    const baseline = await rss();
    let peak = baseline;
    const sampler = setInterval(
      () =>
        void rss().then(
          (v) => (peak = Math.max(peak, v)),
          () => undefined,
        ),
      10,
    );
    try {
      const flood = await floodGb26875(gbPort, {
        chunk: new Uint8Array(64 * 1024).fill(0x40),
        maxBytes: 5 * 1024 * 1024,
        read: false,
      });
      // Meanwhile a panel's heartbeat is answered as usual.
      await panel.send(heartbeat(ADDRESS.held, 2));
      expect(await panel.nextReply()).toMatchObject({ command: 3, serial: 2 });
      await waitFor(
        async () =>
          metricValue(await fetchMetrics(httpPort), 'campus_gb26875_connections_closed_total', {
            reason: 'garbage',
          }) > garbage,
        { what: 'the flood dropped as garbage' },
      );
      await flood.finished;
      await waitFor(() => flood.isClosed, { what: 'the flooding connection closed' });
      await panel.send(heartbeat(ADDRESS.held, 3));
      expect(await panel.nextReply()).toMatchObject({ command: 3, serial: 3 });
      peak = Math.max(peak, await rss());
    } finally {
      clearInterval(sampler);
    }
    // Measured: +0.4 MB with the limits, +1.5 GB without them (every "@" answered 否认, unread).
    expect(peak - baseline, `VmRSS ${baseline} → peak ${peak} bytes`).toBeLessThan(20 * 1024 * 1024);
    await panel.close();
  }, 60_000);
});
