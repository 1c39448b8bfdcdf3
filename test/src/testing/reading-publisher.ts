import type { MqttClient } from 'mqtt';

/**
 * Publishes `count` QoS 1 telemetry readings with distinct timestamps `baseTs + i`, yielding to the
 * event loop as a real device would. `acked()` tells how many PUBACKs have come back so far.
 */
export function publishReadings(
  client: MqttClient,
  school: string,
  device: string,
  baseTs: number,
  count: number,
) {
  let acked = 0;
  const topic = `campus/v1/${school}/${device}/telemetry`;
  const done = (async () => {
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < count; i++) {
      const payload = JSON.stringify({
        ts: baseTs + i,
        metrics: { temperature: 20 + (i % 100) / 10, seq: i },
      });
      pending.push(client.publishAsync(topic, payload, { qos: 1 }).then(() => acked++));
      if (i % 200 === 199) await new Promise((r) => setImmediate(r));
    }
    await Promise.all(pending);
  })();
  return { done, acked: () => acked };
}
