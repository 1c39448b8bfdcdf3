import type { UplinkMessage } from '@campus/device-protocols';
import type { StoredMessage } from '../sinks/series-point';
import { toUplinkMessage } from './uplink-payload';
import type { UplinkPublisher } from './uplink-publisher';

/** Takes decoded messages in the alert service; resolves once they are handled. */
export type UplinkConsumer = (messages: readonly UplinkMessage[]) => Promise<void>;

/**
 * The uplink in one process (the all-in-one): messages go straight to the alert service's intake,
 * with no broker, serialisation or second parse between. The consumer is attached once the alert
 * service runs; messages published before that wait for it (their PUBLISH stays unacknowledged,
 * which holds the device back), so nothing decoded while the service starts is lost.
 */
export class DirectUplink implements UplinkPublisher {
  private consumer: UplinkConsumer | undefined;
  private waiters: (() => void)[] = [];

  attach(consumer: UplinkConsumer): void {
    this.consumer = consumer;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  async publish(messages: readonly StoredMessage[]): Promise<void> {
    if (messages.length === 0) return;
    if (!this.consumer) await new Promise<void>((resolve) => this.waiters.push(resolve));
    await this.consumer!(messages.map(toUplinkMessage));
  }
}
