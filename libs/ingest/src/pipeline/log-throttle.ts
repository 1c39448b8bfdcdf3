/**
 * Lets a repeated log line through once per key per window, counting the rest, so one broken
 * device sending 100 bad messages a second cannot bury the log (the metrics still count each).
 */
export class LogThrottle {
  private readonly seen = new Map<string, { until: number; suppressed: number }>();

  constructor(
    private readonly windowMs = 60_000,
    private readonly maxKeys = 10_000,
  ) {}

  /** Returns the number suppressed since the last pass-through, or undefined to stay quiet. */
  pass(key: string, now: number): number | undefined {
    const entry = this.seen.get(key);
    if (entry && entry.until > now) {
      entry.suppressed++;
      return undefined;
    }
    if (this.seen.size >= this.maxKeys) this.seen.clear();
    this.seen.set(key, { until: now + this.windowMs, suppressed: 0 });
    return entry?.suppressed ?? 0;
  }
}
