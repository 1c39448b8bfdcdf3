/**
 * Per-connection bounds of the GB/T 26875.3 listener (docs/protocol.md, "Limits"). A transmitter
 * sends one frame and waits for its 确认 (the standard: ≤ 10 s, 3 tries), so it never comes near
 * any of them; a peer that does is not a transmitter and is dropped. Together they keep what one
 * connection holds bounded whatever the peer sends or fails to read.
 */
export interface Gb26875Limits {
  /**
   * Input bytes received and not yet deframed above which the socket is paused (TCP flow control
   * then holds the peer back). Frames are handled one at a time, so this fills while one is stored.
   */
  maxPendingInputBytes: number;
  /**
   * How long the connection may wait for a peer that does not read its replies (`socket.write()`
   * said to wait for `drain`; reading is paused meanwhile) before it is dropped (`slow_reader`).
   */
  writeStuckMs: number;
  /**
   * Refused outcomes in a row — noise, broken frames, unknown addresses, frames that do not decode —
   * with no accepted frame in between, after which the connection is dropped (`garbage`).
   */
  maxConsecutiveErrors: number;
  /** Bytes received since the last accepted frame after which the connection is dropped (`garbage`). */
  maxBytesWithoutFrame: number;
}

export const DEFAULT_GB26875_LIMITS: Readonly<Gb26875Limits> = {
  maxPendingInputBytes: 64 * 1024,
  writeStuckMs: 10_000,
  maxConsecutiveErrors: 64,
  maxBytesWithoutFrame: 64 * 1024,
};

/** Bytes handed to the deframer at a time, so that one read of garbage yields few outcomes at once. */
export const DEFRAME_SLICE_BYTES = 1024;

/**
 * Counts what a connection has sent since its last accepted frame; says when that is too much.
 * Pure bookkeeping.
 */
export class GarbageBudget {
  private errors = 0;
  private bytes = 0;

  constructor(
    private readonly limits: Pick<Gb26875Limits, 'maxConsecutiveErrors' | 'maxBytesWithoutFrame'>,
  ) {}

  /** An accepted frame: start over. */
  accepted(): void {
    this.errors = 0;
    this.bytes = 0;
  }

  /** Bytes received; returns a reason once over budget. */
  received(bytes: number): string | undefined {
    this.bytes += bytes;
    return this.bytes > this.limits.maxBytesWithoutFrame
      ? `${this.bytes} bytes without an accepted frame (limit ${this.limits.maxBytesWithoutFrame})`
      : undefined;
  }

  /** A refused outcome; returns a reason once over budget. */
  refused(): string | undefined {
    this.errors++;
    return this.errors > this.limits.maxConsecutiveErrors
      ? `${this.errors} refused frames or noise in a row (limit ${this.limits.maxConsecutiveErrors})`
      : undefined;
  }
}
