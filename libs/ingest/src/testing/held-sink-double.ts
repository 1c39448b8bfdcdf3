import type { StoredMessage } from '../sinks/series-point';
import type { TimeSeriesSink } from '../sinks/time-series-sink';

/**
 * Test seam around a real sink: while held, writes wait (neither stored nor failed), so a test can
 * watch what the gateway does before a frame is durable. Everything else goes straight through.
 */
export class HeldSink implements TimeSeriesSink {
  readonly name: string;
  /** Writes that reached this sink (held or not). */
  writesStarted = 0;
  private gate: Promise<void> | undefined;
  private release: (() => void) | undefined;

  constructor(private readonly inner: TimeSeriesSink) {
    this.name = inner.name;
  }

  hold(): void {
    this.gate ??= new Promise((resolve) => (this.release = resolve));
  }

  letGo(): void {
    this.release?.();
    this.gate = undefined;
  }

  init(): Promise<void> {
    return this.inner.init();
  }
  async write(batch: readonly StoredMessage[]): Promise<void> {
    this.writesStarted++;
    await this.gate;
    return this.inner.write(batch);
  }
  queryTelemetry(...args: Parameters<TimeSeriesSink['queryTelemetry']>) {
    return this.inner.queryTelemetry(...args);
  }
  queryEvents(...args: Parameters<TimeSeriesSink['queryEvents']>) {
    return this.inner.queryEvents(...args);
  }
  queryStatus(...args: Parameters<TimeSeriesSink['queryStatus']>) {
    return this.inner.queryStatus(...args);
  }
  countPoints(device: string) {
    return this.inner.countPoints(device);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
