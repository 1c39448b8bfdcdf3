import type { UplinkMessage } from '@campus/device-protocols';
import type { Trigger } from '../domain/trigger';

const MAX_KEPT = 1000;

/**
 * The triggers of uplink messages whose handling failed retryably, by message content, so that the
 * broker's redelivery hands over the same triggers instead of running the stateful rules again.
 * Bounded: the oldest entry goes first (its redelivery is then evaluated afresh).
 */
export class TriggerRetries {
  private readonly kept = new Map<string, Trigger[]>();

  get size(): number {
    return this.kept.size;
  }

  keyOf(msg: UplinkMessage): string {
    return JSON.stringify(msg);
  }

  take(key: string): Trigger[] | undefined {
    const triggers = this.kept.get(key);
    this.kept.delete(key);
    return triggers;
  }

  keep(key: string, triggers: Trigger[]): void {
    this.kept.set(key, triggers);
    if (this.kept.size > MAX_KEPT) {
      const oldest = this.kept.keys().next();
      if (!oldest.done) this.kept.delete(oldest.value);
    }
  }
}
