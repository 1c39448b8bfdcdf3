import { hostname } from 'node:os';
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import type { IngestPipeline } from '../pipeline/ingest-pipeline';
import type { StoredMessage } from '../sinks/series-point';
import { uplinkPayload, type UplinkPublisher } from '../uplink/uplink-publisher';

export interface ExternalBrokerOptions {
  url: string;
  subscriptions: string[];
  /** Stable across restarts so the broker keeps our persistent session (QoS 1 queued while we are away). */
  clientId?: string;
  username?: string;
  password?: string;
  logger: Logger;
}

/**
 * `MQTT_URL` mode: the broker (Mosquitto, EMQX …) authenticates devices and enforces its ACL; the
 * gateway subscribes as a client with a persistent session and acknowledges each QoS 1 message
 * only once it is durable, so a gateway restart loses nothing the broker delivered.
 */
export class ExternalBrokerReader implements UplinkPublisher {
  private client: MqttClient | undefined;
  /**
   * A second connection for the uplink: mqtt.js handles incoming packets one at a time, so a PUBACK
   * for a publish made from inside `handleMessage` on the same connection would never be read.
   */
  private uplink: MqttClient | undefined;
  private pipeline: IngestPipeline | undefined;

  constructor(private readonly options: ExternalBrokerOptions) {}

  attach(pipeline: IngestPipeline): void {
    this.pipeline = pipeline;
  }

  async start(): Promise<void> {
    const { url, logger } = this.options;
    const clientId = this.options.clientId ?? `campus-gateway-${hostname()}`;
    this.uplink = await this.connect(`${clientId}-uplink`, true);
    const client = await this.connect(clientId, false, (c) => {
      c.handleMessage = (packet, callback) => {
        if (packet.cmd !== 'publish') return callback();
        void this.onPublish(packet).then(
          () => callback(),
          (err: unknown) => callback(err as Error),
        );
      };
    });
    this.client = client;
    await client.subscribeAsync(
      Object.fromEntries(this.options.subscriptions.map((t) => [t, { qos: 1 as const }])),
    );
    logger.info(
      { url, clientId, subscriptions: this.options.subscriptions },
      'reading devices from external MQTT broker',
    );
  }

  private async connect(
    clientId: string,
    clean: boolean,
    prepare?: (client: MqttClient) => void,
  ): Promise<MqttClient> {
    const { url, logger } = this.options;
    const client = mqtt.connect(url, {
      clientId,
      clean,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      ...(this.options.username === undefined ? {} : { username: this.options.username }),
      ...(this.options.password === undefined ? {} : { password: this.options.password }),
    });
    prepare?.(client);
    client.on('error', (err) =>
      logger.error({ url, clientId, err: err.message }, 'external MQTT broker error'),
    );
    client.on('offline', () =>
      logger.warn({ url, clientId }, 'external MQTT broker unreachable; reconnecting'),
    );
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        client.end(true);
        reject(new Error(`cannot connect to MQTT_URL ${url} within 10 s: is the broker running?`));
      }, 10_000);
      client.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    return client;
  }

  async publish(messages: readonly StoredMessage[]): Promise<void> {
    const client = this.uplink;
    if (!client) throw new Error('external broker not connected');
    await Promise.all(
      messages.map((m) => {
        const { topic, payload } = uplinkPayload(m);
        return client.publishAsync(topic, payload, { qos: 1 });
      }),
    );
  }

  async stop(): Promise<void> {
    await this.client?.endAsync();
    await this.uplink?.endAsync();
  }

  private async onPublish(packet: IPublishPacket): Promise<void> {
    const pipeline = this.pipeline;
    if (!pipeline) throw new Error('gateway not ready');
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    // Refusals and drops are counted by the pipeline; they are still acknowledged, since resending
    // them would not make them acceptable.
    await pipeline.handle(packet.topic, payload, undefined);
  }
}
