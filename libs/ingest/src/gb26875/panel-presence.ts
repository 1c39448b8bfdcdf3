/** How often a panel that stays connected is re-announced online (the alert service's silence watch is 5 min). */
export const REANNOUNCE_MS = 60_000;

interface Presence<C> {
  connection: C;
  /** Gateway time the panel was last announced online; undefined until the first announcement lands. */
  announcedAt: number | undefined;
}

/**
 * Which connection speaks for each panel. A transmitter that reconnects takes its panel over; when
 * the old connection later closes or times out, the panel stays online. Pure bookkeeping, no I/O.
 */
export class PanelPresence<C> {
  private readonly byDevice = new Map<string, Presence<C>>();

  get online(): number {
    return this.byDevice.size;
  }

  /**
   * Records that `device` spoke on `connection`; returns whether an online announcement is due
   * (new connection, never announced, or last announced over a minute ago).
   */
  claim(device: string, connection: C, now: number): boolean {
    const current = this.byDevice.get(device);
    if (!current || current.connection !== connection) {
      this.byDevice.set(device, { connection, announcedAt: undefined });
      return true;
    }
    return current.announcedAt === undefined || now - current.announcedAt >= REANNOUNCE_MS;
  }

  /** The connection that speaks for `device` now, if any. */
  holder(device: string): C | undefined {
    return this.byDevice.get(device)?.connection;
  }

  /** The announcement is durable: do not repeat it for a minute. */
  announced(device: string, connection: C, now: number): void {
    const current = this.byDevice.get(device);
    if (current?.connection === connection) current.announcedAt = now;
  }

  /** Every panel spoken for, with its connection. */
  held(): [device: string, connection: C][] {
    return [...this.byDevice].map(([device, presence]) => [device, presence.connection]);
  }

  /** Forgets `connection`; returns the panels it spoke for, which are now offline. */
  release(connection: C): string[] {
    const gone: string[] = [];
    for (const [device, presence] of this.byDevice) {
      if (presence.connection !== connection) continue;
      this.byDevice.delete(device);
      gone.push(device);
    }
    return gone;
  }
}
