import { once } from 'node:events';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { Aedes, type AuthenticateError } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import pino from 'pino';
import { parseSites, uplinkTopic, type Sites, type UplinkMessage } from '@campus/device-protocols';
import { sitesYaml } from '@campus/test-kit';

/** Test support for the intake specs (not exported from the package). */

export const SERVICE = { username: 'alert-service', password: 'service-secret' };
const PUBLISHER = { username: 'test-gateway', password: 'gateway-secret' };

export const SCHOOL = '2161010001';
export const T0 = Date.UTC(2026, 10, 30, 2, 0, 0); // Monday 10:00 Asia/Shanghai

export const INTAKE_SITES: Sites = parseSites(
  sitesYaml({
    schools: [
      {
        code: SCHOOL,
        name: '雁塔区第一小学',
        devices: [
          {
            id: 'smk-red',
            kind: 'smoke_detector',
            secret: 's',
            risk: 'red',
            location: { building: '实验楼', room: '化学实验室', use: 'lab' },
          },
          { id: 'temp-red', kind: 'temperature_sensor', secret: 's', risk: 'red' },
          {
            id: 'dacc-1',
            kind: 'access_control',
            secret: 's',
            location: { building: '1号宿舍楼', use: 'dormitory' },
          },
        ],
      },
    ],
  }),
  'intake-fixture.yaml',
);

export const silentLogger = () => pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });

function ref(device: string): Pick<UplinkMessage, 'v' | 'org' | 'deviceKind' | 'device'> {
  const d = INTAKE_SITES.deviceById.get(device);
  if (!d) throw new Error(`fixture: no device ${device}`);
  return { v: 1, org: d.org, deviceKind: d.kind, device };
}

export function uplinkEvent(device: string, type: string, ts = T0): UplinkMessage {
  return { ...ref(device), kind: 'event', ts, type, data: {} };
}

export function uplinkReading(device: string, metrics: Record<string, number>, ts = T0): UplinkMessage {
  return { ...ref(device), kind: 'reading', ts, metrics };
}

export function uplinkAvailability(device: string, online: boolean, ts = T0): UplinkMessage {
  return { ...ref(device), kind: 'availability', ts, online };
}

/** An in-process aedes broker on a free loopback port that accepts the service account and a publisher. */
export interface TestBroker {
  url: string;
  broker: Aedes;
  /** Client ids of every PUBACK the broker received, in order. */
  acks: string[];
  close(): Promise<void>;
}

export async function startTestBroker(): Promise<TestBroker> {
  const accounts = new Map([SERVICE, PUBLISHER].map((a) => [a.username, a.password]));
  const broker = await Aedes.createBroker({
    authenticate: (_client, username, password, done) => {
      if (username !== undefined && accounts.get(username) === password?.toString()) return done(null, true);
      const err = new Error('bad credentials') as AuthenticateError;
      err.returnCode = 4;
      done(err, false);
    },
  });
  const acks: string[] = [];
  broker.on('ack', (_packet, client) => acks.push(client.id));
  const server: Server = createServer((socket) => broker.handle(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    broker,
    acks,
    close: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      server.close();
    },
  };
}

/** A real mqtt.js client standing in for the gateway's uplink publisher. */
export async function connectPublisher(url: string): Promise<MqttClient> {
  return mqtt.connectAsync(url, {
    ...PUBLISHER,
    clientId: `publisher-${Math.random().toString(16).slice(2)}`,
  });
}

export async function publishUplink(publisher: MqttClient, msg: UplinkMessage): Promise<void> {
  await publisher.publishAsync(uplinkTopic(msg.org, msg), JSON.stringify(msg), { qos: 1 });
}

export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
