import { createServer, type AddressInfo, type Server } from 'node:net';
import { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import type { Cleanups } from './context';
import { telemetryPayload } from './fixtures';

/** Yield to the event loop this often, as a real device does (else mqtt.js only fills buffers). */
const YIELD_EVERY = 500;

export async function connectClient(
  cleanups: Cleanups,
  url: string,
  username: string,
  password: string,
): Promise<MqttClient> {
  const client = await mqtt.connectAsync(url, {
    username,
    password,
    clientId: `bench-${Math.random().toString(16).slice(2, 10)}`,
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
  });
  cleanups.add(() => client.endAsync(true));
  return client;
}

/**
 * Publishes `count` QoS 1 telemetry readings with timestamps `baseTs + i` and resolves once every
 * PUBACK is back. A connection closed by the broker (a refused or undurable PUBLISH) rejects.
 */
export async function publishReadings(
  client: MqttClient,
  topic: string,
  baseTs: number,
  count: number,
): Promise<void> {
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < count; i++) {
    pending.push(client.publishAsync(topic, telemetryPayload(baseTs + i, i), { qos: 1 }));
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(pending);
}

/** The baseline broker: aedes with no hooks on a loopback port; QoS 1 gets its PUBACK, nobody subscribes. */
export async function startBareAedes(cleanups: Cleanups): Promise<string> {
  const broker = await Aedes.createBroker();
  const server: Server = createServer((socket) => broker.handle(socket));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  cleanups.add(async () => {
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
