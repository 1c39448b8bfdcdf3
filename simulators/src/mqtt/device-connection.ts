import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import type { PublishStats } from './publish-stats';

export interface WillMessage {
  topic: string;
  payload: string;
  qos: 0 | 1;
  retain: boolean;
}

export interface PublishOptions {
  qos: 0 | 1;
  retain?: boolean;
}

export interface ConnectionSettings {
  url: string;
  /** MQTT username: the device id (docs/protocol.md). */
  deviceId: string;
  password: string;
  will: WillMessage;
  /** Birth messages, sent on every (re)connect. */
  onOnline: () => void;
  /** Topics to subscribe to on every (re)connect (commands to actuators), and what to do with a message. */
  subscriptions?: { filter: string | string[]; onMessage: (topic: string, payload: Buffer) => void };
  /** A refused CONNACK (bad credentials…): the connection is given up, the rest of the fleet goes on. */
  onRefused: (reason: string) => void;
  stats: PublishStats;
  logger: Logger;
}

export type ConnectionState = 'connecting' | 'online' | 'offline' | 'refused' | 'dropped' | 'closed';

const CLIENT_ID_MAX = 23; // MQTT 3.1.1 servers need only accept 23-character client ids.

/**
 * One device's (or bridge's) MQTT session. Wraps mqtt.js so the rest of the simulator sees
 * states and channel-counted publishes, and can drop the socket without a DISCONNECT.
 */
export class DeviceConnection {
  private client: MqttClient | undefined;
  private currentState: ConnectionState = 'closed';
  private warnedUnreachable = false;

  constructor(private readonly settings: ConnectionSettings) {}

  get state(): ConnectionState {
    return this.currentState;
  }

  get isOnline(): boolean {
    return this.currentState === 'online' && this.client?.connected === true;
  }

  get deviceId(): string {
    return this.settings.deviceId;
  }

  /** Connects; resolves at the first outcome (online, refused, or the first network failure). */
  open(): Promise<void> {
    this.client?.removeAllListeners();
    this.currentState = 'connecting';
    const client = mqtt.connect(this.settings.url, this.clientOptions());
    this.client = client;
    return new Promise((resolve) => {
      client.on('connect', () => {
        this.currentState = 'online';
        if (this.warnedUnreachable) this.settings.logger.info({ device: this.deviceId }, 'reconnected');
        this.warnedUnreachable = false;
        this.settings.onOnline();
        const subscriptions = this.settings.subscriptions;
        if (subscriptions) client.subscribe(subscriptions.filter, { qos: 1 });
        resolve();
      });
      client.on('message', (topic, payload) => this.settings.subscriptions?.onMessage(topic, payload));
      client.on('error', (error) => {
        this.onError(client, error);
        resolve();
      });
      client.on('close', () => {
        if (this.currentState === 'online') this.currentState = 'offline';
        resolve();
      });
    });
  }

  publish(topic: string, payload: string, options: PublishOptions, channel: string): boolean {
    const client = this.client;
    if (!client || !this.isOnline) {
      this.settings.stats.countDropped();
      return false;
    }
    client.publish(topic, payload, { qos: options.qos, retain: options.retain ?? false }, (error) => {
      if (error)
        this.settings.logger.debug({ device: this.deviceId, topic, err: error.message }, 'publish failed');
      else this.settings.stats.count(channel);
    });
    return true;
  }

  /** Destroys the socket without DISCONNECT, so the broker publishes the will. */
  dropUngracefully(): void {
    if (!this.client) return;
    this.currentState = 'dropped';
    this.client.end(true);
  }

  /** Clean DISCONNECT: the broker discards the will. */
  async close(): Promise<void> {
    const client = this.client;
    if (!client) return;
    const wasConnected = client.connected;
    this.currentState = 'closed';
    await client.endAsync(!wasConnected);
    client.removeAllListeners();
  }

  private clientOptions(): IClientOptions {
    const suffix = Math.random().toString(36).slice(2, 8);
    return {
      clientId: `${this.deviceId.slice(0, CLIENT_ID_MAX - suffix.length - 1)}-${suffix}`,
      username: this.deviceId,
      password: this.settings.password,
      protocolVersion: 4,
      clean: true,
      keepalive: 30,
      connectTimeout: 10_000,
      reconnectPeriod: 2_000 + Math.floor(Math.random() * 1_000),
      // A simulator that is offline should lose its readings, not replay a burst of stale ones.
      queueQoSZero: false,
      will: { ...this.settings.will, payload: Buffer.from(this.settings.will.payload) },
    };
  }

  private onError(client: MqttClient, error: Error & { code?: string | number }): void {
    const { logger } = this.settings;
    if (typeof error.code === 'number') {
      // mqtt.js has already suppressed reconnects for a refused CONNACK; make sure nothing lingers.
      this.currentState = 'refused';
      client.end(true);
      logger.warn({ device: this.deviceId, reason: error.message }, 'connection refused by broker');
      this.settings.onRefused(error.message);
      return;
    }
    const log = this.warnedUnreachable ? logger.debug.bind(logger) : logger.warn.bind(logger);
    this.warnedUnreachable = true;
    log({ device: this.deviceId, reason: error.message }, 'cannot reach broker; retrying');
  }
}
