import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import {
  createServer as createTcpServer,
  type AddressInfo,
  type Socket,
  type Server as TcpServer,
} from 'node:net';
import type { Duplex } from 'node:stream';
import type { Server as TlsServer, TLSSocket } from 'node:tls';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import type { Logger } from 'pino';
import { WebSocketServer, createWebSocketStream, type WebSocket } from 'ws';
import { addressKey, DEFAULT_MAX_PAYLOAD_BYTES, type Sites } from '@campus/device-protocols';
import type { GatewayMetrics } from '../metrics/gateway-metrics';
import type { IngestPipeline } from '../pipeline/ingest-pipeline';
import type { StoredMessage } from '../sinks/series-point';
import type { ServedSchools } from '../config/served-schools';
import type { MessageIds } from '../uplink/message-ids';
import { uplinkPayload, type UplinkPublisher } from '../uplink/uplink-publisher';
import { brokerCommandPort, type BrokerCommandPort } from './broker-commands';
import { capKeepalive, defaultBrokerLimits, type BrokerLimits } from './broker-limits';
import { judgePeerCertificate } from './certificate-identity';
import type { ClientIdentity, ServiceAccount } from './client-identity';
import { CONNACK, ConnectAuthenticator } from './connect-authenticator';
import { ConnectionLimits } from './connection-limits';
import { guardPacketLengths, type PacketLengthLimit } from './packet-length-guard';
import { ConnectionRefusals, loggable } from './refusal-log';
import {
  createMqttsServer,
  createWssServer,
  type BrokerTlsOptions,
  type TlsListenerHooks,
} from './tls-listeners';
import { decidePublish, decideSubscribe } from './topic-policy';

export interface EmbeddedBrokerOptions {
  sites: Sites;
  service?: ServiceAccount;
  mqttPort: number;
  mqttWsPort: number;
  host?: string;
  /** Bounds on connections, packets, sessions and logins; default `defaultBrokerLimits`. */
  limits?: BrokerLimits;
  /** MQTTS_PORT / MQTT_WSS_PORT listeners and client certificates (TLS_CA_FILE); none when absent. */
  tls?: BrokerTlsOptions;
  metrics: GatewayMetrics;
  /** Ids for the uplink messages it publishes (GATEWAY_ID); none when absent. */
  messageIds?: MessageIds;
  /** `GATEWAY_SCHOOLS`: devices of other schools are refused at CONNECT; every school when absent. */
  served?: ServedSchools;
  logger: Logger;
}

const DROPPED_TOPIC = '$dropped';

/** What aedes's memory persistence offers to end a session the broker no longer keeps. */
interface SessionStore {
  cleanSubscriptions(client: { id: string }): Promise<void>;
}

/**
 * The aedes broker inside the gateway, with the platform's behaviour added through its hooks
 * (the aedes way): `authenticate` against the sites file, `authorizePublish` = topic ACL + decode +
 * durable store before the PUBACK, `authorizeSubscribe` = topic ACL, `authorizeForward` keeps
 * dropped payloads from reaching any subscriber.
 *
 * Hardening (docs/protocol.md, "Client ids" and "Connection limits"): each new socket is counted
 * against the connection limits before anything is read from it; every packet's declared length
 * is checked from its fixed header before aedes buffers the body (`guardPacketLengths`, and the
 * WebSocket `maxPayload`); CONNECTs pass the login lockout, the secret check and the client-id
 * binding (`ConnectAuthenticator`); keepalive is capped, a silent socket is closed after
 * `connectTimeoutMs`, and a subscriber that stops reading is disconnected (`drainTimeoutMs`, and
 * at `maxOutgoingBytes` waiting for it).
 */
