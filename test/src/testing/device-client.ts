import mqtt, { type MqttClient } from 'mqtt';
import { SECRETS } from './test-sites';

/** A device connection with the device's own credentials (docs/protocol.md). */
export function connectDevice(
  url: string,
  device: string,
  options: { password?: string; clean?: boolean } = {},
): Promise<MqttClient> {
  return mqtt.connectAsync(url, {
    username: device,
    password: options.password ?? SECRETS[device] ?? '',
    clientId: `${device}-${Math.random().toString(16).slice(2, 8)}`,
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 5_000,
  });
}

/** Resolves when the broker closes the connection (it does so for a refused PUBLISH). */
export function whenClosed(client: MqttClient, timeoutMs = 5_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!client.connected) return resolve();
    const timer = setTimeout(() => reject(new Error('connection was not closed by the broker')), timeoutMs);
    client.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
