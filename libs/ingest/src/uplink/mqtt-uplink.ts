import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import type { StoredMessage } from '../sinks/series-point';
import { loadClientTls, type ClientTlsFiles } from '../broker/tls-material';
import { parseBrokerUrl } from '../broker/external-broker-reader';
import { MessageIds } from './message-ids';
import { toUplinkMessage } from './uplink-payload';
import { uplinkTopic } from '@campus/device-protocols';
import { laneOf, UplinkJournal, type UplinkLane, type UplinkRecord } from './uplink-journal';
import type { UplinkPublisher } from './uplink-publisher';

export interface MqttUplinkOptions {
  /** UPLINK_URL: the central MQTT 5 broker, `mqtt://` or `mqtts://`. */
  url: string;
  username?: string;
  password?: string;
  /** GATEWAY_ID: names the session (`campus-gateway-<id>`) and prefixes every message id. */
  gatewayId: string;
  /** The journal's folder (DATA_DIR/uplink) and its bound in bytes. */
  dir: string;
  maxBytes: number;
  /** `mqtts://` only: MQTT_CA_FILE, MQTT_CLIENT_CERT_FILE, MQTT_CLIENT_KEY_FILE. */
  tls?: ClientTlsFiles;
  /** The gateway's id source (default: one of its own for `gatewayId`). */
  ids?: MessageIds;
  logger: Logger;
}

/** What the uplink reports for /metrics and the health page. */
export interface UplinkStatus {
  connected: boolean;
  /** Messages journalled and not yet acknowledged by the central broker, per lane. */
  backlog: Record<UplinkLane, number>;
  journalBytes: number;
  /** Telemetry dropped at the journal's bound since start (never alarms). */
  droppedTelemetry: number;
  forwarded: number;
}

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

const DROP_LOG_INTERVAL_MS = 10_000;

/**
 * Store-and-forward to a central broker (UPLINK_URL; docs/deployment.md, "Edge gateways"). A
 * device's message is acknowledged once it is in the journal on disk; a sender then forwards the
 * journal to the central broker over a persistent MQTT 5 session, QoS 1, alarms before telemetry,
 * and removes a batch once every message of it is acknowledged. A WAN outage or a gateway restart
 * therefore loses nothing; a message may arrive twice after a crash, with the same `id`, which the
 * alert service counts once.
 */
export class MqttUplink implements UplinkPublisher {
  private client: MqttClient | undefined;
  private readonly pending: Record<UplinkLane, UplinkRecord[]> = { alarm: [], telemetry: [] };
  private waiters: Waiter[] = [];
  private flushScheduled = false;
  private flushing: Promise<void> | undefined;
  private readonly ids: MessageIds;
  private wake: (() => void) | undefined;
  private stopped = false;
  private dropped = 0;
  private forwarded = 0;
  private lastDropLog = 0;
  /** Topics the gateway reads from the central broker (its registry feed, its commands), with their handlers. */
  private readonly follows = new Map<string, (payload: Buffer, topic: string) => void>();

  private constructor(
    private readonly options: MqttUplinkOptions,
    private readonly journal: UplinkJournal,
  ) {
    this.ids = options.ids ?? new MessageIds(options.gatewayId);
  }

  /** Opens the journal (what a previous run left is sent first); call `start` to connect. */
  static async open(options: MqttUplinkOptions): Promise<MqttUplink> {
    parseBrokerUrl(options.url); // a wrong URL stops the start, with how to write it
    return new MqttUplink(options, await UplinkJournal.open(options.dir, options.maxBytes));
  }

  /** Connects (in the background: a gateway starts while its WAN link is down) and starts sending. */
  start(): void {
    const { url, gatewayId, logger } = this.options;
    const { secure } = parseBrokerUrl(url);
    const clientId = `campus-gateway-${gatewayId}`;
    const client = mqtt.connect(url, {
      ...(secure ? loadClientTls(this.options.tls) : {}),
      clientId,
      protocolVersion: 5,
      clean: false,
      // the session outlives a WAN outage of a week; the journal covers longer ones
      properties: { sessionExpiryInterval: 7 * 24 * 3600 },
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      ...(this.options.username === undefined ? {} : { username: this.options.username }),
      ...(this.options.password === undefined ? {} : { password: this.options.password }),
    });
    this.client = client;
    client.on('connect', () => {
      logger.info({ url, clientId, backlog: this.journal.depth() }, 'uplink connected to the central broker');
      // on every connect: a retained message (the registry feed) comes again, and is ignored if not newer
      for (const topic of this.follows.keys()) this.subscribe(client, topic);
      this.kick();
    });
    client.on('message', (topic, payload) => {
      const handler = this.handlerOf(topic);
      // the broker's ACL lets this account read its own topics only; anything else is not acted on
      if (handler === undefined)
        return logger.warn({ topic }, 'message on a topic the uplink does not follow: ignored');
      handler(payload, topic);
    });
    client.on('offline', () =>
      logger.warn(
        { url, clientId, backlog: this.journal.depth() },
        'central broker unreachable; journalling the uplink',
      ),
    );
    client.on('error', (err) => logger.error({ url, clientId, err: err.message }, 'uplink error'));
    void this.sendLoop();
  }

