/**
 * At most one log line per `intervalMs` for a recurring problem: `take(now)` says whether to log
 * now and how many occurrences were left unlogged since the last line.
 */
export class LogThrottle {
  private lastAt = Number.NEGATIVE_INFINITY;
  private suppressed = 0;

  constructor(private readonly intervalMs = 10_000) {}

  take(now: number): { log: true; suppressed: number } | { log: false } {
    if (now - this.lastAt < this.intervalMs) {
      this.suppressed += 1;
      return { log: false };
    }
    const suppressed = this.suppressed;
    this.lastAt = now;
    this.suppressed = 0;
    return { log: true, suppressed };
  }
}
