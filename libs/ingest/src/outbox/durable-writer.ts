import type { Logger } from 'pino';
import type { GatewayMetrics } from '../metrics/gateway-metrics';
import type { StoredMessage } from '../sinks/series-point';
import type { TimeSeriesSink } from '../sinks/time-series-sink';
import { OutboxJournal } from './outbox-journal';

export interface DurableWriterOptions {
  /** A batch is written when it has this many points … */
  maxPoints: number;
  /** … or when its oldest point has waited this long. */
  maxAgeMs: number;
  /** Backoff bounds while the sink is down. */
  retryMinMs?: number;
  retryMaxMs?: number;
  /**
   * Batches written to the sink at once (default 2). With one, the sink idles while its answer
   * waits behind socket reads on the event loop, the PUBACKs go out and the next batch is cut; with
   * two, the next batch is already waiting in the sink when the current one commits.
   */
  writesInFlight?: number;
}

interface Waiter {
  resolve: () => void;
}

interface Batch {
  batch: StoredMessage[];
  waiters: Waiter[];
}

interface InFlight {
  entry: Batch;
  /** Settles with whether the sink took the batch; never rejects. */
  written: Promise<boolean>;
  settled: boolean;
  ok: boolean;
}

/**
 * Gets every accepted message into the sink, in order, surviving sink outages and restarts.
 *
 * `accept()` resolves once the messages are durable — written to the sink, or appended to the
 * on-disk journal when the sink failed or older batches are still waiting there. The gateway
 * acknowledges a QoS 1 PUBLISH only then, so a crash loses nothing a device was told was received.
 * When the journal is at its bound, batches wait in memory unacknowledged: devices are held back
 * rather than data dropped.
 */
