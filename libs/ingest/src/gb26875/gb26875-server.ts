import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { Logger } from 'pino';
import { normalizePeerAddress, perSnapshot, type Sites } from '@campus/device-protocols';
import type { GatewayMetrics } from '../metrics/gateway-metrics';
import type { DurableWriter } from '../outbox/durable-writer';
import { LogThrottle } from '@campus/service-runtime';
import type { UplinkPublisher } from '../uplink/uplink-publisher';
import { Gb26875Connection } from './gb26875-connection';
import { Gb26875FrameHandler } from './gb26875-frame-handler';
import { DEFAULT_GB26875_LIMITS, type Gb26875Limits } from './gb26875-limits';
import { CONNECTION_NOT_ALLOWED, Gb26875Metrics } from './gb26875-metrics';
import { PanelAccess } from './panel-access';
import type { ServedSchools } from '../config/served-schools';

export interface Gb26875ServerOptions {
  sites: Sites;
  port: number;
  host?: string;
  idleTimeoutMs: number;
  /** `GB26875_ALLOW_FROM`: networks for panels without `allowFrom`; absent = this host only. */
  allowFrom?: readonly string[];
  /** Per-connection bounds; the defaults suit every transmitter. */
  limits?: Partial<Gb26875Limits>;
  writer: DurableWriter;
  uplink: UplinkPublisher;
  metrics: GatewayMetrics;
  /** `GATEWAY_SCHOOLS`: panels of other schools are refused; every school when absent. */
  served?: ServedSchools;
  logger: Logger;
}

/** How long a stop waits for frames being stored to finish (unanswered: the transmitter resends them). */
const STOP_GRACE_MS = 5_000;

/**
 * The TCP listener for GB/T 26875.3 user information transmitters (`GB26875_PORT`): each
 * connection is deframed and decoded, frames are stored through the gateway's durable writer and
 * forwarded on the uplink, then answered 确认 (or 否认).
 */
export class Gb26875Server {
  private readonly server: Server;
  private readonly connections = new Set<Gb26875Connection>();
  private readonly handler: Gb26875FrameHandler;
  private readonly metrics: Gb26875Metrics;
  /** Allow-lists of the current sites' panels, rebuilt once per registry snapshot. */
  private readonly accessOf = perSnapshot(
    (sites) =>
      new PanelAccess(
        sites.devices.filter((d) => d.protocol === 'gb26875'),
        this.options.allowFrom,
      ),
  );
  private readonly throttle = new LogThrottle();
  private stopping = false;

  constructor(private readonly options: Gb26875ServerOptions) {
    this.metrics = new Gb26875Metrics(options.metrics);
    this.handler = new Gb26875FrameHandler({
      sites: options.sites,
      writer: options.writer,
      uplink: options.uplink,
      metrics: this.metrics,
      logger: options.logger,
      access: () => this.access,
      ...(options.served ? { served: options.served } : {}),
    });
    const limits: Gb26875Limits = { ...DEFAULT_GB26875_LIMITS, ...options.limits };
    this.server = createServer((socket) => {
      if (this.stopping) return void socket.destroy();
      if (!this.access.allowsAny(socket.remoteAddress)) return this.refuse(socket);
      const connection = new Gb26875Connection({
        socket,
        handler: this.handler,
        metrics: this.metrics,
        logger: options.logger,
        throttle: this.throttle,
        idleTimeoutMs: options.idleTimeoutMs,
        limits,
        announceOffline: () => !this.stopping,
      });
      this.connections.add(connection);
      this.metrics.connections.inc();
      options.logger.debug({ peer: connection.peer }, 'GB/T 26875.3 transmitter connected');
      void connection.done.then(() => {
        this.connections.delete(connection);
        this.metrics.connections.dec();
      });
    });
  }

  private get access(): PanelAccess {
    return this.accessOf(this.options.sites);
  }

  /** The registry changed: links of panels it no longer has (or this gateway no longer serves) close. */
  dropRemoved(): void {
    this.handler.dropRemoved();
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async start(): Promise<void> {
    const { port, host, logger } = this.options;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', (err: NodeJS.ErrnoException) =>
        reject(
          err.code === 'EADDRINUSE'
            ? new Error(`port ${port} is already in use: set GB26875_PORT to a free port`)
            : err,
        ),
      );
      this.server.listen(port, host, () => resolve());
    });
    if (this.handler.panels === 0) {
      logger.warn(
        'GB26875_PORT is set but the sites file declares no gb26875 fire_alarm_panel: every connection will be refused',
      );
    }
    const onDefault = this.access.onDefault;
    if (onDefault.length > 0 && this.access.defaultSource === 'loopback default') {
      logger.warn(
        { panels: onDefault, allowFrom: this.access.defaultNetworks },
        `${onDefault.length} gb26875 panel(s) have no allowFrom and GB26875_ALLOW_FROM is unset: ` +
          'they are accepted from this host only (127.0.0.0/8, ::1). Give each panel allowFrom ' +
          "(its transmitter's network) in the sites file, or set GB26875_ALLOW_FROM",
      );
    }
    logger.info({ port: this.port, panels: this.handler.panels }, 'GB/T 26875.3 listener ready');
  }

  /** A peer no panel allows: closed before it is read (counted; logged once a minute per address). */
  private refuse(socket: Socket): void {
    this.options.metrics.refused.inc({ reason: CONNECTION_NOT_ALLOWED });
    this.metrics.closed.inc({ reason: CONNECTION_NOT_ALLOWED });
    const address = normalizePeerAddress(socket.remoteAddress);
    const suppressed = this.throttle.pass(`${CONNECTION_NOT_ALLOWED}:${address}`, Date.now());
    if (suppressed !== undefined) {
      this.options.logger.warn(
        { peer: address, suppressed },
        `GB/T 26875.3 connection from ${address ?? 'an unknown address'} refused: no panel's allow-list ` +
          '(allowFrom, else GB26875_ALLOW_FROM, else this host only) holds it',
      );
    }
    socket.on('error', () => undefined);
    socket.destroy();
  }

  /** Stops accepting, closes every connection; panels are not announced offline (a restart is no outage). */
  async stop(): Promise<void> {
    this.stopping = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const connection of this.connections) connection.destroy();
    const done = Promise.all([...this.connections].map((c) => c.done));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([done, new Promise((resolve) => (timer = setTimeout(resolve, STOP_GRACE_MS)))]);
    clearTimeout(timer);
    await closed;
  }
}