export class EmbeddedBroker implements UplinkPublisher {
  private broker!: Aedes;
  private tcp!: TcpServer;
  private http!: HttpServer;
  private wss!: WebSocketServer;
  /** MQTTS_PORT and MQTT_WSS_PORT (docs/protocol.md, "TLS"). */
  private mqtts: TlsServer | undefined;
  private https: HttpsServer | undefined;
  private wssSecure: WebSocketServer | undefined;
  /** The device id a verified client certificate names, per client (TLS listeners only). */
  private readonly certificateIds = new WeakMap<Client, string>();
  private readonly identities = new WeakMap<Client, ClientIdentity>();
  /** Clients logged in and not yet gone: what a registry change is checked against. */
  private readonly online = new Set<Client>();
  /** Each aedes client's address key, for limits and logs. */
  private readonly sources = new WeakMap<Client, string>();
  /** Each TCP client's packet-length bound, raised for a bridge once it has logged in. */
  private readonly packetLimits = new WeakMap<Client, PacketLengthLimit>();
  private pipeline: IngestPipeline | undefined;
  private closing = false;
  private readonly limits: BrokerLimits;
  private readonly connections: ConnectionLimits;
  private readonly refusals: ConnectionRefusals;
  private readonly authenticator: ConnectAuthenticator;

  constructor(private readonly options: EmbeddedBrokerOptions) {
    this.limits = options.limits ?? defaultBrokerLimits(DEFAULT_MAX_PAYLOAD_BYTES);
    this.connections = new ConnectionLimits(this.limits.maxConnections, this.limits.maxConnectionsPerIp);
    this.refusals = new ConnectionRefusals(options.metrics, options.logger);
    this.authenticator = new ConnectAuthenticator({
      sites: options.sites,
      ...(options.service ? { service: options.service } : {}),
      authFailuresPerAccount: this.limits.authFailuresPerAccount,
      authFailuresPerIp: this.limits.authFailuresPerIp,
      metrics: options.metrics,
      refusals: this.refusals,
      logger: options.logger,
      ...(options.served ? { served: options.served } : {}),
    });
  }

  /** Commands to the devices on this broker and their answers (linkage, docs/protocol.md). */
  readonly commands: BrokerCommandPort = brokerCommandPort(() => this.broker);

  /** The pipeline is attached after construction because it publishes the uplink through this broker. */
  attach(pipeline: IngestPipeline): void {
    this.pipeline = pipeline;
  }

  get ports(): { mqtt: number; ws: number; mqtts?: number; wss?: number } {
    return {
      mqtt: (this.tcp.address() as AddressInfo).port,
      ws: (this.http.address() as AddressInfo).port,
      ...(this.mqtts ? { mqtts: (this.mqtts.address() as AddressInfo).port } : {}),
      ...(this.https ? { wss: (this.https.address() as AddressInfo).port } : {}),
    };
  }

