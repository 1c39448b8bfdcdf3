import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import { LogThrottle } from '@campus/service-runtime';
import { firstConnect, subscribeUplink } from './first-connect';
import { isRetryableError } from './retryable';
import { parseUplinkPayload } from './uplink-message.schema';
import {
  DEFAULT_RECONNECT_PERIOD_MS,
  DEFAULT_START_TIMEOUT_MS,
  defaultIntakeClientId,
  type UplinkIntakeOptions,
  type UplinkIntakeStats,
} from './uplink-intake-options';

/** Why a publish was left unacknowledged (mqtt.js then sends no PUBACK). */
type Verdict = { ack: true } | { ack: false; reason: string };

/**
 * The alert service's end of the uplink: a persistent MQTT session (clean: false, QoS 1) on
 * `platform/v1/uplink/#` as the gateway's service account. Messages are handled one at a time
 * and each PUBACK is sent only after the handler resolved, so a crash between receipt and handling
 * loses nothing: the broker redelivers to the session. Delivery is at least once — a crash after
 * handling but before the PUBACK hands the message over again.
 *
 * - malformed payloads are acknowledged, counted and logged (throttled): they never block the queue;
 * - a handler failure judged retryable (database down) is left unacknowledged and the connection
 *   dropped, so the broker redelivers it (and what followed it) on the reconnect a second later;
 * - any other handler failure is logged, counted and acknowledged.
 *
 * The handler may be called before `start()` resolves (the broker sends what the session kept as
 * soon as it accepts the connection).
 */
export class UplinkIntake {
  readonly clientId: string;
  private client: MqttClient | undefined;
  private readonly counters: UplinkIntakeStats = {
    received: 0,
    handled: 0,
    malformed: 0,
    failed: 0,
    deferred: 0,
  };
  private readonly malformedLog: LogThrottle;
  private readonly errorLog = new LogThrottle(10_000);
  /** Set after a retryable failure until the next connection: later packets are left for redelivery. */
  private draining = false;
  private stopping = false;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(private readonly options: UplinkIntakeOptions) {
    this.clientId = options.clientId ?? defaultIntakeClientId();
    this.malformedLog = new LogThrottle(options.malformedLogIntervalMs ?? 10_000);
  }

  get stats(): UplinkIntakeStats {
    return { ...this.counters };
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  /** Connects and subscribes; resolves once the subscription is granted at QoS 1. */
  async start(): Promise<void> {
    if (this.client) throw new Error('uplink intake already started');
    const { url, username, password, logger } = this.options;
    this.stopping = false;
    this.draining = false;
    const client = mqtt.connect(url, {
      username,
      password,
      clientId: this.clientId,
      clean: false,
      protocolVersion: 4,
      reconnectPeriod: this.options.reconnectPeriodMs ?? DEFAULT_RECONNECT_PERIOD_MS,
      reconnectOnConnackError: true,
    });
    client.handleMessage = (packet, done) => {
      this.inFlight = this.receive(packet).then((v) => (v.ack ? done() : done(new Error(v.reason))));
    };
    this.client = client;
    this.watch(client);
    try {
      await firstConnect(client, {
        url,
        username,
        timeoutMs: this.options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
      });
      await subscribeUplink(client, { url, username }, this.options.subscriptions);
    } catch (err) {
      this.client = undefined;
      await client.endAsync(true);
      throw err;
    }
    logger.info({ url, clientId: this.clientId }, 'uplink intake subscribed');
  }

  /** Finishes the message in hand (its PUBACK included), then disconnects; the session stays on the broker. */
  async stop(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.stopping = true;
    await this.inFlight;
    await client.endAsync();
    this.client = undefined;
    this.options.logger.info({ clientId: this.clientId }, 'uplink intake stopped');
  }

  private async receive(packet: IPublishPacket): Promise<Verdict> {
    if (this.stopping || this.draining) return { ack: false, reason: 'left for redelivery' };
    const now = (this.options.clock ?? Date.now)();
    this.counters.received += 1;
    const parsed = parseUplinkPayload(packet.payload);
    if (!parsed.ok) {
      this.counters.malformed += 1;
      const suppressed = this.malformedLog.pass('malformed', now);
      if (suppressed !== undefined)
        this.options.logger.warn(
          {
            topic: packet.topic,
            reason: parsed.reason,
            suppressed,
            total: this.counters.malformed,
          },
          'malformed uplink payload acknowledged and dropped',
        );
      return { ack: true };
    }
    try {
      await this.options.handler(parsed.message, now);
      this.counters.handled += 1;
      return { ack: true };
    } catch (err) {
      return this.failed(err, packet.topic);
    }
  }

  private failed(err: unknown, topic: string): Verdict {
    const { logger } = this.options;
    if (!(this.options.isRetryable ?? isRetryableError)(err)) {
      this.counters.failed += 1;
      logger.error({ err, topic }, 'uplink handler failed; message acknowledged and dropped');
      return { ack: true };
    }
    this.counters.deferred += 1;
    logger.warn({ err, topic }, 'uplink handler failed retryably; reconnecting for redelivery');
    this.draining = true;
    // Unacknowledged QoS 1 messages are redelivered only on a new connection (MQTT 3.1.1 §4.4).
    this.client?.stream.destroy();
    return { ack: false, reason: 'handler failed retryably' };
  }

  private watch(client: MqttClient): void {
    const { logger } = this.options;
    client.on('connect', (connack) => {
      this.draining = false;
      logger.debug({ sessionPresent: connack.sessionPresent }, 'uplink intake connected');
    });
    client.on('offline', () => logger.warn({ url: this.options.url }, 'uplink intake offline; reconnecting'));
    client.on('error', (err) => {
      const suppressed = this.errorLog.pass('mqtt-error', Date.now());
      if (suppressed !== undefined)
        logger.error({ err: err.message, suppressed }, 'uplink intake MQTT error');
    });
  }
}
