import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import type { Logger } from 'pino';
import { WebSocketServer, createWebSocketStream } from 'ws';
import type { Sites } from '@campus/device-protocols';
import type { GatewayMetrics } from '../metrics/gateway-metrics';
import type { IngestPipeline } from '../pipeline/ingest-pipeline';
import type { StoredMessage } from '../sinks/series-point';
import { uplinkPayload, type UplinkPublisher } from '../uplink/uplink-publisher';
import { authenticateClient, type ClientIdentity, type ServiceAccount } from './client-identity';
import { decidePublish, decideSubscribe } from './topic-policy';

export interface EmbeddedBrokerOptions {
  sites: Sites;
  service?: ServiceAccount;
  mqttPort: number;
  mqttWsPort: number;
  host?: string;
  metrics: GatewayMetrics;
  logger: Logger;
}

const DROPPED_TOPIC = '$dropped';
const BAD_CREDENTIALS = 4;
const NOT_AUTHORIZED = 5;
/** MQTT 3.1.1 CONNACK 3: the device keeps its credentials and simply tries again later. */
const SERVER_UNAVAILABLE = 3;

/**
 * The aedes broker inside the gateway, with the platform's behaviour added through its hooks
 * (the aedes way): `authenticate` against the sites file, `authorizePublish` = topic ACL + decode +
 * durable store before the PUBACK, `authorizeSubscribe` = topic ACL, `authorizeForward` keeps
 * dropped payloads from reaching any subscriber.
 */
export class EmbeddedBroker implements UplinkPublisher {
  private broker!: Aedes;
  private tcp!: TcpServer;
  private http!: HttpServer;
  private wss!: WebSocketServer;
  private readonly identities = new WeakMap<Client, ClientIdentity>();
  private pipeline: IngestPipeline | undefined;
  private closing = false;

  constructor(private readonly options: EmbeddedBrokerOptions) {}

  /** The pipeline is attached after construction because it publishes the uplink through this broker. */
  attach(pipeline: IngestPipeline): void {
    this.pipeline = pipeline;
  }

  get ports(): { mqtt: number; ws: number } {
    return {
      mqtt: (this.tcp.address() as AddressInfo).port,
      ws: (this.http.address() as AddressInfo).port,
    };
  }

  async start(): Promise<void> {
    const { logger, metrics } = this.options;
    this.broker = await Aedes.createBroker({
      authenticate: (client, username, password, done) => this.authenticate(client, username, password, done),
      authorizePublish: (client, packet, callback) => {
        void this.authorizePublish(client, packet.topic, packet.payload, packet).then(callback, callback);
      },
      // mqemitter's queue (past `concurrency` deliveries in flight) is drained by recursion, which
      // overflowed the stack under overload; the pipeline's PublishGate bounds the work instead.
      concurrency: 0,
      authorizeSubscribe: (client, subscription, callback) => {
        const identity = this.identities.get(client);
        const decision = identity
          ? decideSubscribe(identity, subscription.topic)
          : { ok: false as const, reason: 'subscribe_denied' as const };
        if (decision.ok) return callback(null, subscription);
        this.pipeline?.refused(
          decision.reason,
          `may not subscribe to ${subscription.topic}`,
          client.id,
          subscription.topic,
        );
        callback(null, null); // negated: SUBACK 0x80, the connection stays up
      },
      authorizeForward: (_client, packet) => (packet.topic.startsWith(`${DROPPED_TOPIC}/`) ? null : packet),
    });
    this.broker.on('clientReady', () => metrics.clientsConnected.inc());
    this.broker.on('clientDisconnect', () => metrics.clientsConnected.dec());
    this.broker.on('clientError', (client, err) =>
      logger.debug({ client: client.id, err: err.message }, 'MQTT client error'),
    );
    this.broker.on('connectionError', (client, err) =>
      logger.debug({ client: client?.id, err: err.message }, 'MQTT connection error'),
    );

    const host = this.options.host;
    this.tcp = createTcpServer((socket) => this.broker.handle(socket));
    await listen(this.tcp, this.options.mqttPort, host, 'MQTT_PORT');

    this.http = createHttpServer((_req, res) => res.writeHead(426).end('MQTT over WebSocket only\n'));
    this.wss = new WebSocketServer({ server: this.http });
    this.wss.on('connection', (ws, req) => {
      const stream = createWebSocketStream(ws);
      stream.on('error', (err) => logger.debug({ err: err.message }, 'MQTT WebSocket stream error'));
      this.broker.handle(stream, req);
    });
    await listen(this.http, this.options.mqttWsPort, host, 'MQTT_WS_PORT');
    logger.info({ mqtt: this.ports.mqtt, ws: this.ports.ws }, 'embedded MQTT broker listening');
  }

