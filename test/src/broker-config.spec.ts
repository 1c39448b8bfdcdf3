import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  makeTempDir,
  startMosquitto,
  waitFor,
  writeSitesFile,
  type Mosquitto,
  type TempDir,
} from '@campus/test-kit';

// `npm run broker-config` against a real Mosquitto 2 started with its output as it is (docs/deployment.md).
const ROOT = new URL('../../', import.meta.url).pathname;
const SCHOOL_A = '2161010001';
const SCHOOL_B = '2161010002';

describe('npm run broker-config: the central Mosquitto it configures', () => {
  let temp: TempDir;
  let out: string;
  let broker: Mosquitto;
  let port: number;
  const clients: MqttClient[] = [];
  const env = async (username: string) => {
    const text = await readFile(join(out, 'accounts', `${username}.env`), 'utf8');
    return Object.fromEntries(
      text
        .split('\n')
        .filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
  };
  const connect = async (username: string, password: string, clientId: string) => {
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
      username,
      password,
      clientId,
      protocolVersion: 5,
      reconnectPeriod: 0,
    });
    clients.push(client);
    return client;
  };
  const runCli = (args: string[]) =>
    promisify(execFile)(`${ROOT}node_modules/.bin/tsx`, ['apps/gateway/src/broker-config.ts', ...args], {
      cwd: ROOT,
    });

  beforeAll(async () => {
    temp = await makeTempDir('broker-config');
    await chmod(temp.path, 0o755); // Mosquitto, dropped to its own user, reads the files under it
    const sites = await writeSitesFile(temp.path, {
      schools: [
        { code: SCHOOL_A, name: '一小' },
        { code: SCHOOL_B, name: '二小' },
      ],
      gateways: [
        { id: 'gw-a', schools: [SCHOOL_A] },
        { id: 'gw-b', schools: [SCHOOL_B] },
      ],
      alertServices: [{ id: 'as-1' }],
    });
    out = join(temp.path, 'out');
    const persist = join(temp.path, 'persist');
    await mkdir(persist);
    port = await freePort();
    const args = ['--sites', sites, '--out', out, '--port', String(port), '--persistence', persist];
    const first = await runCli(args);
    expect(first.stdout).toMatch(/wrote 9 files .*3 new/);
    const before = await env('gateway-gw-a');
    // a re-run keeps the passwords already handed out
    expect((await runCli(args)).stdout).toMatch(/3 password\(s\) kept, 0 new/);
    expect((await env('gateway-gw-a'))['UPLINK_PASSWORD']).toBe(before['UPLINK_PASSWORD']);
    broker = await startMosquitto({
      port,
      persistDir: persist,
      config: { file: join(out, 'mosquitto', 'campus.conf'), secrets: [join(out, 'mosquitto', 'passwd')] },
    });
  }, 120_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    await broker?.stop();
    await temp?.remove();
  });

  it("lets a gateway publish its own uplink, not another gateway's, and a replica read it", async () => {
    const gwA = await env('gateway-gw-a');
    const replica = await env('alert-service-as-1');
    expect(gwA['GATEWAY_SCHOOLS']).toBe(SCHOOL_A);
    const reader = await connect(
      replica['MQTT_SERVICE_USERNAME']!,
      replica['MQTT_SERVICE_PASSWORD']!,
      'as-1',
    );
    const received: string[] = [];
    reader.on('message', (topic) => received.push(topic));
    const granted = await reader.subscribeAsync('platform/v1/uplink/#', { qos: 1 });
    expect(granted[0]?.qos).toBe(1);

    const gateway = await connect(gwA['UPLINK_USERNAME']!, gwA['UPLINK_PASSWORD']!, 'campus-gateway-gw-a');
    const own = `platform/v1/uplink/${SCHOOL_A}/smk-a/event`;
    const foreign = `platform/v1/uplink/${SCHOOL_B}/smk-b/event`;
    await gateway.publishAsync(own, '{}', { qos: 1 });
    // MQTT 5: the refused PUBLISH is answered "not authorised" (and mqtt.js drops that connection)
    const intruder = await connect(gwA['UPLINK_USERNAME']!, gwA['UPLINK_PASSWORD']!, 'intruder');
    await expect(intruder.publishAsync(foreign, '{}', { qos: 1 })).rejects.toThrow(/Not authorized/i);
    await gateway.publishAsync(own, '{"n":2}', { qos: 1 });
    await waitFor(() => received.length >= 2, {
      timeoutMs: 5_000,
      what: 'the replica to receive the uplink',
    });
    expect(received).toEqual([own, own]);

    // a replica may not publish on the uplink
    const replicaPublisher = await connect(
      replica['MQTT_SERVICE_USERNAME']!,
      replica['MQTT_SERVICE_PASSWORD']!,
      'as-1-pub',
    );
    await expect(replicaPublisher.publishAsync(own, '{}', { qos: 1 })).rejects.toThrow(/Not authorized/i);
    // nor a gateway read it: Mosquitto 2 may grant the SUBACK but checks each delivery against `topic read`
    const snoop = await connect(gwA['UPLINK_USERNAME']!, gwA['UPLINK_PASSWORD']!, 'snoop');
    const snooped: string[] = [];
    snoop.on('message', (topic) => snooped.push(topic));
    await snoop.subscribeAsync('platform/v1/uplink/#', { qos: 1 }).catch(() => undefined);
    await gateway.publishAsync(own, '{"n":3}', { qos: 1 });
    await waitFor(() => received.length >= 3, { timeoutMs: 5_000, what: 'the replica to receive the third' });
    expect(received).toEqual([own, own, own]);
    expect(snooped).toEqual([]);
  }, 30_000);

  it("lets a replica publish the registry feed, each gateway read its own and not another's, no gateway publish it", async () => {
    const [gwA, gwB, replica] = await Promise.all([
      env('gateway-gw-a'),
      env('gateway-gw-b'),
      env('alert-service-as-1'),
    ]);
    const feed = await connect(
      replica['MQTT_SERVICE_USERNAME']!,
      replica['MQTT_SERVICE_PASSWORD']!,
      'as-1-feed',
    );
    await feed.publishAsync('platform/v1/registry/gw-a', '{"version":1}', { qos: 1, retain: true });
    await feed.publishAsync('platform/v1/registry/gw-b', '{"version":1}', { qos: 1, retain: true });
    // a gateway gets its own, retained, and never gw-b's (Mosquitto checks each delivery against `topic read`)
    const a = await connect(gwA['UPLINK_USERNAME']!, gwA['UPLINK_PASSWORD']!, 'gw-a-feed');
    const got: string[] = [];
    a.on('message', (topic) => got.push(topic));
    await a.subscribeAsync('platform/v1/registry/gw-a', { qos: 1 });
    await a.subscribeAsync('platform/v1/registry/gw-b', { qos: 1 }).catch(() => undefined);
    await waitFor(() => got.includes('platform/v1/registry/gw-a'), { timeoutMs: 5_000, what: "gw-a's feed" });
    // gw-b's own arrives at gw-b: the message was there to be read
    const b = await connect(gwB['UPLINK_USERNAME']!, gwB['UPLINK_PASSWORD']!, 'gw-b-feed');
    const gotB: string[] = [];
    b.on('message', (topic) => gotB.push(topic));
    await b.subscribeAsync('platform/v1/registry/gw-b', { qos: 1 });
    await waitFor(() => gotB.length > 0, { timeoutMs: 5_000, what: "gw-b's feed" });
    expect(got).toEqual(['platform/v1/registry/gw-a']);
    // a gateway may not write a registry, its own or another's
    const forger = await connect(gwA['UPLINK_USERNAME']!, gwA['UPLINK_PASSWORD']!, 'gw-a-forger');
    await expect(
      forger.publishAsync('platform/v1/registry/gw-a', '{"version":99}', { qos: 1, retain: true }),
    ).rejects.toThrow(/Not authorized/i);
  }, 30_000);

  it("lets a replica command a gateway's devices and read the results; a gateway reads only its own commands and writes only its own results", async () => {
    const [gwA, gwB, replica] = await Promise.all([
      env('gateway-gw-a'),
      env('gateway-gw-b'),
      env('alert-service-as-1'),
    ]);
    const sender = await connect(
      replica['MQTT_SERVICE_USERNAME']!,
      replica['MQTT_SERVICE_PASSWORD']!,
      'as-1-commands',
    );
    const results: string[] = [];
    sender.on('message', (topic, payload) => results.push(`${topic} ${payload.toString()}`));
    await sender.subscribeAsync('platform/v1/command-result/+', { qos: 1 });
    const a = await connect(gwA['UPLINK_USERNAME']!, gwA['UPLINK_PASSWORD']!, 'gw-a-commands');
    const b = await connect(gwB['UPLINK_USERNAME']!, gwB['UPLINK_PASSWORD']!, 'gw-b-commands');
    const toA: string[] = [];
    const toB: string[] = [];
    a.on('message', (topic) => toA.push(topic));
    b.on('message', (topic) => toB.push(topic));
    await a.subscribeAsync('platform/v1/command/gw-a/#', { qos: 1 });
    await b.subscribeAsync('platform/v1/command/gw-b/#', { qos: 1 });
    // gw-b tries to listen in on gw-a's commands: granted or not, nothing is delivered to it
    await b.subscribeAsync('platform/v1/command/gw-a/#', { qos: 1 }).catch(() => undefined);
    const commandA = `platform/v1/command/gw-a/${SCHOOL_A}/siren-1`;
    await sender.publishAsync(commandA, '{"id":"c1"}', { qos: 1 });
    await sender.publishAsync(`platform/v1/command/gw-b/${SCHOOL_B}/siren-2`, '{"id":"c2"}', { qos: 1 });
    await waitFor(() => toA.length > 0 && toB.length > 0, {
      timeoutMs: 5_000,
      what: 'each gateway its command',
    });
    expect(toA).toEqual([commandA]);
    expect(toB).toEqual([`platform/v1/command/gw-b/${SCHOOL_B}/siren-2`]);
    // the result on its own topic reaches the replica; a gateway may not answer for another, nor command
    await a.publishAsync('platform/v1/command-result/gw-a', '{"id":"c1"}', { qos: 1 });
    await waitFor(() => results.length > 0, { timeoutMs: 5_000, what: "gw-a's result" });
    expect(results).toEqual(['platform/v1/command-result/gw-a {"id":"c1"}']);
    const forger = await connect(gwB['UPLINK_USERNAME']!, gwB['UPLINK_PASSWORD']!, 'gw-b-forger');
    await expect(
      forger.publishAsync('platform/v1/command-result/gw-a', '{"id":"c1"}', { qos: 1 }),
    ).rejects.toThrow(/Not authorized/i);
    const commander = await connect(gwA['UPLINK_USERNAME']!, gwA['UPLINK_PASSWORD']!, 'gw-a-commander');
    await expect(commander.publishAsync(commandA, '{"id":"c3"}', { qos: 1 })).rejects.toThrow(
      /Not authorized/i,
    );
  }, 30_000);

  it('refuses an unknown account, a wrong password and anonymous clients', async () => {
    const gwB = await env('gateway-gw-b');
    await expect(connect('gateway-gw-c', gwB['UPLINK_PASSWORD']!, 'x1')).rejects.toThrow(
      /Not authorized|Bad User Name or Password/i,
    );
    await expect(connect('gateway-gw-b', 'wrong', 'x2')).rejects.toThrow(
      /Not authorized|Bad User Name or Password/i,
    );
    await expect(
      mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
        protocolVersion: 5,
        reconnectPeriod: 0,
        clientId: 'x3',
      }),
    ).rejects.toThrow(/Not authorized|Bad User Name or Password/i);
    const ok = await connect(gwB['UPLINK_USERNAME']!, gwB['UPLINK_PASSWORD']!, 'campus-gateway-gw-b');
    expect(ok.connected).toBe(true);
  });
});
