import { performance } from 'node:perf_hooks';
import mqtt, { type MqttClient } from 'mqtt';
import type { Cleanups } from './context';
import { telemetryPayload } from './fixtures';

/** The credentials and topic a fleet member needs (a BenchDevice fits). */
export interface FleetDevice {
  id: string;
  secret: string;
  telemetryTopic: string;
}

export const DEFAULT_WINDOW = 20;
const DEFAULT_STALL_MS = 20_000;

/** Readings timestamps: a day back, so they are well inside retention and the API's 31-day range. */
const DAY_MS = 86_400_000;

/**
 * One device connection, with persistent `error`/`close` listeners: mqtt.js emits `error` on the
 * client (unhandled it would crash the bench), and a broker that drops the connection leaves
 * QoS 1 callbacks pending forever unless someone notices.
 */
export async function connectDevice(
  cleanups: Cleanups,
  url: string,
  device: Pick<FleetDevice, 'id' | 'secret'>,
  onLost: (err: Error) => void,
): Promise<{ client: MqttClient; close(): Promise<void> }> {
  const client = await mqtt.connectAsync(url, {
    username: device.id,
    password: device.secret,
    clientId: `${device.id}-${Math.random().toString(16).slice(2, 8)}`,
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 30_000,
  });
  let closing = false;
  client.on('error', (err) => onLost(new Error(`device ${device.id}: ${err.message}`)));
  client.on('close', () => {
    if (!closing) onLost(new Error(`device ${device.id}: the broker closed the connection`));
  });
  const close = async () => {
    if (closing) return;
    closing = true;
    await client.endAsync(true);
  };
  cleanups.add(close);
  return { client, close };
}

interface Member {
  device: FleetDevice;
  client: MqttClient;
  /** The next reading's sequence number: its `ts` is `tsBase + seq`, so every reading is a new point. */
  seq: number;
  inFlight: number;
  acked: number;
}

export interface RunStats {
  acked: number;
  seconds: number;
  /** Share of the run's time the window (not the rate) held publishing back: 1 = saturated. */
  windowLimited?: number;
}

/** A paced load in progress (`startRate`). */
export interface RateLoad {
  /** Readings acknowledged so far in this load. */
  acked(): number;
  /** Rejects when a connection fails or acknowledgements stall (race it against a measurement). */
  readonly failed: Promise<never>;
  /** Stops publishing and resolves once every outstanding publish has been acknowledged. */
  stop(): Promise<RunStats>;
}

/**
 * N device connections that publish QoS 1 telemetry with at most `window` unacknowledged
 * publishes each (the next goes out when a PUBACK returns), as a device's outgoing queue does.
 */
export class DeviceFleet {
  readonly tsBase = Date.now() - DAY_MS;
  private failure: Error | undefined;
  private readonly failureListeners = new Set<(err: Error) => void>();

  private constructor(
    private readonly members: Member[],
    readonly window: number,
    private readonly stallMs: number,
  ) {}

  /** Connects every device (`concurrency` at a time); any connection lost later fails the current run. */
  static async connect(
    cleanups: Cleanups,
    url: string,
    devices: readonly FleetDevice[],
    { window = DEFAULT_WINDOW, stallMs = DEFAULT_STALL_MS, concurrency = 50 } = {},
  ): Promise<DeviceFleet> {
    const members: Member[] = [];
    const fleet = new DeviceFleet(members, window, stallMs);
    const lost = (err: Error) => fleet.fail(err);
    for (let i = 0; i < devices.length; i += concurrency) {
      const chunk = devices.slice(i, i + concurrency);
      const clients = await Promise.all(chunk.map((d) => connectDevice(cleanups, url, d, lost)));
      chunk.forEach((device, j) =>
        members.push({ device, client: clients[j]!.client, seq: 0, inFlight: 0, acked: 0 }),
      );
    }
    return fleet;
  }

  get size(): number {
    return this.members.length;
  }

