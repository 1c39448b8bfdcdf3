import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TwilioDouble } from '@campus/alerting/testing';
import type { ProvisionedDevice } from '@campus/api-contract';
import {
  createTestDatabase,
  freePort,
  makeTempDir,
  startInfluxd,
  startMosquitto,
  startPostgres,
  startRedis,
  waitFor,
  type Mosquitto,
  type PostgresServer,
  type RedisServer,
  type TempDir,
  type TestServer,
} from '@campus/test-kit';
import { ApiUser } from './testing/api-client';
import { connectDevice } from './testing/device-client';
import { spawnApp, type GatewayProcess } from './testing/gateway-process';
import { fetchMetrics, metricValue } from './testing/metrics-reader';
import { SCHOOL_A, SCHOOL_B, TEST_SITES_PATH } from './testing/test-sites';

/**
 * The province topology of docs/deployment.md on this machine: two edge gateways (apps/gateway,
 * each serving its own schools, GATEWAY_SCHOOLS) forward to one central Mosquitto configured by
 * `npm run broker-config`; two alert-service replicas (apps/alert-service) read it, on one
 * PostgreSQL and one Redis, with device history from the InfluxDB the gateways write.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCHOOL_A2 = '2161010002';
const JWT_SECRET = 'province-topology-secret-province';
const INFLUX_DATABASE = 'campus';
const SCHOOL_PHONE = '+8613800000001';
const COUNTY_PHONE = '+8613800000002';
const CITY_PHONE = '+8613800000003';
/** test-province.yaml: the second Yanta school's smoke detector. */
const SMK_0201_SECRET = 's3cret-smk-0201';
/** test-province.yaml: gw-xian's Zigbee2MQTT bridge in the first Yanta school. */
const Z2M = { id: 'z2m-01', secret: 's3cret-z2m', base: 'z2m-2161010001' };
/** Sirens added behind it, in the lab building of smk-0001: one answers, one never does. */
const SIRENS = [
  "              - { id: siren-lab, kind: siren, via: { bridge: z2m-01, name: lab/siren }, location: { building: '实验楼', floor: 1, room: '大厅' } }",
  "              - { id: siren-lab-mute, kind: siren, via: { bridge: z2m-01, name: lab/siren_2 }, location: { building: '实验楼', floor: 3, room: '走廊' } }",
].join('\n');
/** How long a replica waits for a device's answer here (ACTION_TIMEOUT_SECONDS). */
const ACTION_TIMEOUT_S = 4;

type AlertJson = { id: string; type: string; device: string; school: string; occurrences: number };
type TimelineItem = {
  at: string;
  kind: string;
  level?: string;
  channel?: string;
  to?: string;
  device?: string;
  command?: string;
  params?: Record<string, unknown>;
  result?: string;
  error?: string;
};

interface Arrival {
  id: string;
  kind: string;
  device: string;
  ts: number;
  phase?: string;
}

/** A sample, or 0 when the page has none yet (a labelled counter appears on its first increment). */
function sample(page: string, name: string, labels: Record<string, string> = {}): number {
  try {
    return metricValue(page, name, labels);
  } catch {
    return 0;
  }
}

