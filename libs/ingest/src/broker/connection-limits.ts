export type AdmitVerdict =
  { ok: true } | { ok: false; reason: 'too_many_connections' | 'too_many_connections_per_ip' };

/**
 * Open connections in total and per client address (an `addressKey`), over the MQTT listeners
 * together (TCP and WebSocket). `admit` before anything is read from a new socket; `release` once
 * when it closes. Memory: one entry per address with connections open.
 */
export class ConnectionLimits {
  private total = 0;
  private readonly perAddress = new Map<string, number>();

  constructor(
    readonly maxTotal: number,
    readonly maxPerAddress: number,
  ) {}

  get open(): number {
    return this.total;
  }

  /** Connections open from `address` now. */
  from(address: string): number {
    return this.perAddress.get(address) ?? 0;
  }

  admit(address: string): AdmitVerdict {
    if (this.total >= this.maxTotal) return { ok: false, reason: 'too_many_connections' };
    const current = this.from(address);
    if (current >= this.maxPerAddress) return { ok: false, reason: 'too_many_connections_per_ip' };
    this.total++;
    this.perAddress.set(address, current + 1);
    return { ok: true };
  }

  release(address: string): void {
    const current = this.perAddress.get(address);
    if (current === undefined) return;
    this.total--;
    if (current <= 1) this.perAddress.delete(address);
    else this.perAddress.set(address, current - 1);
  }
}