  /**
   * Reads `topic` from the central broker over this uplink's session (QoS 1; subscribed again on
   * every connect) and hands each message to `handler`: the gateway's registry feed, its commands.
   * `topic` is exact or ends in `/#`.
   */
  follow(topic: string, handler: (payload: Buffer, topic: string) => void): void {
    this.follows.set(topic, handler);
    if (this.client?.connected) this.subscribe(this.client, topic);
  }

  /**
   * Publishes on the central broker at once, QoS 1, outside the journal: a command's result is
   * worth nothing after its deadline, so it is not kept across a restart (mqtt.js still queues it
   * while the link is down).
   */
  async publishNow(topic: string, payload: string): Promise<void> {
    if (this.client === undefined) throw new Error('the uplink is not started');
    await this.client.publishAsync(topic, payload, { qos: 1 });
  }

  private handlerOf(topic: string): ((payload: Buffer, topic: string) => void) | undefined {
    const exact = this.follows.get(topic);
    if (exact !== undefined) return exact;
    for (const [filter, handler] of this.follows) {
      if (filter.endsWith('/#') && topic.startsWith(filter.slice(0, -1))) return handler;
    }
    return undefined;
  }

  private subscribe(client: MqttClient, topic: string): void {
    client.subscribe(topic, { qos: 1 }, (err, granted) => {
      const refused =
        err ?? (granted?.some((g) => g.qos >= 128) ? new Error('refused by the broker') : undefined);
      if (refused !== undefined)
        this.options.logger.error(
          { topic, err: refused.message },
          `cannot read ${topic} from the central broker: check this gateway's account in its ACL (npm run broker-config)`,
        );
    });
  }

  status(): UplinkStatus {
    return {
      connected: this.client?.connected ?? false,
      backlog: { alarm: this.journal.depth('alarm'), telemetry: this.journal.depth('telemetry') },
      journalBytes: this.journal.bytes,
      droppedTelemetry: this.dropped,
      forwarded: this.forwarded,
    };
  }

  /**
   * Resolves once the messages are in the journal on disk. Messages of one turn of the event loop
   * are appended together: one fsync per lane and turn, not one per message.
   */
  publish(messages: readonly StoredMessage[]): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    if (this.stopped)
      return Promise.reject(new Error('the gateway is shutting down; the device will resend'));
    return new Promise<void>((resolve, reject) => {
      for (const stored of messages) {
        this.pending[laneOf(stored)].push({ id: this.ids.next(), stored });
      }
      this.waiters.push({ resolve, reject });
      this.scheduleFlush();
    });
  }

  /** Journals what is pending, stops sending and closes the session; the journal is sent next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.flushing;
    if (this.pending.alarm.length + this.pending.telemetry.length > 0) await this.flush();
    this.kick();
    const client = this.client;
    // Forced: what is in flight is still in the journal, and waiting for a broker that is away would
    // hang. The send loop is not awaited: a batch in flight never settles once the client is gone.
    if (client) await client.endAsync(true);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.flushing) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flushing = this.flush().finally(() => {
        this.flushing = undefined;
        if (this.waiters.length > 0) this.scheduleFlush();
      });
    });
  }

  private async flush(): Promise<void> {
    const { alarm, telemetry } = this.pending;
    const waiters = this.waiters;
    this.pending.alarm = [];
    this.pending.telemetry = [];
    this.waiters = [];
    try {
      await this.journal.append('alarm', alarm);
      const dropped = await this.journal.append('telemetry', telemetry);
      if (dropped.messages > 0) this.noteDropped(dropped.messages);
      for (const w of waiters) w.resolve();
    } catch (err) {
      for (const w of waiters) w.reject(err);
    }
    this.kick();
  }

  private noteDropped(messages: number): void {
    this.dropped += messages;
    const now = Date.now();
    if (now - this.lastDropLog < DROP_LOG_INTERVAL_MS) return;
    this.lastDropLog = now;
    this.options.logger.warn(
      { droppedTelemetry: this.dropped, journalBytes: this.journal.bytes, maxBytes: this.options.maxBytes },
      'uplink journal full: oldest telemetry dropped (alarms are kept; the readings stay in the local store)',
    );
  }

  private kick(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve));
  }

  private async sendLoop(): Promise<void> {
    const client = this.client!;
    while (!this.stopped) {
      const lane = this.journal.nextLane();
      if (lane === undefined || !client.connected) {
        await this.idle();
        continue;
      }
      const entry = this.journal.oldest(lane)!;
      const records = await this.journal.read(lane, entry);
      try {
        // QoS 1 over a persistent session: what is in flight when the link drops is resent on reconnect
        await Promise.all(
          records.map((r) =>
            client.publishAsync(uplinkTopic(r.stored.org, r.stored.message), payloadOf(r), { qos: 1 }),
          ),
        );
      } catch (err) {
        if (this.stopped) return;
        this.options.logger.warn(
          { err: (err as Error).message, lane },
          'uplink batch not acknowledged; resending',
        );
        continue;
      }
      await this.journal.removeOldest(lane);
      this.forwarded += records.length;
    }
  }
}

/** The uplink message (docs/protocol.md, "Uplink") with the gateway's message id. */
function payloadOf({ id, stored }: UplinkRecord): Buffer {
  return Buffer.from(JSON.stringify({ ...toUplinkMessage(stored), id }));
}
