import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { Gb26875Deframer, normalizePeerAddress, type DeframeOutcome } from '@campus/device-protocols';
import type { LogThrottle } from '@campus/service-runtime';
import type { Gb26875FrameHandler, PeerRef } from './gb26875-frame-handler';
import { DEFRAME_SLICE_BYTES, GarbageBudget, type Gb26875Limits } from './gb26875-limits';
import type { Gb26875CloseReason, Gb26875Metrics } from './gb26875-metrics';

/** A partial frame older than this is given up (a false `@@` in noise); transmitters resend within 10 s. */
export const STALL_MS = 5_000;

export interface Gb26875ConnectionOptions {
  socket: Socket;
  handler: Gb26875FrameHandler;
  metrics: Gb26875Metrics;
  logger: Logger;
  /** Connection-level log lines (drops), once a minute per peer address. */
  throttle: LogThrottle;
  /** No valid frame for this long closes the connection (the panel goes offline). */
  idleTimeoutMs: number;
  limits: Gb26875Limits;
  /** Whether a closing connection may announce its panels offline (false while the gateway stops). */
  announceOffline: () => boolean;
}

/**
 * One transmitter's TCP connection: bytes → deframer → the handler, one outcome at a time and in
 * order, each reply written when the handler returns it. What it holds is bounded whatever the
 * peer does (docs/protocol.md, "Limits"):
 *
 * - input waits in a queue of at most `maxPendingInputBytes`, then the socket is paused;
 * - it is deframed `DEFRAME_SLICE_BYTES` at a time, so a read of garbage yields few outcomes at once;
 * - a reply `socket.write()` cannot take at once stops everything (reading paused) until `drain`;
 *   a peer that does not read for `writeStuckMs` is dropped (`slow_reader`);
 * - too many refused outcomes in a row, or too many bytes without an accepted frame, drop the
 *   peer (`garbage`).
 *
 * Closes after `idleTimeoutMs` without a valid frame; gives up a partial frame after `STALL_MS`.
 */
export class Gb26875Connection implements PeerRef {
  readonly peer: string;
  readonly address: string | undefined;
  private readonly deframer = new Gb26875Deframer();
  private readonly budget: GarbageBudget;
  /** Received, not yet deframed. */
  private readonly input: Buffer[] = [];
  private inputBytes = 0;
  /** Deframed from the current slice, not yet handled. */
  private outcomes: DeframeOutcome[] = [];
  private next = 0;
  private pumping: Promise<void> | undefined;
  /** Set while waiting for `drain`. */
  private writeBlocked = false;
  private dropped = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private stallTimer: NodeJS.Timeout | undefined;
  /** Settles once the connection is closed and its panels are marked offline. */
  readonly done: Promise<void>;

