import type { MqttClient } from 'mqtt';

export interface WindowedRun {
  /** Publishes handed to the client. */
  sent: number;
  /** Indices whose PUBACK came back: the broker promised to keep these. */
  acked: Set<number>;
  /** Publishes that failed (connection closed before the PUBACK). */
  failed: number;
}

/**
 * Publishes QoS 1 messages `payload(i)` on `topic` as fast as PUBACKs come back, with at most
 * `window` unacknowledged, until `stop()` says so; then waits for the outstanding ones to settle.
 */
export async function publishWindowed(
  client: MqttClient,
  topic: string,
  options: { window: number; payload: (i: number) => string; stop: () => boolean; settleMs?: number },
): Promise<WindowedRun> {
  const run: WindowedRun = { sent: 0, acked: new Set(), failed: 0 };
  let outstanding = 0;
  let wake: (() => void) | undefined;
  const settled = () => {
    outstanding -= 1;
    const w = wake;
    wake = undefined;
    w?.();
  };
  while (!options.stop() && client.connected) {
    while (outstanding < options.window && !options.stop()) {
      const i = run.sent++;
      outstanding += 1;
      client.publish(topic, options.payload(i), { qos: 1 }, (err) => {
        if (err) run.failed += 1;
        else run.acked.add(i);
        settled();
      });
    }
    // until a PUBACK frees a slot (or a poll, so a stalled broker cannot hang the run)
    await new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, 50);
    });
  }
  const deadline = Date.now() + (options.settleMs ?? 60_000);
  while (outstanding > 0 && client.connected && Date.now() < deadline) {
    await new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, 50);
    });
  }
  return run;
}
