import type { Logger } from 'pino';
import type { GatewayMetrics, RefusalReason } from '../metrics/gateway-metrics';
import type { DurableWriter } from '../outbox/durable-writer';
import type { UplinkPublisher } from '../uplink/uplink-publisher';
import type { StoredMessage } from '../sinks/series-point';
import { LogThrottle } from '@campus/service-runtime';
import type { MessageRouter } from './message-router';
import { PublishGate } from './publish-gate';

export type PublishVerdict =
  /** Stored durably (or nothing to store): acknowledge. */
  | { type: 'accepted' }
  /** Dropped and counted: acknowledge, but forward to no subscriber. */
  | { type: 'dropped' }
  | { type: 'refused'; reason: RefusalReason; detail: string };

/**
 * Telemetry publishes being stored and forwarded at once, at most (see PublishGate): a few write
 * batches' worth (BATCH_MAX_POINTS defaults to 1000), enough to keep the store busy, small enough
 * that a reading never queues for long.
 */
export const DEFAULT_MAX_TELEMETRY_IN_FLIGHT = 4000;

/** What the broker knows of a PUBLISH besides topic and payload. */
export interface PublishInfo {
  /** QoS 0 telemetry may be shed under overload (counted); QoS 1 waits. Default 1. */
  qos?: number;
  /** The connection's client id: the unit of fairness under overload. Default the publisher. */
  clientId?: string;
}

/**
 * One device message end to end: count, route and decode, refuse or drop with a reason, or make
 * it durable and forward it to the alert service. Shared by the embedded broker and the
 * external-broker reader, so both behave the same.
 *
 * Two lanes: a publish that carries an event or an availability change (an alarm) goes straight
 * through; telemetry passes the PublishGate first, so under any load of readings the alarm finds
 * no queue in front of it here. Storing and forwarding run side by side: the alert service sees an
 * alarm without waiting for the time-series write, and the PUBLISH is acknowledged once both are
 * done.
 */
export class IngestPipeline {
  private readonly throttle = new LogThrottle();
  private readonly decodedChildren = new Map<string, { inc(): void }>();
  readonly gate: PublishGate;

  constructor(
    private readonly router: MessageRouter,
    private readonly writer: DurableWriter,
    private readonly uplink: UplinkPublisher,
    private readonly metrics: GatewayMetrics,
    private readonly logger: Logger,
    gate?: PublishGate,
  ) {
    this.gate = gate ?? new PublishGate(DEFAULT_MAX_TELEMETRY_IN_FLIGHT);
    metrics.watchGate(this.gate);
  }

  /**
   * @param refusal the broker's topic ACL verdict when it refused the PUBLISH (embedded broker);
   *   the message is still counted as received.
   */
  async handle(
    topic: string,
    payload: Uint8Array,
    publisher: string | undefined,
    refusal?: { reason: RefusalReason; detail: string },
    info: PublishInfo = {},
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
        for (const m of outcome.messages) this.decodedCounter(outcome.protocol, m.message.kind).inc();
        if (outcome.messages.length === 0) return { type: 'accepted' };
        if (outcome.messages.some((m) => m.message.kind !== 'reading')) {
          await this.storeAndForward(outcome.messages);
          return { type: 'accepted' };
        }
        return this.throughGate(outcome.messages, info.clientId ?? publisher ?? '', info.qos ?? 1);
      }
    }
  }

  /** prom-client hashes the labels on every `inc`; the labelled children are kept instead. */
  private decodedCounter(protocol: string, kind: string): { inc(): void } {
    const key = `${protocol}\u0000${kind}`;
    let child = this.decodedChildren.get(key);
    if (!child) {
      child = this.metrics.decoded.labels(protocol, kind);
      this.decodedChildren.set(key, child);
    }
    return child;
  }

  private async throughGate(messages: StoredMessage[], client: string, qos: number): Promise<PublishVerdict> {
    if (qos === 0 && this.gate.full) {
      // QoS 0 carries no promise of delivery: under overload it is shed, counted, and never queued.
      this.metrics.shed.inc({ reason: 'overload' }, messages.length);
      return { type: 'dropped' };
    }
    const admission = this.gate.enter(client);
    if (admission) await admission;
    try {
      await this.storeAndForward(messages);
    } finally {
      this.gate.leave();
    }
    return { type: 'accepted' };
  }

  private async storeAndForward(messages: StoredMessage[]): Promise<void> {
    await Promise.all([this.writer.accept(messages), this.uplink.publish(messages)]);
    this.metrics.uplinkPublished.inc(messages.length);
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
