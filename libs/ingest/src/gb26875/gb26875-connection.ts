import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { Gb26875Deframer, type DeframeOutcome } from '@campus/device-protocols';
import type { Gb26875FrameHandler, PeerRef } from './gb26875-frame-handler';
import type { Gb26875Metrics } from './gb26875-metrics';

/** A partial frame older than this is given up (a false `@@` in noise); transmitters resend within 10 s. */
export const STALL_MS = 5_000;
/** Outcomes queued before the socket stops being read (a transmitter waits for each 确认 anyway). */
const PAUSE_AT = 32;

export interface Gb26875ConnectionOptions {
  socket: Socket;
  handler: Gb26875FrameHandler;
  metrics: Gb26875Metrics;
  logger: Logger;
  /** No valid frame for this long closes the connection (the panel goes offline). */
  idleTimeoutMs: number;
  /** Whether a closing connection may announce its panels offline (false while the gateway stops). */
  announceOffline: () => boolean;
}

/**
 * One transmitter's TCP connection: bytes → deframer → the handler, one outcome at a time and in
 * order, each reply written when the handler returns it. Closes after `idleTimeoutMs` without a
 * valid frame; gives up a partial frame after `STALL_MS`.
 */
export class Gb26875Connection implements PeerRef {
  readonly peer: string;
  private readonly deframer = new Gb26875Deframer();
  private chain: Promise<void> = Promise.resolve();
  private queued = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private stallTimer: NodeJS.Timeout | undefined;
  /** Settles once the connection is closed and its panels are marked offline. */
  readonly done: Promise<void>;

  constructor(private readonly options: Gb26875ConnectionOptions) {
    const { socket } = options;
    this.peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 60_000);
    socket.on('data', (chunk: Buffer) => this.enqueue(this.deframer.push(chunk)));
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

  private enqueue(outcomes: DeframeOutcome[]): void {
    this.armStall();
    for (const outcome of outcomes) {
      if (outcome.type === 'frame') this.resetIdle();
      this.queued++;
      if (this.queued >= PAUSE_AT) this.options.socket.pause();
      this.chain = this.chain.then(() => this.process(outcome));
    }
  }

  private async process(outcome: DeframeOutcome): Promise<void> {
    const { socket, handler, logger } = this.options;
    try {
      if (socket.destroyed) return; // nobody to answer: the transmitter resends on its next connection
      const reply = await handler.handle(outcome, this);
      if (reply && !socket.destroyed) socket.write(reply);
    } catch (err) {
      // Not durable, so not confirmed: the transmitter resends after its timeout.
      logger.warn(
        { peer: this.peer, err: (err as Error).message },
        'GB/T 26875.3 frame not stored; no 确认 sent',
      );
    } finally {
      this.queued--;
      if (this.queued < PAUSE_AT / 4 && socket.isPaused()) socket.resume();
    }
  }

  private resetIdle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
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
      if (this.deframer.pendingBytes > 0 && this.deframer.pendingSince === since)
        this.enqueue(this.deframer.resync());
      else this.armStall();
    }, STALL_MS);
  }

  private async onClose(): Promise<void> {
    clearTimeout(this.idleTimer);
    clearTimeout(this.stallTimer);
    await this.chain;
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