  async publish(messages: readonly StoredMessage[]): Promise<void> {
    await Promise.all(
      messages.map(
        (m) =>
          new Promise<void>((resolve, reject) => {
            const { topic, payload } = uplinkPayload(m);
            this.broker.publish(
              { cmd: 'publish', topic, payload, qos: 1, retain: false, dup: false },
              (err) => (err ? reject(err) : resolve()),
            );
          }),
      ),
    );
  }

  async stop(): Promise<void> {
    // Wills published while we shut down would mark every device offline; refuse them.
    this.closing = true;
    for (const client of this.wss?.clients ?? []) client.terminate();
    await new Promise<void>((resolve) => this.broker.close(() => resolve()));
    await Promise.all([closeServer(this.tcp), closeServer(this.http)]);
  }

  private authenticate(
    client: Client,
    username: string | undefined,
    password: Buffer | undefined,
    done: (error: AuthenticateError | null, success: boolean | null) => void,
  ): void {
    // The scrypt check runs on the thread pool, so CONNECTs are answered out of order; a client
    // that closed meanwhile is fine, aedes ignores `done` for it.
    authenticateClient(this.options.sites, this.options.service, username, password)
      .then(
        (outcome) => {
          if (outcome.ok) {
            this.identities.set(client, outcome.identity);
            return done(null, true);
          }
          this.pipeline?.refused(
            outcome.reason,
            `CONNECT as "${username ?? ''}" refused`,
            username,
            undefined,
          );
          const error = new Error(`connection refused: ${outcome.reason}`) as AuthenticateError;
          error.returnCode =
            outcome.reason === 'no_direct_login'
              ? NOT_AUTHORIZED
              : outcome.reason === 'server_busy'
                ? SERVER_UNAVAILABLE
                : BAD_CREDENTIALS;
          done(error, false);
        },
        (err: unknown) => {
          this.options.logger.error({ err, username }, 'credential check failed');
          const error = new Error('connection refused: credential check failed') as AuthenticateError;
          error.returnCode = SERVER_UNAVAILABLE;
          done(error, false);
        },
      )
      // A throw from aedes's callback must not become an unhandled rejection that ends the process.
      .catch((err: unknown) =>
        this.options.logger.error({ err, username }, 'MQTT authenticate callback failed'),
      );
  }

  /** Resolves with an error to refuse (aedes then closes a 3.1.1 connection), or nothing to acknowledge. */
  private async authorizePublish(
    client: Client | null,
    topic: string,
    payload: Buffer | string,
    packet: { topic: string; retain: boolean; qos: number },
  ): Promise<Error | null> {
    if (this.closing) return new Error('gateway shutting down');
    const pipeline = this.pipeline;
    if (!pipeline) return new Error('gateway not ready');
    const identity = client ? this.identities.get(client) : undefined;
    if (!identity) return new Error('not authenticated');
    const decision = decidePublish(identity, topic);
    const who = identity.type === 'device' ? identity.device.id : identity.username;
    const refusal = decision.ok
      ? undefined
      : { reason: decision.reason, detail: `may not publish to ${topic}` };
    const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
    try {
      const verdict = await pipeline.handle(topic, bytes, who, refusal, {
        qos: packet.qos,
        ...(client ? { clientId: client.id } : {}),
      });
      if (verdict.type === 'dropped') {
        // aedes copies the packet before forwarding, so the mark must travel in the topic itself;
        // `$` topics match no wildcard subscription and the ACL lets nobody subscribe to them.
        packet.topic = `${DROPPED_TOPIC}/${topic}`;
        packet.retain = false;
      }
      if (verdict.type === 'refused') return new Error(`publish to ${topic} refused: ${verdict.reason}`);
      return null;
    } catch (err) {
      // Not durable, so not acknowledged: closing the connection makes the device resend.
      return err instanceof Error ? err : new Error(String(err));
    }
  }
}

function listen(
  server: TcpServer | HttpServer,
  port: number,
  host: string | undefined,
  name: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`port ${port} is already in use: set ${name} to a free port`)
          : err,
      ),
    );
    server.listen(port, host, () => resolve());
  });
}

function closeServer(server: TcpServer | HttpServer | undefined): Promise<void> {
  return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
}