export class DurableWriter {
  private pending: StoredMessage[] = [];
  private pendingWaiters: Waiter[] = [];
  private ageTimer: NodeJS.Timeout | undefined;
  private cutScheduled = false;
  /** Batches cut from `pending`, not yet handed to the sink, in order. */
  private queue: Batch[] = [];
  /** Batches handed to the sink and not yet answered, oldest first. */
  private inFlight: InFlight[] = [];
  private readonly depth: number;
  /** Wakes the pump while it waits on a write: a batch was cut that may start now. */
  private kick: (() => void) | undefined;
  /** Alarms (events, availability) accepted and not yet written: they go before any telemetry. */
  private urgent: StoredMessage[] = [];
  private urgentWaiters: Waiter[] = [];
  private pumping = false;
  private pumpDone: Promise<void> = Promise.resolve();
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelay: number;
  private stopped = false;
  private fullSince: number | undefined;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly sink: TimeSeriesSink,
    private readonly journal: OutboxJournal,
    private readonly options: DurableWriterOptions,
    private readonly metrics: GatewayMetrics,
    private readonly logger: Logger,
  ) {
    this.retryDelay = options.retryMinMs ?? 100;
    this.depth = Math.max(1, options.writesInFlight ?? 2);
    this.updateGauges();
  }

  /** Starts draining what a previous run left in the journal. */
  start(): void {
    if (!this.journal.isEmpty) {
      this.logger.info(
        { points: this.journal.depth, batches: this.journal.batches },
        'outbox holds points from before the restart; draining them to the sink',
      );
    }
    this.pump();
  }

  accept(messages: readonly StoredMessage[]): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    if (this.stopped)
      return Promise.reject(new Error('the gateway is shutting down; the device will resend'));
    if (messages.some((m) => m.message.kind !== 'reading')) {
      return new Promise<void>((resolve) => {
        for (const m of messages) this.urgent.push(m);
        this.urgentWaiters.push({ resolve });
        // ahead of every batch not yet handed to the sink
        if (!this.pumping) this.pump();
        else this.wake();
      });
    }
    return new Promise<void>((resolve) => {
      for (const m of messages) this.pending.push(m);
      this.pendingWaiters.push({ resolve });
      if (this.pending.length >= this.options.maxPoints) this.cut();
      else if (this.inFlight.length + this.queue.length < this.depth) this.cutSoon();
      // While the sink has all the batches it may, points gather here and the pump cuts them as
      // soon as one is written (group commit); the age timer is only the upper bound on that wait.
      else this.ageTimer ??= setTimeout(() => this.cut(), this.options.maxAgeMs);
    });
  }

  /** Points accepted and not yet in the sink (in memory or in the journal). */
  get backlog(): number {
    return (
      this.urgent.length +
      this.pending.length +
      this.queue.reduce((n, q) => n + q.batch.length, 0) +
      this.inFlight.reduce((n, f) => n + f.entry.batch.length, 0) +
      this.journal.depth
    );
  }

  /** Resolves when everything accepted so far is in the sink (for tests and graceful stops). */
  whenDrained(): Promise<void> {
    if (this.backlog === 0 && !this.pumping) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Makes what is in memory durable (sink or journal), then stops. Journaled points drain on the
   * next start; anything that could not be made durable was never acknowledged and is resent.
   */
  async stop(): Promise<void> {
    this.cut();
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    await this.pumpDone;
    await this.journalQueued();
  }

  /**
   * The sink has room for another batch: write what arrived in this turn of the event loop at once.
   * Waiting for a timer here would cap a device's throughput, since aedes reads a connection's next packets only
   * after the current ones are acknowledged, and acknowledging waits for the write.
   */
  private cutSoon(): void {
    if (this.cutScheduled) return;
    this.cutScheduled = true;
    setImmediate(() => {
      this.cutScheduled = false;
      this.cut();
    });
  }

  private cut(): void {
    clearTimeout(this.ageTimer);
    this.ageTimer = undefined;
    if (this.pending.length === 0) return;
    this.queue.push({ batch: this.pending, waiters: this.pendingWaiters });
    this.pending = [];
    this.pendingWaiters = [];
    if (this.pumping) this.wake();
    else this.pump();
  }

  private wake(): void {
    const kick = this.kick;
    this.kick = undefined;
    kick?.();
  }

  private pump(): void {
    if (this.pumping || this.stopped) return;
    this.pumping = true;
    this.pumpDone = this.pumpLoop().finally(() => {
      this.pumping = false;
      this.updateGauges();
      if (this.queue.length === 0) this.clearFull(); // nothing is held back any more
      if (this.stopped) return;
      if (
        this.retryTimer === undefined &&
        (this.queue.length > 0 || this.urgent.length > 0 || !this.journal.isEmpty)
      )
        this.pump();
      else if (this.backlog === 0) this.notifyIdle();
    });
  }

  private async pumpLoop(): Promise<void> {
    for (;;) {
      if (this.retryTimer !== undefined || this.stopped) {
        // The sink is known to be down (or we are stopping): make new batches durable on disk and let
        // the retry timer (or the next start) take them to the sink.
        await this.settleInFlight();
        await this.journalQueued();
        return;
      }
      if (this.inFlight.length === 0 && !this.journal.isEmpty) {
        // what an outage left on disk goes first, one batch at a time, before anything newer
        if (this.urgent.length > 0) {
          const alarms = this.takeUrgent();
          this.launch(alarms);
          continue;
        }
        if (!(await this.drainOldest())) this.scheduleRetry();
        continue;
      }
      if (this.inFlight.length < this.depth && this.journal.isEmpty) {
        if (this.urgent.length > 0) {
          this.launch(this.takeUrgent());
          continue;
        }
        if (this.queue.length === 0 && this.pending.length > 0) this.cut();
        const next = this.queue.shift();
        if (next) {
          this.launch(next);
          continue;
        }
      }
      const oldest = this.inFlight[0];
      if (!oldest) return;
      if (!oldest.settled) {
        // the oldest write answering, or a batch cut meanwhile that may start now
        await Promise.race([oldest.written, new Promise<void>((resolve) => (this.kick = resolve))]);
        this.kick = undefined;
        continue;
      }
      this.inFlight.shift();
      if (oldest.ok) {
        for (const w of oldest.entry.waiters) w.resolve();
      } else {
        // first in line for the journal, and for the sink when it is back
        this.queue.unshift(oldest.entry);
        this.scheduleRetry();
      }
    }
  }

  private launch(entry: Batch): void {
    const flight: InFlight = { entry, written: Promise.resolve(false), settled: false, ok: false };
    flight.written = this.tryWrite(entry.batch).then((ok) => {
      flight.settled = true;
      flight.ok = ok;
      return ok;
    });
    this.inFlight.push(flight);
  }

  /**
   * Waits for every write in flight; those the sink took are acknowledged, the others go back to
   * the front of the queue in their order.
   */
  private async settleInFlight(): Promise<void> {
    const flights = this.inFlight;
    this.inFlight = [];
    const failed: Batch[] = [];
    for (const f of flights) {
      if (await f.written) for (const w of f.entry.waiters) w.resolve();
      else failed.push(f.entry);
    }
    if (failed.length > 0) this.queue.unshift(...failed);
  }

  private takeUrgent(): Batch {
    const taken = { batch: this.urgent, waiters: this.urgentWaiters };
    this.urgent = [];
    this.urgentWaiters = [];
    return taken;
  }

  /** Moves queued batches to the journal, acknowledging each once it is on disk. */
  private async journalQueued(): Promise<void> {
    if (this.urgent.length > 0) this.queue.unshift(this.takeUrgent());
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      const encoded = OutboxJournal.encode(next.batch);
      if (this.journal.wouldOverflow(encoded.length)) {
        this.markFull();
        this.scheduleRetry();
        return;
      }
      try {
        await this.journal.append(next.batch, encoded);
      } catch (err) {
        this.logger.error(
          { err, dir: this.journal.dir },
          'cannot write the outbox journal (disk full or not writable?); holding points in memory unacknowledged',
        );
        this.scheduleRetry();
        return;
      }
      this.queue.shift();
      for (const w of next.waiters) w.resolve();
      this.updateGauges();
    }
    this.clearFull();
  }

  private async drainOldest(): Promise<boolean> {
    const entry = this.journal.oldest();
    if (!entry) return true;
    let batch;
    try {
      batch = await this.journal.read(entry);
    } catch (err) {
      this.logger.error({ err, seq: entry.seq }, 'unreadable outbox batch skipped; its file is removed');
      await this.journal.removeOldest();
      return true;
    }
    if (!(await this.tryWrite(batch))) return false;
    await this.journal.removeOldest();
    this.updateGauges();
    return true;
  }

  private async tryWrite(batch: readonly StoredMessage[]): Promise<boolean> {
    const sink = this.sink.name;
    const end = this.metrics.writeLatency.startTimer({ sink });
    try {
      await this.sink.write(batch);
      end();
      this.metrics.pointsWritten.inc({ sink }, batch.length);
      if (this.retryDelay !== (this.options.retryMinMs ?? 100)) {
        this.logger.info(
          { sink, outbox: this.journal.depth },
          'time-series sink is back; draining the outbox',
        );
      }
      this.retryDelay = this.options.retryMinMs ?? 100;
      return true;
    } catch (err) {
      this.metrics.writeFailures.inc({ sink });
      this.logger.warn(
        { sink, err: (err as Error).message, points: batch.length, retryInMs: this.retryDelay },
        'time-series write failed; batch kept in the outbox',
      );
      return false;
    }
  }

  private scheduleRetry(): void {
    if (this.retryTimer !== undefined || this.stopped) return;
    const delay = this.retryDelay;
    this.retryDelay = Math.min(this.retryDelay * 2, this.options.retryMaxMs ?? 10_000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.pump();
    }, delay);
  }

  private markFull(): void {
    if (this.fullSince === undefined) {
      this.fullSince = Date.now();
      this.logger.error(
        { bytes: this.journal.bytes, maxBytes: this.journal.maxBytes },
        'outbox is full (OUTBOX_MAX_BYTES): new points are held unacknowledged until the sink recovers',
      );
    }
    this.metrics.outboxFull.set(1);
  }

  private clearFull(): void {
    if (this.fullSince === undefined) return;
    this.logger.info({ heldMs: Date.now() - this.fullSince }, 'outbox has room again');
    this.fullSince = undefined;
    this.metrics.outboxFull.set(0);
  }

  private updateGauges(): void {
    this.metrics.outboxDepth.set(this.journal.depth);
    this.metrics.outboxBytes.set(this.journal.bytes);
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
