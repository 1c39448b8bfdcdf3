import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { TelemetrySource } from '../devices/simulator-runtime';

export interface TelemetrySchedulerOptions {
  /** Telemetry messages per second across the whole fleet. */
  rate: number;
  sources: readonly TelemetrySource[];
  /** Monotonic ms; injectable for tests. */
  clock?: () => number;
}

const MIN_TICK_MS = 10;
const MAX_TICK_MS = 250;

/**
 * Spreads `rate` messages per second over the fleet, round-robin, so every device reports at about
 * `rate / sources` per second. Sources that are offline are passed over, not queued for later.
 */
export class TelemetryScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = false;
  private budget = 0;
  private lastTick = 0;
  private cursor = 0;
  private readonly clock: () => number;
  private readonly tickMs: number;

  constructor(private readonly options: TelemetrySchedulerOptions) {
    this.clock = options.clock ?? (() => performance.now());
    this.lastTick = this.clock();
    this.tickMs = Math.min(
      MAX_TICK_MS,
      Math.max(MIN_TICK_MS, options.rate > 0 ? 1000 / options.rate : MAX_TICK_MS),
    );
  }

  start(): void {
    if (this.running || this.stopped || this.options.rate <= 0 || this.options.sources.length === 0) return;
    this.running = true;
    this.lastTick = this.clock();
    this.schedule();
  }

  stop(): void {
    this.running = false;
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Publishes what is due since the last tick; exported for tests that drive the clock. */
  async tick(): Promise<number> {
    const now = this.clock();
    const { rate } = this.options;
    // At most one second of backlog: after a stall the fleet catches up, it does not flood.
    this.budget = Math.min(Math.max(rate, 1), this.budget + ((now - this.lastTick) / 1000) * rate);
    this.lastTick = now;
    let sent = 0;
    while (this.budget >= 1 && !this.stopped) {
      this.budget -= 1;
      const source = this.nextReadySource();
      if (!source) {
        this.budget = 0;
        break;
      }
      source.reportTelemetry();
      sent++;
      await yieldToEventLoop();
    }
    return sent;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      void this.tick().then(() => {
        if (this.running) this.schedule();
      });
    }, this.tickMs);
  }

  private nextReadySource(): TelemetrySource | undefined {
    const { sources } = this.options;
    for (let tried = 0; tried < sources.length; tried++) {
      const source = sources[this.cursor % sources.length];
      this.cursor = (this.cursor + 1) % sources.length;
      if (source?.canReport) return source;
    }
    return undefined;
  }
}
