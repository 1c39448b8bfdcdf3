import { UPLINK_SUBSCRIPTION } from '@campus/device-protocols';
import type { MqttClient } from 'mqtt';

/** CONNACK return codes (MQTT 3.1.1) that mean the broker refused who we are. */
const CREDENTIALS_REFUSED = new Set([4, 5]);

export interface FirstConnectTarget {
  url: string;
  username: string;
  timeoutMs: number;
}

/**
 * Resolves on the client's first CONNACK accepted; rejects at once when the broker refuses the
 * service credentials, or after `timeoutMs` without a connection (other errors are retried).
 */
export function firstConnect(client: MqttClient, target: FirstConnectTarget): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let lastError: Error | undefined;
    const finish = (err?: Error) => {
      clearTimeout(timer);
      client.removeListener('connect', onConnect);
      client.removeListener('error', onError);
      if (err) reject(err);
      else resolve();
    };
    const onConnect = () => finish();
    const onError = (err: Error) => {
      lastError = err;
      const code = (err as Error & { code?: unknown }).code;
      if (typeof code === 'number' && CREDENTIALS_REFUSED.has(code)) finish(credentialsRefused(target, err));
    };
    const timer = setTimeout(() => {
      const why = lastError ? `: ${lastError.message}` : '';
      finish(
        new Error(
          `uplink intake: no connection to the broker at ${target.url} within ${target.timeoutMs} ms${why}`,
        ),
      );
    }, target.timeoutMs);
    client.on('connect', onConnect);
    client.on('error', onError);
  });
}

export function credentialsRefused(target: Pick<FirstConnectTarget, 'url' | 'username'>, err: Error): Error {
  return new Error(
    `uplink intake: the broker at ${target.url} refused the service account ` +
      `"${target.username}" (${err.message}) — check MQTT_SERVICE_USERNAME and MQTT_SERVICE_PASSWORD ` +
      `against the gateway's`,
  );
}

/** Subscribes to the uplink (all of it by default) at QoS 1; a refused grant names the account. */
export async function subscribeUplink(
  client: MqttClient,
  target: Pick<FirstConnectTarget, 'url' | 'username'>,
  topics: readonly string[] = [UPLINK_SUBSCRIPTION],
): Promise<void> {
  const granted = await client.subscribeAsync([...topics], { qos: 1 });
  const refused = granted.find((g) => g.qos !== 1);
  if (refused) {
    throw new Error(
      `uplink intake: the broker at ${target.url} granted ${refused.topic} to MQTT_SERVICE_USERNAME ` +
        `"${target.username}" with QoS ${refused.qos} instead of 1 — is it the gateway's service account?`,
    );
  }
  if (!topics.includes(UPLINK_SUBSCRIPTION)) {
    // A session kept from before the uplink had lanes may still hold the whole tree: drop it, or
    // this lane would receive the other lane's messages too and handle them twice.
    await client.unsubscribeAsync(UPLINK_SUBSCRIPTION);
  }
}