function envFile(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

/** Waits until `moment` has passed: an absence (a double count) can only be seen afterwards. */
async function passes(moment: number, what: string): Promise<void> {
  await waitFor(() => Date.now() >= moment, { timeoutMs: moment - Date.now() + 5_000, intervalMs: 50, what });
}

describe('province topology: edge gateways → central Mosquitto → alert-service replicas', () => {
  let temp: TempDir;
  let postgres: PostgresServer;
  let redis: RedisServer;
  let influx: TestServer;
  let twilio: TwilioDouble;
  let broker: Mosquitto;
  let brokerPort: number;
  let brokerConf: string;
  let brokerPersist: string;
  let passwordFile: string;
  /** The replicas' database: the registry is in it. */
  let observer: MqttClient;
  const arrivals: Arrival[] = [];
  const seen = new Set<string>();
  /** Running deployables by name (gw-xian, gw-baoji, as-1, as-2). */
  const running = new Map<string, GatewayProcess>();

  type Deployable = { name: string; env: Record<string, string>; health: string; base: string };
  const gateways: Record<'xian' | 'baoji', Deployable & { mqttUrl: string }> = {} as never;
  const replicas: Deployable[] = [];

  const start = async (
    entry: 'apps/gateway/src/main.ts' | 'apps/alert-service/src/main.ts',
    d: Deployable,
  ) => {
    const p = await spawnApp(entry, d.env, d.health);
    running.set(d.name, p);
    return p;
  };
  /** A gateway's listeners on free ports (PORT, MQTT_PORT, MQTT_WS_PORT) and the URLs that reach them. */
  const withFreePorts = async <G extends Deployable & { mqttUrl: string }>(g: G): Promise<G> => {
    const [http, mqttPort, ws] = [await freePort(), await freePort(), await freePort()];
    g.base = `http://127.0.0.1:${http}`;
    g.health = `${g.base}/api/health`;
    g.mqttUrl = `mqtt://127.0.0.1:${mqttPort}`;
    Object.assign(g.env, { PORT: String(http), MQTT_PORT: String(mqttPort), MQTT_WS_PORT: String(ws) });
    return g;
  };
  /**
   * Starts a gateway; should another test have taken one of its ports since `freePort` (the
   * gateway then refuses to start, naming the port), it is started again on new ones.
   */
  const startGatewayOnFreePorts = async (g: Deployable & { mqttUrl: string }) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await start('apps/gateway/src/main.ts', g);
      } catch (err) {
        if (attempt === 3 || !/is already in use/.test(String(err))) throw err;
        await withFreePorts(g);
      }
    }
  };
  const stopBroker = async () => {
    await broker.stop();
  };
  const startBroker = async () => {
    broker = await startMosquitto({
      port: brokerPort,
      persistDir: brokerPersist,
      config: { file: brokerConf, secrets: [passwordFile] },
    });
  };

  beforeAll(async () => {
    temp = await makeTempDir('province');
    await chmod(temp.path, 0o755); // the central Mosquitto (its own user) reads its files under it
    const started = await Promise.allSettled([
      startPostgres().then((p) => (postgres = p)),
      startRedis().then((r) => (redis = r)),
      startInfluxd().then((i) => (influx = i)),
      TwilioDouble.start().then((t) => (twilio = t)),
    ]);
    for (const result of started) if (result.status === 'rejected') throw result.reason;

    // The sites file: the test province plus its topology (docs/sites-file.md, "gateways").
    const sitesFile = join(temp.path, 'province.yaml');
    const testProvince = await readFile(TEST_SITES_PATH, 'utf8');
    const bridgeLine = '              - id: smk-z-0001\n';
    expect(testProvince).toContain(bridgeLine);
    await writeFile(
      sitesFile,
      testProvince.replace(bridgeLine, `${SIRENS}\n${bridgeLine}`) +
        [
          'gateways:',
          `  - { id: gw-xian, schools: ['${SCHOOL_A}', '${SCHOOL_A2}'] }`,
          `  - { id: gw-baoji, schools: ['${SCHOOL_B}'] }`,
          'alertServices:',
          '  - { id: as-1 }',
          '  - { id: as-2 }',
          '',
        ].join('\n'),
    );
    // The central broker, configured by `npm run broker-config` and nothing else.
    const out = join(temp.path, 'broker');
    brokerPersist = join(temp.path, 'broker-data');
    await mkdir(brokerPersist);
    brokerPort = await freePort();
    await promisify(execFile)(
      `${ROOT}node_modules/.bin/tsx`,
      [
        'apps/gateway/src/broker-config.ts',
        ...['--sites', sitesFile, '--out', out, '--port', String(brokerPort), '--persistence', brokerPersist],
        ...['--broker-url', `mqtt://127.0.0.1:${brokerPort}`],
      ],
      { cwd: ROOT },
    );
    brokerConf = join(out, 'mosquitto', 'campus.conf');
    passwordFile = join(out, 'mosquitto', 'passwd');
    await startBroker();
    const account = async (username: string) =>
      envFile(await readFile(join(out, 'accounts', `${username}.env`), 'utf8'));

    const db = await createTestDatabase(postgres.url);

    const influxEnv = { INFLUX_URL: influx.url, INFLUX_DATABASE };
    for (const id of ['as-1', 'as-2']) {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      replicas.push({
        name: id,
        base,
        health: `${base}/api/health`,
        env: {
          ...(await account(`alert-service-${id}`)), // MQTT_URL, MQTT_SERVICE_*, ALERT_SERVICE_CLIENT_ID
          ...influxEnv,
          PORT: String(port),
          DATA_DIR: join(temp.path, id),
          SITES_FILE: sitesFile,
          DATABASE_URL: db.url,
          REDIS_URL: redis.url,
          JWT_SECRET,
          TWILIO_ACCOUNT_SID: twilio.accountSid,
          TWILIO_AUTH_TOKEN: twilio.authToken,
          TWILIO_FROM: '+15550000000',
          TWILIO_API_URL: twilio.url,
          ACTION_TIMEOUT_SECONDS: String(ACTION_TIMEOUT_S),
        },
      });
    }
    for (const [key, id] of [
      ['xian', 'gw-xian'],
      ['baoji', 'gw-baoji'],
    ] as const) {
      gateways[key] = await withFreePorts({
        name: id,
        base: '',
        health: '',
        mqttUrl: '',
        env: {
          ...(await account(`gateway-${id}`)), // GATEWAY_ID, GATEWAY_SCHOOLS, UPLINK_*
          ...influxEnv,
          DATA_DIR: join(temp.path, id),
          SITES_FILE: sitesFile,
          BATCH_MAX_AGE_MS: '20',
        },
      });
    }
    // Replicas first (their sessions must exist before anything is forwarded), then the gateways.
    for (const r of replicas) await start('apps/alert-service/src/main.ts', r);
    await Promise.all([startGatewayOnFreePorts(gateways.xian), startGatewayOnFreePorts(gateways.baoji)]);

    // What reaches the centre, in order: a reader on a replica account with a session of its own.
    const reader = replicas[0]!.env;
    observer = await mqtt.connectAsync(`mqtt://127.0.0.1:${brokerPort}`, {
      username: reader['MQTT_SERVICE_USERNAME']!,
      password: reader['MQTT_SERVICE_PASSWORD']!,
      clientId: 'province-observer',
      protocolVersion: 5,
      clean: false,
      properties: { sessionExpiryInterval: 3600 },
      reconnectPeriod: 200,
    });
    observer.on('message', (_topic, payload) => {
      const m = JSON.parse(payload.toString()) as {
        id: string;
        kind: string;
        device: string;
        ts: number;
        data?: { phase?: string };
      };
      if (seen.has(m.id)) return; // at least once; the alert service counts an id once
      seen.add(m.id);
      arrivals.push({
        id: m.id,
        kind: m.kind,
        device: m.device,
        ts: m.ts,
        ...(m.data?.phase ? { phase: m.data.phase } : {}),
      });
    });
    await observer.subscribeAsync('platform/v1/uplink/#', { qos: 1 });
  }, 240_000);

  afterAll(async () => {
    await observer?.endAsync(true);
    await Promise.all([...running.values()].map((p) => p.kill('SIGKILL')));
    await broker?.stop();
    await twilio?.close();
    await influx?.stop();
    await redis?.stop();
    await postgres?.stop();
    await temp?.remove();
  }, 60_000);

  const publishEvent = async (url: string, school: string, device: string, type: string, data = {}) => {
    const client = await connectDevice(url, device);
    await client.publishAsync(`campus/v1/${school}/${device}/event`, JSON.stringify({ type, data }), {
      qos: 1,
    });
    await client.endAsync();
  };
  const alertsOn = async (user: ApiUser): Promise<AlertJson[]> =>
    ((await user.request('GET', '/api/alerts')).body as { items: AlertJson[] }).items;
  const alertOf = async (user: ApiUser, device: string, type = 'smoke') =>
    (await alertsOn(user)).find((a) => a.device === device && a.type === type);

  it('a gateway refuses devices of schools it does not serve (GATEWAY_SCHOOLS)', async () => {
    // Once it has the registry feed, a gateway holds its own schools' devices only
    // (docs/protocol.md, "The registry feed"): another school's device is an unknown login there.
    await waitFor(
      () => readFile(join(temp.path, 'gw-xian', 'registry', 'sites.json')).catch(() => undefined),
      {
        timeoutMs: 20_000,
        what: 'the registry feed at gw-xian',
      },
    );
    await expect(connectDevice(gateways.xian.mqttUrl, 'smk-0101')).rejects.toThrow(
      /Bad username or password/i,
    );
    const page = await fetchMetrics(Number(new URL(gateways.xian.base).port));
    expect(metricValue(page, 'campus_messages_refused_total', { reason: 'unknown_device' })).toBe(1);
    // its own gateway takes it
    const device = await connectDevice(gateways.baoji.mqttUrl, 'smk-0101');
    await device.endAsync();
  });

  it('a smoke behind gw-xian sounds its building’s Zigbee siren over the central broker: acknowledged on both replicas; a silent siren times out after the SMS went out', async () => {
    // Zigbee2MQTT on gw-xian's own broker: the lab siren answers a set with its state, the other never does
    const sets: { topic: string; payload: unknown; at: number }[] = [];
    const bridge = await connectDevice(gateways.xian.mqttUrl, Z2M.id, { password: Z2M.secret });
    bridge.on('message', (topic, payload) => {
      sets.push({ topic, payload: JSON.parse(payload.toString()), at: Date.now() });
      if (topic === `${Z2M.base}/lab/siren/set`)
        void bridge.publishAsync(`${Z2M.base}/lab/siren`, JSON.stringify({ battery: 96, linkquality: 120 }), {
          qos: 1,
        });
    });
    await bridge.subscribeAsync([`${Z2M.base}/lab/siren/set`, `${Z2M.base}/lab/siren_2/set`], { qos: 1 });
    try {
      const users = await Promise.all(replicas.map((r) => ApiUser.login(r.base, 'shaanxi')));
      const smsBefore = twilio.requests.length;
      const published = Date.now();
      await publishEvent(gateways.xian.mqttUrl, SCHOOL_A, 'smk-0001', 'smoke');
      const alert = await waitFor(async () => alertOf(users[0]!, 'smk-0001'), {
        timeoutMs: 20_000,
        what: 'the smoke alert',
      });
      const set = await waitFor(() => sets.find((m) => m.topic === `${Z2M.base}/lab/siren/set`), {
        timeoutMs: 20_000,
        what: 'the warning set at the lab siren, behind gw-xian',
      });
      expect(set.payload).toEqual({
        warning: { mode: 'fire', level: 'very_high', strobe: true, duration: 120 },
      });
      const actions = async (user: ApiUser) =>
        (
          (await user.request('GET', `/api/alerts/${alert.id}/timeline`)).body as { items: TimelineItem[] }
        ).items.filter((i) => i.kind === 'action');
      const action = (user: ApiUser, device: string, result: string) =>
        waitFor(async () => (await actions(user)).find((a) => a.device === device && a.result === result), {
          timeoutMs: 20_000,
          what: `${device} ${result} on ${user.baseUrl}`,
        });
      for (const user of users) {
        expect(await action(user, 'siren-lab', 'acknowledged')).toMatchObject({
          command: 'sound',
          params: { mode: 'fire' },
        });
      }
      // the silent siren: paged first, then the timeout, on both replicas
      const sms = (await twilio.waitFor((r) => r.slice(smsBefore).some((q) => q.to === SCHOOL_PHONE), 10_000))
        .slice(smsBefore)
        .find((q) => q.to === SCHOOL_PHONE)!;
      for (const user of users) {
        const timedOut = await action(user, 'siren-lab-mute', 'timeout');
        expect(timedOut.error).toBe(`no answer within ${ACTION_TIMEOUT_S} s`);
      }
      expect(sets.filter((m) => m.topic === `${Z2M.base}/lab/siren_2/set`)).toHaveLength(1);
      expect(sms.at.getTime()).toBeLessThan(published + ACTION_TIMEOUT_S * 1000);
      // each siren sounded once: a QoS 1 redelivery or the other replica does not send it again
      expect(sets.filter((m) => m.topic === `${Z2M.base}/lab/siren/set`)).toHaveLength(1);
      expect(await actions(users[1]!)).toHaveLength(2);
    } finally {
      await bridge.endAsync();
    }
  }, 90_000);

  it('a command for a school gw-xian does not serve is refused by it, with the reason', async () => {
    const account = replicas[1]!.env;
    const central = await mqtt.connectAsync(`mqtt://127.0.0.1:${brokerPort}`, {
      username: account['MQTT_SERVICE_USERNAME']!,
      password: account['MQTT_SERVICE_PASSWORD']!,
      clientId: 'province-command-probe',
      reconnectPeriod: 0,
    });
    try {
      const results: { id: string; result: string; error?: string }[] = [];
      central.on('message', (_topic, payload) => results.push(JSON.parse(payload.toString())));
      await central.subscribeAsync('platform/v1/command-result/gw-xian', { qos: 1 });
      const command = (id: string) =>
        JSON.stringify({
          v: 1,
          id,
          command: 'sound',
          params: {},
          at: Date.now(),
          deadline: Date.now() + 10_000,
        });
      await central.publishAsync(
        `platform/v1/command/gw-xian/${SCHOOL_B}/smk-0101`,
        command('probe-other-school'),
        {
          qos: 1,
        },
      );
      const refused = await waitFor(() => results.find((r) => r.id === 'probe-other-school'), {
        timeoutMs: 10_000,
        what: 'gw-xian’s refusal',
      });
      expect(refused.result).toBe('failed');
      expect(refused.error).toMatch(new RegExp(`^gateway gw-xian does not serve school ${SCHOOL_B}`));
    } finally {
      await central.endAsync();
    }
  });

  it('each replica serves the dashboard', async () => {
    for (const r of replicas) {
      const res = await fetch(`${r.base}/`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(await res.text()).toContain('<div id="app">');
    }
  });

  it('alarms behind both gateways open alerts a province user sees on either replica, REST and socket.io', async () => {
    const users = await Promise.all(replicas.map((r) => ApiUser.login(r.base, 'shaanxi')));
    const lives = await Promise.all(users.map((u) => u.live()));
    try {
      await publishEvent(gateways.xian.mqttUrl, SCHOOL_A, 'smk-0001', 'smoke');
      await publishEvent(gateways.baoji.mqttUrl, SCHOOL_B, 'smk-0101', 'smoke');
      for (const user of users) {
        await waitFor(async () => (await alertOf(user, 'smk-0001')) && (await alertOf(user, 'smk-0101')), {
          timeoutMs: 20_000,
          what: `both alerts on ${user.baseUrl}`,
        });
      }
      const [onOne, onTwo] = await Promise.all(users.map(alertsOn));
      expect(onOne!.map((a) => a.id).sort()).toEqual(onTwo!.map((a) => a.id).sort());
      for (const { alerts } of lives) {
        await waitFor(() => ['smk-0001', 'smk-0101'].every((d) => alerts.some((a) => a['device'] === d)), {
          what: 'both alerts on socket.io',
        });
      }
    } finally {
      for (const { socket } of lives) socket.disconnect();
    }
  });

  it('20 repeats of one alarm count 20 occurrences exactly', async () => {
    const user = await ApiUser.login(replicas[1]!.base, 'shaanxi');
    const device = await connectDevice(gateways.xian.mqttUrl, 'smk-0201', { password: SMK_0201_SECRET });
    for (let n = 0; n < 20; n++) {
      await device.publishAsync(`campus/v1/${SCHOOL_A2}/smk-0201/event`, JSON.stringify({ type: 'smoke' }), {
        qos: 1,
      });
    }
    await device.endAsync();
    await waitFor(async () => (await alertOf(user, 'smk-0201'))?.occurrences === 20, {
      timeoutMs: 20_000,
      what: '20 occurrences',
    });
    await passes(Date.now() + 1_500, 'time for a double count to show');
    for (const r of replicas) {
      const other = await ApiUser.login(r.base, 'shaanxi');
      expect((await alertOf(other, 'smk-0201'))?.occurrences).toBe(20);
    }
    // three smoke alerts so far, each opened by whichever replica counted its first message
    const pages = await Promise.all(replicas.map((r) => fetchMetrics(Number(new URL(r.base).port))));
    const opened = pages.map((page) => sample(page, 'campus_alerts_opened_total', { type: 'smoke' }));
    expect(opened[0]! + opened[1]!).toBe(3);
  });

  it('the central broker down for 30 s: every alarm once, every reading stored, alarms before the backlog', async () => {
    const user = await ApiUser.login(replicas[0]!.base, 'shaanxi');
    const before = {
      xian: (await alertOf(user, 'smk-0001'))!.occurrences,
      baoji: (await alertOf(user, 'smk-0101'))!.occurrences,
    };
    const devices = {
      xianSmoke: await connectDevice(gateways.xian.mqttUrl, 'smk-0001'),
      xianTemp: await connectDevice(gateways.xian.mqttUrl, 'tmp-0001'),
      baoji: await connectDevice(gateways.baoji.mqttUrl, 'smk-0101'),
    };
    const outageStart = Date.now();
    await stopBroker();
    let readings = 0;
    const sendReadings = async (n: number) => {
      const ts = outageStart + n * 10;
      await Promise.all([
        devices.xianTemp.publishAsync(
          `campus/v1/${SCHOOL_A}/tmp-0001/telemetry`,
          JSON.stringify({ ts, metrics: { temperature: 20 + (n % 10) } }),
          { qos: 1 },
        ),
        devices.baoji.publishAsync(
          `campus/v1/${SCHOOL_B}/smk-0101/telemetry`,
          JSON.stringify({ ts, metrics: { battery: 90 - (n % 10) } }),
          { qos: 1 },
        ),
      ]);
      readings++;
    };
    // 30 s of telemetry every 100 ms, with ten alarms (five behind each gateway) spread through it
    let alarms = 0;
    for (let n = 0; Date.now() - outageStart < 30_000; n++) {
      await sendReadings(n);
      if (n % 30 === 15 && alarms < 10) {
        const [client, school, device] =
          alarms % 2 === 0
            ? [devices.xianSmoke, SCHOOL_A, 'smk-0001']
            : [devices.baoji, SCHOOL_B, 'smk-0101'];
        await client.publishAsync(
          `campus/v1/${school}/${device}/event`,
          JSON.stringify({ type: 'smoke', data: { phase: 'outage', n: alarms } }),
          { qos: 1 },
        );
        alarms++;
      }
      await passes(outageStart + (n + 1) * 100, 'the next reading slot');
    }
    expect(alarms).toBe(10);
    await Promise.all(Object.values(devices).map((d) => d.endAsync()));
    const outageEnd = Date.now();
    await startBroker();

    // every alarm counted once, on both replicas
    await waitFor(
      async () =>
        (await alertOf(user, 'smk-0001'))?.occurrences === before.xian + 5 &&
        (await alertOf(user, 'smk-0101'))?.occurrences === before.baoji + 5,
      { timeoutMs: 30_000, what: 'the ten outage alarms counted' },
    );
    // at the centre: every reading forwarded, and each gateway's alarms ahead of its telemetry backlog
    const backlog = (gatewayId: string) =>
      arrivals.filter((a) => a.id.startsWith(`${gatewayId}:`) && a.kind === 'reading' && a.ts >= outageStart);
    await waitFor(() => backlog('gw-xian').length === readings && backlog('gw-baoji').length === readings, {
      timeoutMs: 30_000,
      what: `${readings} backlog readings from each gateway at the centre`,
    });
    expect(arrivals.filter((a) => a.phase === 'outage')).toHaveLength(10);
    for (const gatewayId of ['gw-xian', 'gw-baoji']) {
      const mine = arrivals.filter((a) => a.id.startsWith(`${gatewayId}:`));
      const lastAlarm = mine.map((a) => a.phase).lastIndexOf('outage');
      const firstBacklogReading = mine.findIndex((a) => a.kind === 'reading' && a.ts >= outageStart);
      expect(
        lastAlarm,
        `${gatewayId}: its outage alarms before its telemetry backlog`,
      ).toBeGreaterThanOrEqual(0);
      expect(lastAlarm, `${gatewayId}: its outage alarms before its telemetry backlog`).toBeLessThan(
        firstBacklogReading,
      );
    }
    // every reading stored (InfluxDB), read through a replica as the alert detail's chart does
    const chart = async (device: string, metric: string) => {
      const { status, body } = await user.request(
        'GET',
        `/api/telemetry?device=${device}&metric=${metric}&from=${outageStart}&to=${outageEnd + 60_000}`,
      );
      expect(status).toBe(200);
      return (body as { points: { ts: string; value: number }[] }).points;
    };
    await waitFor(async () => (await chart('tmp-0001', 'temperature')).length === readings, {
      timeoutMs: 30_000,
      what: `${readings} temperature readings in InfluxDB`,
    });
    const battery = await chart('smk-0101', 'battery');
    expect(battery).toHaveLength(readings);
    expect(battery[0]).toEqual({ ts: new Date(outageStart).toISOString(), value: 90 });
    await passes(Date.now() + 1_000, 'time for a double count to show');
    expect((await alertOf(user, 'smk-0001'))?.occurrences).toBe(before.xian + 5);
    expect((await alertOf(user, 'smk-0101'))?.occurrences).toBe(before.baoji + 5);
  }, 150_000);

  it('a gateway SIGKILLed while its link is down sends its journalled alarms when restarted', async () => {
    const user = await ApiUser.login(replicas[1]!.base, 'shaanxi');
    const before = (await alertOf(user, 'smk-0101'))!.occurrences;
    await stopBroker();
    const device = await connectDevice(gateways.baoji.mqttUrl, 'smk-0101');
    for (let n = 0; n < 2; n++) {
      await device.publishAsync(
        `campus/v1/${SCHOOL_B}/smk-0101/event`,
        JSON.stringify({ type: 'smoke', data: { phase: 'killed', n } }),
        { qos: 1 },
      );
    }
    await device.endAsync(true);
    await running.get('gw-baoji')!.kill('SIGKILL');
    await startBroker();
    await start('apps/gateway/src/main.ts', gateways.baoji);
    await waitFor(async () => (await alertOf(user, 'smk-0101'))?.occurrences === before + 2, {
      timeoutMs: 30_000,
      what: 'the two journalled alarms',
    });
    expect(arrivals.filter((a) => a.phase === 'killed')).toHaveLength(2);
  }, 120_000);

  it('a replica SIGKILLed mid-stream: nothing lost, nothing counted twice, every escalation step sent once', async () => {
    const survivor = await ApiUser.login(replicas[1]!.base, 'shaanxi');
    const before = (await alertOf(survivor, 'smk-0201'))!.occurrences;
    // a new critical alert whose escalation runs across the kill: school now, county at 4 s, city at 8 s
    await publishEvent(gateways.xian.mqttUrl, SCHOOL_A, 'sos-0001', 'sos');
    const sos = await waitFor(async () => alertOf(survivor, 'sos-0001', 'sos'), { what: 'the sos alert' });
    const device = await connectDevice(gateways.xian.mqttUrl, 'smk-0201', { password: SMK_0201_SECRET });
    const victim = running.get('as-1')!;
    const total = 40;
    for (let n = 0; n < total; n++) {
      await device.publishAsync(`campus/v1/${SCHOOL_A2}/smk-0201/event`, JSON.stringify({ type: 'smoke' }), {
        qos: 1,
      });
      if (n === 10) {
        await victim.kill('SIGKILL');
        running.delete('as-1');
      }
      await passes(Date.now() + 50, 'the next message slot');
    }
    await device.endAsync();
    await waitFor(async () => (await alertOf(survivor, 'smk-0201'))?.occurrences === before + total, {
      timeoutMs: 30_000,
      what: `${total} more occurrences on the surviving replica`,
    });
    // every step of the sos alert: school SMS + call, county SMS + call, city SMS, once each
    const timeline = async () =>
      ((await survivor.request('GET', `/api/alerts/${sos.id}/timeline`)).body as { items: TimelineItem[] })
        .items;
    const notified = async () =>
      (await timeline())
        .filter((i) => i.kind === 'notified')
        .map((i) => `${i.to} ${i.channel}`)
        .sort();
    const everyStep = [
      `${CITY_PHONE} sms`,
      `${COUNTY_PHONE} sms`,
      `${COUNTY_PHONE} voice`,
      `${SCHOOL_PHONE} sms`,
      `${SCHOOL_PHONE} voice`,
    ].sort();
    await waitFor(async () => (await notified()).length >= everyStep.length, {
      timeoutMs: 60_000,
      what: 'every escalation step of the sos alert',
    });
    await passes(Date.now() + 2_500, 'time for a second send to show');
    expect(await notified()).toEqual(everyStep);
    expect((await timeline()).filter((i) => i.kind === 'escalated').map((i) => i.level)).toEqual([
      'county',
      'city',
    ]);
    expect((await alertOf(survivor, 'smk-0201'))?.occurrences).toBe(before + total);
    // the survivor's /metrics: alerts opened, steps, notifications, intake lag
    const page = await fetchMetrics(Number(new URL(replicas[1]!.base).port));
    expect(metricValue(page, 'campus_intake_lag_seconds_count', { lane: 'alarms' })).toBeGreaterThan(0);
    expect(metricValue(page, 'campus_notifications_total', { result: 'sent' })).toBeGreaterThan(0);
    expect(metricValue(page, 'campus_escalation_steps_total')).toBeGreaterThan(0);
  }, 150_000);

  /** A device added through one replica's API, as a county official or school admin would. */
  const NEW_DEVICE = 'smk-live-0201';
  let newSecret = '';

  it('a device added through one replica’s API reaches its gateway over the retained feed, connects and opens alerts both replicas see', async () => {
    // both replicas up again (the test before killed as-1): the change is made on as-1, seen by as-2
    if (!running.has('as-1')) await start('apps/alert-service/src/main.ts', replicas[0]!);
    const [onOne, onTwo] = await Promise.all(replicas.map((r) => ApiUser.login(r.base, 'shaanxi')));
    const add = async (id: string) => {
      const added = await onOne!.request('POST', '/api/devices', {
        school: SCHOOL_A2,
        id,
        kind: 'smoke_detector',
        location: { building: '实验楼', floor: 2, room: '化学实验室', use: 'lab' },
      });
      expect(added.status, JSON.stringify(added.body)).toBe(201);
      const { secret } = added.body as ProvisionedDevice;
      expect(secret).toBeTruthy();
      return secret!;
    };
    const secret = (newSecret = await add(NEW_DEVICE));
    const doomed = { id: 'smk-live-0202', secret: await add('smk-live-0202') };
    // gw-xian gets it over the feed and keeps the version on disk; polled there rather than by
    // logging in (refused logins count towards the account's lockout)
    const localCopy = join(temp.path, 'gw-xian', 'registry', 'sites.json');
    const localDevices = async () =>
      JSON.stringify(JSON.parse(await readFile(localCopy, 'utf8').catch(() => '{}')) as unknown);
    await waitFor(async () => (await localDevices()).includes(NEW_DEVICE), {
      timeoutMs: 20_000,
      intervalMs: 100,
      what: "the new device in gw-xian's copy of the registry",
    });
    // as-2 (the other replica) follows the same version: its device list has it
    await waitFor(
      async () => {
        const { body } = await onTwo!.request('GET', `/api/devices/registry?school=${SCHOOL_A2}`);
        return JSON.stringify(body).includes(NEW_DEVICE);
      },
      { timeoutMs: 20_000, what: 'the new device on the other replica' },
    );
    const device = await connectDevice(gateways.xian.mqttUrl, NEW_DEVICE, { password: secret });
    // gw-baoji's part of the registry does not hold another gateway's school
    await expect(connectDevice(gateways.baoji.mqttUrl, NEW_DEVICE, { password: secret })).rejects.toThrow();
    await device.publishAsync(
      `campus/v1/${SCHOOL_A2}/${NEW_DEVICE}/event`,
      JSON.stringify({ type: 'smoke' }),
      {
        qos: 1,
      },
    );
    await device.endAsync();
    for (const user of [onOne!, onTwo!]) {
      await waitFor(async () => (await alertOf(user, NEW_DEVICE)) !== undefined, {
        timeoutMs: 20_000,
        what: 'the new device’s smoke alert on both replicas',
      });
    }

    // retired on the other replica: its gateway disconnects it and refuses it after
    const live = await connectDevice(gateways.xian.mqttUrl, doomed.id, { password: doomed.secret });
    const closed = new Promise<void>((resolve) => live.once('close', () => resolve()));
    live.options.reconnectPeriod = 0;
    expect((await onTwo!.request('DELETE', `/api/devices/${doomed.id}`)).status).toBeLessThan(300);
    await closed;
    await expect(
      connectDevice(gateways.xian.mqttUrl, doomed.id, { password: doomed.secret }),
    ).rejects.toThrow();
  }, 120_000);

  it('a gateway restarted while the central broker is down works from its local copy of the registry', async () => {
    await stopBroker();
    try {
      await running.get('gw-xian')!.kill('SIGKILL');
      await start('apps/gateway/src/main.ts', gateways.xian);
      // SITES_FILE does not have the device: only the local copy does
      const device = await connectDevice(gateways.xian.mqttUrl, NEW_DEVICE, { password: newSecret });
      await device.endAsync();
    } finally {
      await startBroker();
    }
  }, 90_000);
});
