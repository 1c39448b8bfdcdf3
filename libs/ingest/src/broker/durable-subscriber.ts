import { connect, isIP, type Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions } from 'node:tls';
import type { Logger } from 'pino';
import { generate, parser, type IPublishPacket, type Packet } from 'mqtt-packet';

export interface DurableSubscriberOptions {
  host: string;
  port: number;
  clientId: string;
  username?: string;
  password?: string;
  subscriptions: string[];
  keepaliveSeconds?: number;
  /** MQTT over TLS (`mqtts://`): the server is verified (`ca`), a client certificate optional. */
  tls?: ConnectionOptions;
  /** Called for every PUBLISH; the PUBACK goes out when it resolves (or never, when it rejects). */
  onMessage(topic: string, payload: Buffer): Promise<void>;
  logger: Logger;
}

/**
 * A minimal MQTT 3.1.1 subscriber with a persistent session that acknowledges each QoS 1 message
 * only once `onMessage` has made it durable, while handling many at once. mqtt.js cannot do this:
 * it reads the next PUBLISH only after the previous one is acknowledged, which makes a gateway
 * behind an external broker one sink write per message — slow enough for a broker's queue limit
 * (Mosquitto: 1000 messages) to start dropping. Reconnects on its own, keeping the session.
 */
export class DurableSubscriber {
  private socket: Socket | undefined;
  private stopped = false;
  private pingTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private connected: { resolve(): void; reject(err: Error): void } | undefined;
  private inFlight = 0;

  constructor(private readonly options: DurableSubscriberOptions) {}

  /** Resolves once connected and subscribed the first time. */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.connected = { resolve, reject };
      this.open();
    });
  }

  async stop(): Promise<void> {
    // Let messages being stored finish, so their PUBACKs go out rather than being redelivered.
    const deadline = Date.now() + 5000;
    while (this.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.pingTimer);
    const socket = this.socket;
    if (!socket || socket.destroyed) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.end(generate({ cmd: 'disconnect' }));
      setTimeout(() => socket.destroy(), 1000).unref();
    });
  }

  private open(): void {
    const { host, port, logger } = this.options;
    const tls = this.options.tls;
    // SNI carries a host name, never an address (verification still checks the certificate's IP SAN)
    const sni = isIP(host) === 0 ? { servername: host } : {};
    const socket = tls ? connectTls({ ...sni, ...tls, host, port }) : connect({ host, port });
    this.socket = socket;
    const packets = parser({ protocolVersion: 4 });
    packets.on('packet', (packet: Packet) => this.onPacket(socket, packet));
    packets.on('error', (err: Error) => {
      logger.error({ err: err.message }, 'malformed packet from the MQTT broker; reconnecting');
      socket.destroy();
    });
    socket.on('data', (chunk: Buffer) => packets.parse(chunk));
    socket.on(tls ? 'secureConnect' : 'connect', () => {
      socket.write(
        generate({
          cmd: 'connect',
          protocolId: 'MQTT',
          protocolVersion: 4,
          clean: false,
          clientId: this.options.clientId,
          keepalive: this.options.keepaliveSeconds ?? 30,
          ...(this.options.username === undefined ? {} : { username: this.options.username }),
          ...(this.options.password === undefined ? {} : { password: Buffer.from(this.options.password) }),
        }),
      );
    });
    socket.on('error', (err) =>
      logger.warn({ host, port, err: err.message }, 'MQTT broker connection error'),
    );
    socket.on('close', () => {
      clearInterval(this.pingTimer);
      if (this.stopped) return;
      if (this.connected) {
        const pending = this.connected;
        this.connected = undefined;
        pending.reject(new Error(`cannot connect to the MQTT broker at ${host}:${port}: is it running?`));
        return;
      }
      logger.warn({ host, port }, 'MQTT broker connection lost; reconnecting in 1 s');
      this.reconnectTimer = setTimeout(() => this.open(), 1000);
    });
  }

  private onPacket(socket: Socket, packet: Packet): void {
    switch (packet.cmd) {
      case 'connack': {
        if (packet.returnCode !== 0) {
          const err = new Error(
            `the MQTT broker refused the gateway's connection (return code ${packet.returnCode})`,
          );
          this.options.logger.error({ returnCode: packet.returnCode }, err.message);
          this.stopped = true;
          socket.destroy();
          this.connected?.reject(err);
          this.connected = undefined;
          return;
        }
        const keepalive = (this.options.keepaliveSeconds ?? 30) * 500;
        this.pingTimer = setInterval(() => socket.write(generate({ cmd: 'pingreq' })), keepalive);
        socket.write(
          generate({
            cmd: 'subscribe',
            messageId: 1,
            subscriptions: this.options.subscriptions.map((topic) => ({ topic, qos: 1 as const })),
          }),
        );
        return;
      }
      case 'suback':
        this.connected?.resolve();
        this.connected = undefined;
        return;
      case 'publish':
        this.onPublish(socket, packet);
        return;
      default:
        return; // pingresp and the rest need nothing
    }
  }

  private onPublish(socket: Socket, packet: IPublishPacket): void {
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    this.inFlight++;
    this.options.onMessage(packet.topic, payload).then(
      () => {
        this.inFlight--;
        if (packet.qos > 0 && packet.messageId !== undefined && !socket.destroyed) {
          socket.write(generate({ cmd: 'puback', messageId: packet.messageId }));
        }
      },
      (err: unknown) => {
        this.inFlight--;
        // Not acknowledged: the broker redelivers it on the next connection of this session.
        this.options.logger.warn(
          { topic: packet.topic, err: (err as Error).message },
          'message not stored yet',
        );
      },
    );
  }
}