  constructor(private readonly options: Gb26875ConnectionOptions) {
    const { socket } = options;
    this.address = normalizePeerAddress(socket.remoteAddress);
    this.peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    this.budget = new GarbageBudget(options.limits);
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 60_000);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (err) =>
      options.logger.debug({ peer: this.peer, err: err.message }, 'GB/T 26875.3 socket error'),
    );
    this.done = new Promise((resolve) => socket.once('close', () => resolve(this.onClose())));
    this.resetIdle();
  }

  /** Ends the connection (idempotent). */
  destroy(): void {
    this.options.socket.destroy();
  }

  /** Closes the connection for `reason`: counted once, logged (throttled per peer address) when `detail` says why. */
  drop(reason: Gb26875CloseReason, detail?: string): void {
    if (this.dropped || this.options.socket.destroyed) return;
    this.dropped = true;
    this.options.metrics.closed.inc({ reason });
    if (detail !== undefined) {
      const suppressed = this.options.throttle.pass(`${reason}:${this.address}`, Date.now());
      if (suppressed !== undefined) {
        this.options.logger.warn(
          { peer: this.peer, reason, detail, suppressed },
          `GB/T 26875.3 connection from ${this.peer} dropped (${reason}): ${detail}`,
        );
      }
    }
    this.destroy();
  }

  private receive(chunk: Buffer): void {
    if (this.options.socket.destroyed) return;
    this.input.push(chunk);
    this.inputBytes += chunk.length;
    if (this.inputBytes >= this.options.limits.maxPendingInputBytes) this.options.socket.pause();
    this.kick();
  }

  private kick(): void {
    this.pumping ??= this.pump().finally(() => (this.pumping = undefined));
  }

  /** Handles outcomes one at a time, deframing the next slice of input when they run out. */
  private async pump(): Promise<void> {
    const { socket, limits } = this.options;
    while (!socket.destroyed) {
      const outcome = this.outcomes[this.next];
      if (outcome) {
        this.next++;
        await this.process(outcome);
        continue;
      }
      const slice = this.takeSlice();
      if (!slice) break;
      const over = this.budget.received(slice.length);
      if (over) return this.drop('garbage', over);
      this.outcomes = this.deframer.push(slice);
      this.next = 0;
      this.armStall();
    }
    if (!socket.destroyed && !this.writeBlocked && this.inputBytes < limits.maxPendingInputBytes)
      socket.resume();
  }

  private takeSlice(): Buffer | undefined {
    const head = this.input[0];
    if (!head) return undefined;
    if (head.length <= DEFRAME_SLICE_BYTES) {
      this.input.shift();
      this.inputBytes -= head.length;
      return head;
    }
    this.input[0] = head.subarray(DEFRAME_SLICE_BYTES);
    this.inputBytes -= DEFRAME_SLICE_BYTES;
    return head.subarray(0, DEFRAME_SLICE_BYTES);
  }

  private async process(outcome: DeframeOutcome): Promise<void> {
    const { socket, handler, logger } = this.options;
    if (outcome.type === 'frame') this.resetIdle();
    try {
      const result = await handler.handle(outcome, this);
      if (socket.destroyed) return; // nobody to answer: the transmitter resends on its next connection
      if (result.close) return this.drop(result.close);
      if (result.accepted) {
        this.budget.accepted();
      } else {
        const over = this.budget.refused();
        if (over) return this.drop('garbage', over);
      }
      if (result.reply) await this.write(result.reply);
    } catch (err) {
      // Not durable, so not confirmed: the transmitter resends after its timeout.
      logger.warn(
        { peer: this.peer, err: (err as Error).message },
        'GB/T 26875.3 frame not stored; no 确认 sent',
      );
    }
  }

  /**
   * Writes a reply, respecting `socket.write()`: when it asks to wait, reading stops until `drain`,
   * and a peer that does not read for `writeStuckMs` is dropped.
   */
  private async write(reply: Uint8Array): Promise<void> {
    const { socket, limits } = this.options;
    if (socket.write(reply)) return;
    this.writeBlocked = true;
    socket.pause();
    await new Promise<void>((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        socket.off('drain', finish);
        socket.off('close', finish);
        resolve();
      };
      const timer = setTimeout(() => {
        finish();
        this.drop(
          'slow_reader',
          `${socket.writableLength} reply bytes unread for ${limits.writeStuckMs} ms (a transmitter reads each 确认)`,
        );
      }, limits.writeStuckMs);
      socket.once('drain', finish);
      socket.once('close', finish);
    });
    this.writeBlocked = false;
  }

  private resetIdle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.pumping) return this.resetIdle(); // busy with its frames (or its store): not idle
      this.options.metrics.idleTimeouts.inc();
      this.options.logger.info(
        { peer: this.peer, idleMs: this.options.idleTimeoutMs },
        'GB/T 26875.3 connection silent too long; closing it',
      );
      this.destroy();
    }, this.options.idleTimeoutMs);
  }

  /** Watches the partial frame held now; if it is still the same one after STALL_MS, skip its start. */
  private armStall(): void {
    if (this.stallTimer || this.deframer.pendingBytes === 0) return;
    const since = this.deframer.pendingSince;
    this.stallTimer = setTimeout(() => {
      this.stallTimer = undefined;
      const stalled =
        this.deframer.pendingBytes > 0 && this.deframer.pendingSince === since && this.inputBytes === 0;
      if (stalled && !this.pumping) {
        this.outcomes = this.deframer.resync();
        this.next = 0;
        this.armStall(); // what is left may be a partial frame of its own
        this.kick();
      } else {
        this.armStall();
      }
    }, STALL_MS);
  }

  private async onClose(): Promise<void> {
    clearTimeout(this.idleTimer);
    clearTimeout(this.stallTimer);
    this.input.length = 0;
    this.inputBytes = 0;
    await this.pumping;
    this.outcomes = [];
    try {
      await this.options.handler.closed(this, this.options.announceOffline());
    } catch (err) {
      this.options.logger.warn(
        { peer: this.peer, err: (err as Error).message },
        'could not store the panel going offline',
      );
    }
  }
}
