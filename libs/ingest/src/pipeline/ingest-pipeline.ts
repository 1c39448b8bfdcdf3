import type { Logger } from 'pino';
import type { GatewayMetrics, RefusalReason } from '../metrics/gateway-metrics';
import type { DurableWriter } from '../outbox/durable-writer';
import type { UplinkPublisher } from '../uplink/uplink-publisher';
import { LogThrottle } from './log-throttle';
import type { MessageRouter } from './message-router';

export type PublishVerdict =
  /** Stored durably (or nothing to store): acknowledge. */
  | { type: 'accepted' }
  /** Dropped and counted: acknowledge, but forward to no subscriber. */
  | { type: 'dropped' }
  | { type: 'refused'; reason: RefusalReason; detail: string };

/**
 * One device message end to end: count, route and decode, refuse or drop with a reason, or make
 * it durable and forward it to the alert service. Shared by the embedded broker and the
 * external-broker reader, so both behave the same.
 */
export class IngestPipeline {
  private readonly throttle = new LogThrottle();

  constructor(
    private readonly router: MessageRouter,
    private readonly writer: DurableWriter,
    private readonly uplink: UplinkPublisher,
    private readonly metrics: GatewayMetrics,
    private readonly logger: Logger,
  ) {}

  /**
   * @param refusal the broker's topic ACL verdict when it refused the PUBLISH (embedded broker);
   *   the message is still counted as received.
   */
  async handle(
    topic: string,
    payload: Uint8Array,
    publisher: string | undefined,
    refusal?: { reason: RefusalReason; detail: string },
  ): Promise<PublishVerdict> {
    const now = Date.now();
    this.metrics.received.inc();
    if (refusal) {
      this.refused(refusal.reason, refusal.detail, publisher, topic, now);
      return { type: 'refused', ...refusal };
    }
    const outcome = this.router.route(topic, payload, now);
    switch (outcome.type) {
      case 'not_device_traffic':
        return { type: 'accepted' };
      case 'refused':
        this.refused(outcome.reason, outcome.detail, publisher, topic, now);
        return { type: 'refused', reason: outcome.reason, detail: outcome.detail };
      case 'malformed': {
        this.metrics.malformed.inc({ reason: outcome.reason });
        const suppressed = this.throttle.pass(`malformed:${publisher}:${outcome.reason}`, now);
        if (suppressed !== undefined) {
          this.logger.warn(
            {
              publisher,
              topic,
              reason: outcome.reason,
              detail: outcome.detail,
              bytes: payload.length,
              suppressed,
            },
            'malformed payload dropped',
          );
        }
        return { type: 'dropped' };
      }
      case 'decoded': {
        if (outcome.ignored !== undefined) {
          this.metrics.ignored.inc({ reason: 'undeclared_device' });
          const suppressed = this.throttle.pass(`ignored:${publisher}:${outcome.ignored}`, now);
          if (suppressed !== undefined) this.logger.info({ publisher, topic, suppressed }, outcome.ignored);
        } else if (outcome.messages.length === 0) {
          this.metrics.ignored.inc({ reason: 'nothing_to_store' });
        }
        for (const m of outcome.messages)
          this.metrics.decoded.inc({ protocol: outcome.protocol, kind: m.message.kind });
        await this.writer.accept(outcome.messages);
        if (outcome.messages.length > 0) {
          await this.uplink.publish(outcome.messages);
          this.metrics.uplinkPublished.inc(outcome.messages.length);
        }
        return { type: 'accepted' };
      }
    }
  }

  /** Counts and logs a refusal decided outside the router (CONNECT, SUBSCRIBE, topic ACL). */
  refused(
    reason: RefusalReason,
    detail: string,
    publisher: string | undefined,
    topic: string | undefined,
    now = Date.now(),
  ): void {
    this.metrics.refused.inc({ reason });
    const suppressed = this.throttle.pass(`refused:${publisher}:${reason}`, now);
    if (suppressed !== undefined)
      this.logger.warn({ publisher, topic, reason, detail, suppressed }, 'refused');
  }
}