  async start(): Promise<void> {
    const { logger, metrics } = this.options;
    const limits = this.limits;
    this.broker = await Aedes.createBroker({
      connectTimeout: limits.connectTimeoutMs,
      drainTimeout: limits.drainTimeoutMs,
      // Keepalive 0 (never time out) and longer ones are capped rather than refused: aedes's
      // keepaliveLimit would answer CONNACK 6, which MQTT 3.1.1 does not define, and a smoke
      // detector whose firmware asks for 0 must still get in.
      preConnect: (_client, packet, callback) => {
        packet.keepalive = capKeepalive(packet.keepalive ?? 0, limits.keepaliveMaxSeconds);
        callback(null, true);
      },
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
      authorizeForward: (client, packet) => {
        if (packet.topic.startsWith(`${DROPPED_TOPIC}/`)) return null;
        // A subscriber that has stopped reading: rather than let what waits for it grow until
        // drainTimeout, close it (a persistent session keeps its QoS 1 messages for later).
        const conn = client.conn;
        if (conn.writableLength > limits.maxOutgoingBytes) {
          if (!conn.destroyed) {
            this.refusals.disconnected(
              'output_buffer_full',
              this.sourceOf(client),
              'subscriber not reading',
              {
                clientId: loggable(client.id),
                waitingBytes: conn.writableLength,
              },
            );
            conn.destroy();
          }
          return null;
        }
        return packet;
      },
    });
    this.broker.on('clientReady', (client) => {
      metrics.clientsConnected.inc();
      this.authenticator.clientIds.connected(client.id, client, client.clean);
    });
    this.broker.on('clientDisconnect', (client) => {
      this.online.delete(client);
      metrics.clientsConnected.dec();
    });
    this.broker.on('keepaliveTimeout', (client) =>
      this.refusals.disconnected(
        'keepalive_timeout',
        this.sourceOf(client),
        'no packet within 1.5 × keepalive',
        {
          clientId: loggable(client.id),
        },
      ),
    );
    this.broker.on('clientError', (client, err) => {
      if (err.message === 'drain timeout') {
        this.refusals.disconnected('drain_timeout', this.sourceOf(client), 'subscriber not reading', {
          clientId: loggable(client.id),
        });
      }
      logger.debug({ client: client.id, err: err.message }, 'MQTT client error');
    });
    this.broker.on('connectionError', (client, err) => {
      if (err.message === 'connect did not arrive in time') {
        this.refusals.disconnected('connect_timeout', this.sourceOf(client), 'no CONNECT in time');
      }
      logger.debug({ client: client?.id, err: err.message }, 'MQTT connection error');
    });

    const host = this.options.host;
    this.tcp = createTcpServer((socket) => {
      const source = this.admit(socket);
      if (source !== undefined) this.accept(socket, source);
    });
    await listen(this.tcp, this.options.mqttPort, host, 'MQTT_PORT');

    this.http = createHttpServer((_req, res) => res.writeHead(426).end('MQTT over WebSocket only\n'));
    // Counted like TCP connections, before the HTTP upgrade is even parsed.
    this.http.on('connection', (socket: Socket) => void this.admit(socket));
    // ws refuses a frame (or a fragmented message) larger than this from its header, before the payload.
    this.wss = new WebSocketServer({ server: this.http, maxPayload: limits.maxPacketBytes });
    this.wss.on('connection', (ws, req) => this.onWebSocket(ws, req));
    // ws re-emits its server's errors; `listen` reports them (a port in use says which variable)
    this.wss.on('error', ignoreReported);
    await listen(this.http, this.options.mqttWsPort, host, 'MQTT_WS_PORT');
    await this.startTls();
    logger.info(this.ports, 'embedded MQTT broker listening');
  }

  /**
   * MQTTS_PORT and MQTT_WSS_PORT: the same path as the plain listeners (connection limits on the
   * raw socket before the handshake, packet-length guard, CONNECT checks), plus the client
   * certificate: a verified one names the device (its subject CN), a presented one that fails
   * verification closes the connection before any MQTT packet is read.
   */
  private async startTls(): Promise<void> {
    const tls = this.options.tls;
    if (!tls) return;
    const host = this.options.host;
    const hooks: TlsListenerHooks = {
      admit: (socket) => this.admit(socket) !== undefined,
      handshakeFailed: (err, socket) =>
        this.options.logger.info(
          { ip: addressKey(socket.remoteAddress), err: err.message },
          'MQTT TLS handshake failed',
        ),
      handshakeTimeoutMs: this.limits.connectTimeoutMs,
    };
    if (tls.mqttsPort !== undefined) {
      this.mqtts = createMqttsServer(tls.material, hooks, (socket) => {
        const source = addressKey(socket.remoteAddress);
        const certificate = this.certificateOf(socket, source);
        if (certificate === false) return;
        this.accept(socket, source, undefined, certificate);
      });
      await listen(this.mqtts, tls.mqttsPort, host, 'MQTTS_PORT');
    }
    if (tls.mqttWssPort !== undefined) {
      this.https = createWssServer(tls.material, hooks);
      this.wssSecure = new WebSocketServer({ server: this.https, maxPayload: this.limits.maxPacketBytes });
      this.wssSecure.on('error', ignoreReported);
      this.wssSecure.on('connection', (ws, req) => {
        const certificate = this.certificateOf(req.socket as TLSSocket, addressKey(req.socket.remoteAddress));
        if (certificate === false) return void ws.terminate();
        this.onWebSocket(ws, req, certificate);
      });
      await listen(this.https, tls.mqttWssPort, host, 'MQTT_WSS_PORT');
    }
  }

  /**
   * The device a TLS client's certificate names (undefined: none presented), or false when it
   * presented one that failed verification: the socket is then closed here.
   */
  private certificateOf(socket: TLSSocket, source: string): string | undefined | false {
    const verdict = judgePeerCertificate(socket);
    if (verdict.type === 'verified') return verdict.deviceId;
    if (verdict.type === 'none') return undefined;
    this.options.logger.warn(
      { ip: source, reason: verdict.reason },
      'MQTT client certificate refused: not signed by TLS_CA_FILE or not valid',
    );
    socket.destroy();
    return false;
  }

