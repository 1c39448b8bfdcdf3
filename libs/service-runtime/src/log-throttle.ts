/** The key that stands for every new key while the table is full of live ones. */
export const OVERFLOW_KEY = '\u0000overflow';

/**
 * Lets a repeated log line through once per key per window, counting the rest, so one broken
 * device sending 100 bad messages a second cannot bury the log (the metrics still count each).
 *
 * The table is bounded by `maxKeys`. When it is full, windows that have ended are swept out (at
 * most once per window, so a full table costs no sweep per line); when it is still full, a new key
 * shares one overflow entry with every other new key: a flood of distinct keys — from many
 * addresses at once — then adds one line per window, not one per key, and never clears the
 * windows of the keys already held. Keys should still be ones a client cannot mint at will
 * (a reason and a source address, not a user name the client chose).
 *
 * One recurring problem with no key of its own (the alert service's malformed uplinks, its MQTT
 * errors) passes a constant key: one line per window, with the count held back since the last.
 */
export class LogThrottle {
  private readonly seen = new Map<string, { until: number; suppressed: number }>();
  private nextSweep = 0;

  constructor(
    private readonly windowMs = 60_000,
    private readonly maxKeys = 10_000,
  ) {}

  /** Keys held now (bounded by maxKeys + 1). */
  get size(): number {
    return this.seen.size;
  }

  /** Returns the number suppressed since the last pass-through, or undefined to stay quiet. */
  pass(key: string, now: number): number | undefined {
    if (!this.seen.has(key) && this.seen.size >= this.maxKeys) {
      this.sweep(now);
      if (this.seen.size >= this.maxKeys) key = OVERFLOW_KEY;
    }
    const entry = this.seen.get(key);
    if (entry && entry.until > now) {
      entry.suppressed++;
      return undefined;
    }
    this.seen.set(key, { until: now + this.windowMs, suppressed: 0 });
    return entry?.suppressed ?? 0;
  }

  private sweep(now: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + this.windowMs;
    for (const [key, entry] of this.seen) if (entry.until <= now) this.seen.delete(key);
  }
}