  /** Per device: how many readings were sent (sequence numbers 0…sent-1) and acknowledged. */
  sentPerDevice(): { id: string; sent: number; acked: number }[] {
    return this.members.map((m) => ({ id: m.device.id, sent: m.seq, acked: m.acked }));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const listener of this.failureListeners) listener(err);
  }

  /** Rejects as soon as a connection is lost or no PUBACK has come for `stallMs`. */
  private watch(progress: () => number): { failed: Promise<never>; done(): void } {
    let reject: (err: Error) => void = () => undefined;
    const failed = new Promise<never>((_, r) => (reject = r));
    failed.catch(() => undefined);
    if (this.failure) reject(this.failure);
    const listener = (err: Error) => reject(err);
    this.failureListeners.add(listener);
    let last = progress();
    const timer = setInterval(() => {
      const now = progress();
      if (now === last && this.members.some((m) => m.inFlight > 0))
        reject(
          new Error(`no PUBACK for ${this.stallMs / 1000} s (${this.inFlight()} publishes unacknowledged)`),
        );
      last = now;
    }, this.stallMs);
    return {
      failed,
      done: () => {
        clearInterval(timer);
        this.failureListeners.delete(listener);
      },
    };
  }

  private inFlight(): number {
    return this.members.reduce((n, m) => n + m.inFlight, 0);
  }

  private totalAcked(): number {
    return this.members.reduce((n, m) => n + m.acked, 0);
  }

  private send(m: Member, then: (err?: Error) => void): void {
    const seq = m.seq++;
    m.inFlight++;
    m.client.publish(m.device.telemetryTopic, telemetryPayload(this.tsBase + seq, seq), { qos: 1 }, (err) => {
      m.inFlight--;
      if (err) return then(err);
      m.acked++;
      then();
    });
  }

  /** Every device publishes `perDevice` readings as fast as its window allows; resolves at the last PUBACK. */
  async publishEach(perDevice: number): Promise<RunStats> {
    const start = performance.now();
    const ackedBefore = this.totalAcked();
    const guard = this.watch(() => this.totalAcked());
    const finished = new Promise<void>((resolve, reject) => {
      let pendingDevices = this.members.length;
      if (pendingDevices === 0 || perDevice === 0) return resolve();
      for (const m of this.members) {
        let left = perDevice;
        const pump = (err?: Error) => {
          if (err) return reject(new Error(`device ${m.device.id}: ${err.message}`));
          while (m.inFlight < this.window && left > 0) {
            left--;
            this.send(m, pump);
          }
          if (left === 0 && m.inFlight === 0 && --pendingDevices === 0) resolve();
        };
        pump();
      }
    });
    try {
      await Promise.race([finished, guard.failed]);
    } finally {
      guard.done();
    }
    return { acked: this.totalAcked() - ackedBefore, seconds: (performance.now() - start) / 1000 };
  }

  /**
   * Publishes about `perSecond` readings a second in all, round-robin over the devices, each within
   * its window. When the broker cannot keep up the windows fill and the rate drops to what it
   * acknowledges (the backlog owed is capped at one full set of windows, not banked forever).
   */
  startRate(perSecond: number, tickMs = 5): RateLoad {
    const start = performance.now();
    const ackedBefore = this.totalAcked();
    const guard = this.watch(() => this.totalAcked());
    const cap = this.members.length * this.window;
    let issued = 0;
    let cursor = 0;
    let limitedTicks = 0;
    let ticks = 0;
    let asyncError: Error | undefined;
    const onAck = (err?: Error) => {
      if (err) asyncError ??= err;
    };
    const timer = setInterval(() => {
      ticks++;
      const due = Math.floor((perSecond * (performance.now() - start)) / 1000);
      if (due - issued > cap) issued = due - cap;
      let scanned = 0;
      while (issued < due && scanned < this.members.length) {
        const m = this.members[cursor]!;
        cursor = (cursor + 1) % this.members.length;
        if (m.inFlight < this.window) {
          this.send(m, onAck);
          issued++;
          scanned = 0;
        } else scanned++;
      }
      if (issued < due) limitedTicks++;
    }, tickMs);
    return {
      acked: () => this.totalAcked() - ackedBefore,
      failed: guard.failed,
      stop: async () => {
        clearInterval(timer);
        let check: NodeJS.Timeout | undefined;
        const drained = new Promise<void>((resolve) => {
          check = setInterval(() => this.inFlight() === 0 && resolve(), 10);
        });
        try {
          await Promise.race([drained, guard.failed]);
        } finally {
          clearInterval(check);
          guard.done();
        }
        if (asyncError) throw asyncError;
        const seconds = (performance.now() - start) / 1000;
        return {
          acked: this.totalAcked() - ackedBefore,
          seconds,
          windowLimited: ticks === 0 ? 0 : limitedTicks / ticks,
        };
      },
    };
  }
}
