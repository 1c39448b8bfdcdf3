import { randomBytes } from 'node:crypto';
import type { DeviceConnection, RegistryDevice } from '@campus/api-contract';
import { DEFAULT_BASE_TOPIC } from '@campus/device-protocols';
import { qrSvg } from '../../hazard-reports/public-link';

/** A new device secret: 24 random bytes, base64url (32 characters). */
export function generateDeviceSecret(): string {
  return randomBytes(24).toString('base64url');
}

/** Where installers' devices reach the gateway's broker (docs/registry.md, "Provisioning"). */
export interface BrokerAddress {
  host: string;
  port: number;
}

/**
 * The broker address to give installers: the host of PUBLIC_URL (else of the request), the port
 * MQTT_PORT (default 1883). A province whose devices reach a different host sets PUBLIC_URL's
 * host accordingly or tells installers the gateway's address.
 */
export function brokerAddressOf(
  env: NodeJS.ProcessEnv,
  publicUrl: string | undefined,
  origin: string | undefined,
): BrokerAddress {
  const base = publicUrl ?? origin;
  let host = 'localhost';
  if (base !== undefined) {
    try {
      host = new URL(base).hostname || host;
    } catch {
      // an unparsable origin: keep localhost, the installer corrects it on the spot
    }
  }
  const port = Number(env['MQTT_PORT'] ?? 1883);
  return { host, port: Number.isInteger(port) && port > 0 ? port : 1883 };
}

/** The harmless test message of a device: its retained `online` status (native), or the bridge's availability. */
function testMessageOf(device: RegistryDevice): { topic: string; payload: string; retain: boolean } {
  if (device.protocol === 'zigbee2mqtt') {
    const base = device.baseTopic ?? DEFAULT_BASE_TOPIC.zigbee2mqtt ?? 'zigbee2mqtt';
    return { topic: `${base}/bridge/state`, payload: '{"state":"online"}', retain: true };
  }
  if (device.protocol === 'frigate') {
    const base = device.baseTopic ?? DEFAULT_BASE_TOPIC.frigate ?? 'frigate';
    return { topic: `${base}/available`, payload: 'online', retain: true };
  }
  return {
    topic: `campus/v1/${device.school}/${device.id}/status`,
    payload: '{"online":true}',
    retain: true,
  };
}

/** Single-quotes a word for a POSIX shell. */
const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The installer's settings for a device with a secret: host, port, credentials, the test topic and
 * the `mosquitto_pub` line that publishes the test message (docs/protocol.md); without the QR code.
 */
export function connectionSettings(
  device: RegistryDevice,
  secret: string,
  broker: BrokerAddress,
): Omit<DeviceConnection, 'qrSvg'> {
  const test = testMessageOf(device);
  const mosquittoPub = [
    'mosquitto_pub',
    `-h ${shellQuote(broker.host)}`,
    `-p ${broker.port}`,
    `-u ${shellQuote(device.id)}`,
    `-P ${shellQuote(secret)}`,
    `-t ${shellQuote(test.topic)}`,
    `-m ${shellQuote(test.payload)}`,
    '-q 1',
    ...(test.retain ? ['-r'] : []),
  ].join(' ');
  return {
    host: broker.host,
    port: broker.port,
    username: device.id,
    password: secret,
    topic: test.topic,
    mosquittoPub,
  };
}

/** The settings and their QR code (JSON of host, port, username, password, topic). */
export async function deviceConnection(
  device: RegistryDevice,
  secret: string,
  broker: BrokerAddress,
): Promise<DeviceConnection> {
  const settings = connectionSettings(device, secret, broker);
  const qr = JSON.stringify({
    host: settings.host,
    port: settings.port,
    username: settings.username,
    password: settings.password,
    topic: settings.topic,
  });
  return { ...settings, qrSvg: await qrSvg(qr) };
}
