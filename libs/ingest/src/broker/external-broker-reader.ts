import { hostname } from 'node:os';
import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import type { IngestPipeline } from '../pipeline/ingest-pipeline';
import type { StoredMessage } from '../sinks/series-point';
import type { MessageIds } from '../uplink/message-ids';
import { uplinkPayload, type UplinkPublisher } from '../uplink/uplink-publisher';
import { DurableSubscriber } from './durable-subscriber';
import { loadClientTls, type ClientTlsFiles, type ClientTlsOptions } from './tls-material';

export interface ExternalBrokerOptions {
  url: string;
  subscriptions: string[];
  /** Stable across restarts so the broker keeps our persistent session (QoS 1 queued while we are away). */
  clientId?: string;
  username?: string;
  password?: string;
  /** `mqtts://` only: MQTT_CA_FILE (a private CA) and MQTT_CLIENT_CERT_FILE/MQTT_CLIENT_KEY_FILE. */
  tls?: ClientTlsFiles;
  /** Ids for the uplink messages it publishes (GATEWAY_ID); none when absent. */
  messageIds?: MessageIds;
  logger: Logger;
}

/**
 * `MQTT_URL` mode: the broker (Mosquitto, EMQX …) authenticates devices and enforces its ACL; the
 * gateway subscribes as a client with a persistent session and acknowledges each QoS 1 message
 * only once it is durable, so a gateway restart loses nothing the broker delivered.
 */
export class ExternalBrokerReader implements UplinkPublisher {
  private subscriber: DurableSubscriber | undefined;
  /** Publishes the uplink (mqtt.js: it only sends here, so its one-at-a-time reading does not matter). */
  private uplink: MqttClient | undefined;
  private pipeline: IngestPipeline | undefined;

  constructor(private readonly options: ExternalBrokerOptions) {}

  attach(pipeline: IngestPipeline): void {
    this.pipeline = pipeline;
  }

  async start(): Promise<void> {
    const { url, logger } = this.options;
    const clientId = this.options.clientId ?? `campus-gateway-${hostname()}`;
    const { secure, ...target } = parseBrokerUrl(url);
    // Read (and checked) before connecting: an unreadable file is an operator error, not a retry.
    const tls: ClientTlsOptions = secure ? loadClientTls(this.options.tls) : {};
    this.uplink = await this.connect(`${clientId}-uplink`, true, tls);
    this.subscriber = new DurableSubscriber({
      ...target,
      ...(secure ? { tls } : {}),
      clientId,
      ...(this.options.username === undefined ? {} : { username: this.options.username }),
      ...(this.options.password === undefined ? {} : { password: this.options.password }),
      subscriptions: this.options.subscriptions,
      onMessage: (topic, payload) => this.onPublish(topic, payload),
      logger,
    });
    await this.subscriber.start();
    logger.info(
      { url, clientId, subscriptions: this.options.subscriptions },
      'reading devices from external MQTT broker',
    );
  }

  private async connect(clientId: string, clean: boolean, tls: ClientTlsOptions): Promise<MqttClient> {
    const { url, logger } = this.options;
    const client = mqtt.connect(url, {
      ...tls,
      clientId,
      clean,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      ...(this.options.username === undefined ? {} : { username: this.options.username }),
      ...(this.options.password === undefined ? {} : { password: this.options.password }),
    });
    let lastError: string | undefined;
    client.on('error', (err) => {
      lastError = err.message;
      logger.error({ url, clientId, err: err.message }, 'external MQTT broker error');
    });
    client.on('offline', () =>
      logger.warn({ url, clientId }, 'external MQTT broker unreachable; reconnecting'),
    );
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        client.end(true);
        // e.g. a TLS failure: "self-signed certificate in certificate chain" wants MQTT_CA_FILE
        const cause = lastError === undefined ? 'is the broker running?' : `last error: ${lastError}`;
        reject(new Error(`cannot connect to MQTT_URL ${url} within 10 s (${cause})`));
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
        const { topic, payload } = uplinkPayload(m, this.options.messageIds?.next());
        return client.publishAsync(topic, payload, { qos: 1 });
      }),
    );
  }

  async stop(): Promise<void> {
    await this.subscriber?.stop();
    await this.uplink?.endAsync();
  }

  private async onPublish(topic: string, payload: Buffer): Promise<void> {
    const pipeline = this.pipeline;
    if (!pipeline) throw new Error('gateway not ready');
    // Refusals and drops are counted by the pipeline and still acknowledged: resending them would
    // not make them acceptable.
    await pipeline.handle(topic, payload, undefined);
  }
}

/**
 * `mqtt://host:port` (plain MQTT over TCP, default port 1883) or `mqtts://host:port` (MQTT over
 * TLS, default 8883; the server's certificate is verified, docs/operations.md).
 */
export function parseBrokerUrl(url: string): { host: string; port: number; secure: boolean } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(
      `MQTT_URL ${JSON.stringify(url)} is not a URL: use mqtt://host:1883 or mqtts://host:8883`,
    );
  }
  const secure = parsed.protocol === 'mqtts:' || parsed.protocol === 'ssl:' || parsed.protocol === 'tls:';
  if (!secure && parsed.protocol !== 'mqtt:' && parsed.protocol !== 'tcp:') {
    throw new Error(
      `MQTT_URL must be mqtt://host:port (MQTT over TCP) or mqtts://host:port (MQTT over TLS), not ${parsed.protocol}//`,
    );
  }
  // URL keeps IPv6 literals in brackets; sockets want them bare
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  return { host, port: parsed.port ? Number(parsed.port) : secure ? 8883 : 1883, secure };
}
