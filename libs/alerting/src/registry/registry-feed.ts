import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import {
  documentForGateway,
  registryTopic,
  type RegistryFeedMessage,
  type SitesSource,
} from '@campus/device-protocols';
import type { RegistryStore, SitesDocument } from './registry-store';

/** One retained message of the registry feed: a gateway's part of one registry version. */
export interface FeedMessage {
  gateway: string;
  topic: string;
  payload: string;
}

/**
 * The registry feed of one version (docs/protocol.md, "The registry feed"): for each gateway of
 * `gateways:`, its schools' part of the document on its own topic. Pure.
 */
export function registryFeedMessages(document: SitesDocument, version: number): FeedMessage[] {
  const gateways = Array.isArray(document['gateways']) ? (document['gateways'] as unknown[]) : [];
  return gateways.flatMap((entry) => {
    const id = (entry as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') return [];
    const part = documentForGateway(document, id);
    if (part === undefined) return [];
    const message: RegistryFeedMessage = { v: 1, version, gateway: id, document: part };
    return [{ gateway: id, topic: registryTopic(id), payload: JSON.stringify(message) }];
  });
}

export interface RegistryFeedOptions {
  store: Pick<RegistryStore, 'read'>;
  /** The process's live sites: each replacement is a new version to publish. */
  source: SitesSource;
  /** Publishes retained, QoS 1, on the central broker; resolves once the broker has it. */
  publish: (topic: string, payload: string) => Promise<void>;
  logger: Logger;
}

/**
 * Publishes the registry feed: the current version at start and every version after (read from
 * the store, so the document carries hashes only). Versions that come while one is published are
 * coalesced into the newest. Replicas publishing the same version is harmless: a gateway takes a
 * version once, and never an older one.
 */
export class RegistryFeedPublisher {
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private unfollow: (() => void) | undefined;

  constructor(private readonly options: RegistryFeedOptions) {}

  start(): void {
    this.unfollow = this.options.source.onChange(() => this.kick());
    this.kick();
  }

  /** Publishes the current version (again): after a reconnect to a broker that lost what it kept. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.publishCurrent().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unfollow?.();
    await this.running;
  }

  private async publishCurrent(): Promise<void> {
    const { store, publish, logger } = this.options;
    try {
      const { version, document } = await store.read();
      if (document === undefined) return;
      const messages = registryFeedMessages(document, version);
      await Promise.all(messages.map((m) => publish(m.topic, m.payload)));
      if (messages.length > 0) logger.info({ version, gateways: messages.length }, 'registry feed published');
    } catch (err) {
      if (!this.stopped)
        logger.error({ err }, 'registry feed not published; the next version (or reconnect) retries');
    }
  }
}

/**
 * The feed's own session on the central broker (the alert service's account), connected only once
 * the registry names a gateway. Returns the feed and how to close it.
 */
export function startRegistryFeed(options: {
  url: string;
  username: string;
  password: string;
  clientId: string;
  store: Pick<RegistryStore, 'read'>;
  source: SitesSource;
  logger: Logger;
}): { stop(): Promise<void> } {
  const { url, logger } = options;
  let client: MqttClient | undefined;
  const connect = (): MqttClient => {
    if (client) return client;
    const connected = mqtt.connect(url, {
      username: options.username,
      password: options.password,
      clientId: options.clientId,
      clean: true,
      protocolVersion: 4,
      reconnectPeriod: 1000,
      reconnectOnConnackError: true,
    });
    connected.on('error', (err) => logger.warn({ err: err.message }, 'registry feed: central broker error'));
    // retained messages survive a broker restart only with persistence: publish again on each connect
    connected.on('connect', () => feed.kick());
    client = connected;
    return connected;
  };
  const feed = new RegistryFeedPublisher({
    store: options.store,
    source: options.source,
    publish: async (topic, payload) => {
      await connect().publishAsync(topic, payload, { qos: 1, retain: true });
    },
    logger,
  });
  // no gateways, no session: an alert service reading a gateway's own broker never publishes here
  const hasGateways = () => options.source.current.gateways.length > 0;
  if (hasGateways()) connect();
  const unfollow = options.source.onChange(() => {
    if (hasGateways()) connect();
  });
  feed.start();
  return {
    stop: async () => {
      unfollow();
      await feed.stop();
      await client?.endAsync(true);
    },
  };
}
