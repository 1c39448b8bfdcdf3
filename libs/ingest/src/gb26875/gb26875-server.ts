import { createServer, type AddressInfo, type Server } from 'node:net';
import type { Logger } from 'pino';
import type { Sites } from '@campus/device-protocols';
import type { GatewayMetrics } from '../metrics/gateway-metrics';
import type { DurableWriter } from '../outbox/durable-writer';
import type { UplinkPublisher } from '../uplink/uplink-publisher';
import { Gb26875Connection } from './gb26875-connection';
import { Gb26875FrameHandler } from './gb26875-frame-handler';
import { Gb26875Metrics } from './gb26875-metrics';

export interface Gb26875ServerOptions {
  sites: Sites;
  port: number;
  host?: string;
  idleTimeoutMs: number;
  writer: DurableWriter;
  uplink: UplinkPublisher;
  metrics: GatewayMetrics;
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
  private stopping = false;

  constructor(private readonly options: Gb26875ServerOptions) {
    this.metrics = new Gb26875Metrics(options.metrics);
    this.handler = new Gb26875FrameHandler({
      sites: options.sites,
      writer: options.writer,
      uplink: options.uplink,
      metrics: this.metrics,
      logger: options.logger,
    });
    this.server = createServer((socket) => {
      if (this.stopping) return void socket.destroy();
      const connection = new Gb26875Connection({
        socket,
        handler: this.handler,
        metrics: this.metrics,
        logger: options.logger,
        idleTimeoutMs: options.idleTimeoutMs,
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
        'GB26875_PORT is set but the sites file declares no gb26875 fire_alarm_panel: every frame will be refused',
      );
    }
    logger.info({ port: this.port, panels: this.handler.panels }, 'GB/T 26875.3 listener ready');
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
