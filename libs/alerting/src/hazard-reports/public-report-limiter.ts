/**
 * Fixed-window counters for the public reporting link (docs/alerting.md "Hazard reports"): at
 * most `perAddress` reports per client address (IPv6 by /64, `addressKey`) and `perSchool` per
 * school in one window. In this process's memory: with several replicas each counts its own share.
 * The table is bounded: past `maxKeys` the oldest window is forgotten.
 */
export class PublicReportLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limits: { perAddress: number; perSchool: number; windowMs: number },
    private readonly maxKeys = 10_000,
  ) {}

  /**
   * Counts one attempt of `address` at `school`; `{ ok: false, retryAfterSeconds }` when either
   * limit is reached (the refused attempt is not counted against the school).
   */
  admit(
    address: string,
    school: string,
    now: number = Date.now(),
  ): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const byAddress = this.take(`a:${address}`, this.limits.perAddress, now);
    if (!byAddress.ok) return byAddress;
    return this.take(`s:${school}`, this.limits.perSchool, now);
  }

  private take(
    key: string,
    limit: number,
    now: number,
  ): { ok: true } | { ok: false; retryAfterSeconds: number } {
    let w = this.windows.get(key);
    if (w === undefined || now - w.start >= this.limits.windowMs) {
      this.windows.delete(key);
      w = { start: now, count: 0 };
      this.windows.set(key, w);
      if (this.windows.size > this.maxKeys) {
        const oldest = this.windows.keys().next().value;
        if (oldest !== undefined) this.windows.delete(oldest);
      }
    }
    if (w.count >= limit) {
      return {
        ok: false,
        retryAfterSeconds: Math.max(1, Math.ceil((w.start + this.limits.windowMs - now) / 1000)),
      };
    }
    w.count += 1;
    return { ok: true };
  }
}