  /** An MQTT-over-WebSocket connection, plain or secure. */
  private onWebSocket(ws: WebSocket, req: IncomingMessage, certificateId?: string): void {
    const { logger } = this.options;
    const limits = this.limits;
    const source = addressKey(req.socket.remoteAddress);
    // A frame over maxPayload, or any other protocol error: drop the socket now rather than
    // wait for the closing handshake while the client goes on sending.
    ws.on('error', (err: Error & { code?: string }) => {
      if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        this.refusals.disconnected('packet_too_large', source, 'WebSocket frame over MAX_PACKET_BYTES', {
          maxPacketBytes: limits.maxPacketBytes,
        });
      }
      ws.terminate();
    });
    const stream = createWebSocketStream(ws);
    stream.on('error', (err) => logger.debug({ err: err.message }, 'MQTT WebSocket stream error'));
    this.accept(stream, source, req, certificateId);
  }

  async publish(messages: readonly StoredMessage[]): Promise<void> {
    await Promise.all(
      messages.map(
        (m) =>
          new Promise<void>((resolve, reject) => {
            const { topic, payload } = uplinkPayload(m, this.options.messageIds?.next());
            this.broker.publish(
              { cmd: 'publish', topic, payload, qos: 1, retain: false, dup: false },
              (err) => (err ? reject(err) : resolve()),
            );
          }),
      ),
    );
  }

  /**
   * The registry changed (docs/registry.md): a connected device that it no longer has, that lost
   * its own login or whose school this gateway no longer serves is disconnected (and refused at
   * its next CONNECT); the others carry on with their new entry. A changed secret is not checked
   * here: it takes effect at the next CONNECT.
   */
  dropRemoved(): void {
    if (this.closing) return;
    const { sites, served, logger } = this.options;
    for (const client of this.online) {
      if (client.closed) {
        this.online.delete(client); // gone between its login and clientReady
        continue;
      }
      const identity = this.identities.get(client);
      if (identity?.type !== 'device') continue;
      const device = sites.deviceById.get(identity.device.id);
      const why =
        device === undefined
          ? 'it is no longer in the registry'
          : device.secret === undefined && device.secretHash === undefined
            ? 'it no longer logs in itself'
            : served !== undefined && !served.serves(device)
              ? served.refusal(device)
              : undefined;
      if (why === undefined) {
        this.identities.set(client, { type: 'device', device: device! });
        continue;
      }
      this.identities.delete(client);
      this.online.delete(client);
      logger.info({ device: identity.device.id }, `device ${identity.device.id} disconnected: ${why}`);
      client.close();
    }
  }

  async stop(): Promise<void> {
    // Wills published while we shut down would mark every device offline; refuse them.
    this.closing = true;
    for (const client of this.wss?.clients ?? []) client.terminate();
    for (const client of this.wssSecure?.clients ?? []) client.terminate();
    await new Promise<void>((resolve) => this.broker.close(() => resolve()));
    await Promise.all([
      closeServer(this.tcp),
      closeServer(this.http),
      closeServer(this.mqtts),
      closeServer(this.https),
    ]);
  }

  /**
   * A new socket on either listener: counted against the connection limits and closed at once,
   * before anything is read, when over them. Returns its address key, or undefined when refused.
   */
  private admit(socket: Socket): string | undefined {
    const source = addressKey(socket.remoteAddress);
    const verdict = this.connections.admit(source);
    if (!verdict.ok) {
      socket.destroy();
      this.refusals.refused(verdict.reason, source, 'over the connection limit', {
        open: this.connections.open,
        fromIp: this.connections.from(source),
      });
      return undefined;
    }
    socket.once('close', () => this.connections.release(source));
    return source;
  }

  /** Hands a connection to aedes behind the packet-length guard. */
  private accept(stream: Duplex, source: string, req?: IncomingMessage, certificateId?: string): void {
    const limit = guardPacketLengths(stream, this.limits.maxPacketBytes, (verdict) => {
      const reason = verdict.reason === 'too_large' ? 'packet_too_large' : 'malformed_length';
      this.refusals.disconnected(reason, source, 'packet refused from its fixed header', {
        ...(verdict.reason === 'too_large' ? { declaredBytes: verdict.declared } : {}),
        maxPacketBytes: this.limits.maxPacketBytes,
      });
    });
    const client = req ? this.broker.handle(stream, req) : this.broker.handle(stream);
    this.sources.set(client, source);
    if (certificateId !== undefined) this.certificateIds.set(client, certificateId);
    // Over WebSocket every frame stays within MAX_PACKET_BYTES (ws's maxPayload is per server).
    if (!req) this.packetLimits.set(client, limit);
    stream.once('close', () => {
      if (client.id) this.authenticator.clientIds.release(client.id, client);
    });
  }

  private sourceOf(client: Client | null | undefined): string {
    return (client && this.sources.get(client)) ?? 'unknown';
  }

  private authenticate(
    client: Client,
    username: string | undefined,
    password: Buffer | undefined,
    done: (error: AuthenticateError | null, success: boolean | null) => void,
  ): void {
    // The scrypt check runs on the thread pool, so CONNECTs are answered out of order; a client
    // that closed meanwhile is fine, aedes ignores `done` for it.
    const conn = client.conn;
    // A verified client certificate names the device (docs/protocol.md, "TLS"); the service
    // account logs in with its password even over a connection that presented one.
    const certificateId =
      username !== undefined && username === this.options.service?.username
        ? undefined
        : this.certificateIds.get(client);
    this.authenticator
      .authenticate({
        username: username ?? certificateId,
        password,
        ...(certificateId === undefined ? {} : { certificateId }),
        source: this.sourceOf(client),
        clientId: client.id,
        clean: client.clean,
        connection: client,
        isClosed: () => client.closed || conn.destroyed,
      })
      .then(
        (verdict) => {
          if (verdict.ok) {
            // the registry may have dropped the device while its secret was being checked
            if (
              verdict.identity.type === 'device' &&
              !this.options.sites.deviceById.has(verdict.identity.device.id)
            ) {
              const error = new Error('connection refused: device removed') as AuthenticateError;
              error.returnCode = CONNACK.NOT_AUTHORIZED;
              return done(error, false);
            }
            this.identities.set(client, verdict.identity);
            this.online.add(client);
            if (verdict.identity.type === 'device' && verdict.identity.device.baseTopic !== undefined) {
              this.packetLimits.get(client)?.set(this.limits.bridgeMaxPacketBytes);
            }
            for (const id of verdict.evicted) this.endSession(id);
            return done(null, true);
          }
          if (verdict.reason === 'gone') return;
          const error = new Error(`connection refused: ${verdict.reason}`) as AuthenticateError;
          error.returnCode = verdict.returnCode;
          done(error, false);
        },
        (err: unknown) => {
          this.options.logger.error({ err, username: loggable(username) }, 'credential check failed');
          const error = new Error('connection refused: credential check failed') as AuthenticateError;
          error.returnCode = CONNACK.SERVER_UNAVAILABLE;
          done(error, false);
        },
      )
      // A throw from aedes's callback must not become an unhandled rejection that ends the process.
      .catch((err: unknown) =>
        this.options.logger.error({ err, username: loggable(username) }, 'MQTT authenticate callback failed'),
      );
  }

  /** Ends a persistent session given up by the client-id bound: nothing more is queued for it. */
  private endSession(clientId: string): void {
    const store = (this.broker as unknown as { persistence: SessionStore }).persistence;
    store
      .cleanSubscriptions({ id: clientId })
      .catch((err: unknown) =>
        this.options.logger.warn({ err, clientId: loggable(clientId) }, 'could not end a persistent session'),
      );
    this.options.logger.info(
      { clientId: loggable(clientId) },
      'persistent MQTT session ended: its account holds too many (docs/protocol.md, "Client ids")',
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

/** For an error its server's own listener already reports (see `listen`). */
function ignoreReported(): void {}

function listen(
  server: TcpServer | HttpServer | HttpsServer,
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

function closeServer(server: TcpServer | HttpServer | HttpsServer | undefined): Promise<void> {
  return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
}
