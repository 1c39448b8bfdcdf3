import type { UplinkMessage } from '@campus/device-protocols';

/** Handles one batch of uplink messages received at `now`; resolving means every one is handled. */
export type UplinkBatchHandler = (messages: readonly UplinkMessage[], now: number) => Promise<void>;

/** Which lane a message travels: events and availability are alarms, readings are telemetry. */
export function isAlarmLane(msg: Pick<UplinkMessage, 'kind'>): boolean {
  return msg.kind !== 'reading';
}

export interface IntakeLanesOptions {
  handler: UplinkBatchHandler;
  /** Receive time given to the handler. Default `Date.now`. */
  clock?: () => number;
  /** At most this many messages per handler call in the telemetry lane. Default 2000. */
  maxTelemetryBatch?: number;
}

interface Waiting {
  messages: readonly UplinkMessage[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Counters since start, for `/metrics` and tests. */
export interface IntakeLaneStats {
  alarms: number;
  readings: number;
  batches: number;
  failed: number;
  /** Messages waiting in each lane now. */
  queuedAlarms: number;
  queuedReadings: number;
}

/**
 * One FIFO lane: whatever queued while the previous batch was handled goes to the handler as the
 * next batch (group commit), so a burst costs one rule pass and one database round trip, not one
 * per message.
 */
class Lane {
  private waiting: Waiting[] = [];
  private queued = 0;
  private running = false;

  constructor(
    private readonly handle: (messages: UplinkMessage[]) => Promise<void>,
    private readonly maxBatch: number,
    /** Yield to the event loop before each batch after the first (see IntakeLanes). */
    private readonly yieldBetween: boolean,
  ) {}

  get depth(): number {
    return this.queued;
  }

  push(messages: readonly UplinkMessage[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ messages, resolve, reject });
      this.queued += messages.length;
      if (!this.running) void this.run();
    });
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      let first = true;
      while (this.waiting.length > 0) {
        if (this.yieldBetween && !first) await new Promise<void>((resolve) => setImmediate(resolve));
        first = false;
        const taken: Waiting[] = [];
        const batch: UplinkMessage[] = [];
        // A single publish larger than maxBatch still goes whole: its waiter resolves once.
        while (
          this.waiting.length > 0 &&
          (batch.length === 0 || batch.length + this.waiting[0]!.messages.length <= this.maxBatch)
        ) {
          const next = this.waiting.shift()!;
          taken.push(next);
          for (const m of next.messages) batch.push(m);
        }
        this.queued -= batch.length;
        try {
          await this.handle(batch);
          for (const w of taken) w.resolve();
        } catch (err) {
          for (const w of taken) w.reject(err);
        }
      }
    } finally {
      this.running = false;
    }
  }
}

/**
 * The alert service's in-process intake (the all-in-one): the gateway hands decoded messages
 * straight to it, no broker between. Two lanes, each with its own loop, so an alarm never waits
 * behind a backlog of readings: events and availability changes go through the alarm lane, readings
 * through the telemetry lane. `deliver` resolves once every message it carried is handled (alerts
 * opened and pushed), which is when the gateway acknowledges the device's PUBLISH; a rejection
 * leaves the PUBLISH unacknowledged, so the device sends it again.
 */
export class IntakeLanes {
  private readonly alarms: Lane;
  private readonly telemetry: Lane;
  private readonly counters = { alarms: 0, readings: 0, batches: 0, failed: 0 };
  private stopped = false;

  constructor(private readonly options: IntakeLanesOptions) {
    const clock = options.clock ?? Date.now;
    const run = async (messages: UplinkMessage[]) => {
      this.counters.batches += 1;
      try {
        await options.handler(messages, clock());
      } catch (err) {
        this.counters.failed += messages.length;
        throw err;
      }
    };
    // Alarms are few and each one matters now: no cap on the batch beyond what queued, no pause.
    this.alarms = new Lane(run, Number.MAX_SAFE_INTEGER, false);
    // Readings are handled without real I/O, so back-to-back batches would run as one long chain
    // of microtasks and starve the sockets (an alarm's among them) for hundreds of ms under load;
    // a macrotask boundary between batches lets them be read, and readings arriving meanwhile
    // join the next batch.
    this.telemetry = new Lane(run, options.maxTelemetryBatch ?? 2000, true);
  }

  get stats(): IntakeLaneStats {
    return {
      ...this.counters,
      queuedAlarms: this.alarms.depth,
      queuedReadings: this.telemetry.depth,
    };
  }

  /** Hands messages to their lanes; resolves when all are handled, rejects if any failed. */
  deliver(messages: readonly UplinkMessage[]): Promise<void> {
    if (this.stopped)
      return Promise.reject(new Error('the alert service is stopping; the device will resend'));
    if (messages.length === 0) return Promise.resolve();
    const alarms: UplinkMessage[] = [];
    const readings: UplinkMessage[] = [];
    for (const m of messages) (isAlarmLane(m) ? alarms : readings).push(m);
    this.counters.alarms += alarms.length;
    this.counters.readings += readings.length;
    const pushed: Promise<void>[] = [];
    if (alarms.length > 0) pushed.push(this.alarms.push(alarms));
    if (readings.length > 0) pushed.push(this.telemetry.push(readings));
    return pushed.length === 1 ? pushed[0]! : Promise.all(pushed).then(() => undefined);
  }

  /** Refuses new messages; what is queued is still handled by the lanes' loops. */
  stop(): void {
    this.stopped = true;
  }
}
