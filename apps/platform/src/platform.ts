import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { Logger } from 'pino';
import { SitesHolder, type Sites } from '@campus/device-protocols';
import { Registry } from 'prom-client';
import {
  AlertingMetrics,
  parsePublicUrl,
  serveDashboard,
  startAlertService,
  type AlertServiceHandle,
  type RegistrySeed,
} from '@campus/alerting';
import {
  DirectUplink,
  closeServer,
  gatewayHttpHandler,
  guardMetrics,
  loadServerTls,
  serverPort,
  startGateway,
  startMetricsHttp,
  type GatewayConfig,
  type GatewayHandle,
} from '@campus/ingest';
import { startSimulator, type SimulatorHandle } from '@campus/simulators';
import { openEmbeddedDatabase } from './embedded-database';
import { localAddressFor } from './platform-env';

export interface PlatformOptions {
  config: GatewayConfig;
  /**
   * The sites file's parsed sites: the gateway starts from them, in a holder that the registry then
   * replaces on every version (the gateway and the alert service share it: no broker round trip).
   * A holder given is used as is. The simulator plays these devices.
   */
  sites: Sites | SitesHolder;
  /** The same file's content: it seeds an empty registry; a registry with content wins (docs/registry.md). */
  seed: RegistrySeed;
  logger: Logger;
  simulate: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface PlatformHandle {
  gateway: GatewayHandle;
  alerting: AlertServiceHandle;
  /** `metrics` when METRICS_PORT is set, `https` when HTTPS_PORT is. */
  ports: GatewayHandle['ports'] & { http: number; https?: number; metrics?: number };
  stop(): Promise<void>;
}

type HttpArgs = Parameters<GatewayHandle['httpHandler']>;

/** The dashboard's build output (apps/dashboard/dist). */
const DASHBOARD_DIST = new URL('../../dashboard/dist', import.meta.url);

/**
 * Everything in one process (`npm start`): the gateway with its embedded broker and its time-series
 * store (SQLite in a worker thread, `DATA_DIR/timeseries`, or InfluxDB), the alert service on PORT
 * (API, socket.io, `/metrics`, `/api/health`) with its state in PGlite (`DATA_DIR/pglite`) or
 * PostgreSQL, and the simulator. Every listener is bound to `config.host` (HOST); `/metrics` on
 * PORT answers METRICS_TOKEN or this machine only, METRICS_PORT adds a listener of its own
 * (docs/operations.md).
 */
export async function startPlatform(options: PlatformOptions): Promise<PlatformHandle> {
  const { config, logger, simulate } = options;
  const sites = options.sites instanceof SitesHolder ? options.sites : new SitesHolder(options.sites);
  // The simulator plays the sites file's devices with the file's own secrets: the registry keeps
  // only hashes, so it is handed the file as read, before the registry takes over the holder.
  const fileSites = sites.current;
  const env = options.env ?? process.env;
  // Checked before anything starts: where Twilio posts delivery-status callbacks (optional).
  const publicUrl = parsePublicUrl(env['PUBLIC_URL']);
  const cleanups: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((err: unknown) => logger.error({ err }, 'error while stopping the platform'));
    }
  };
  const local = localAddressFor(config.host);
  // HTTPS_PORT's certificate, checked before anything starts (TLS_CERT_FILE, TLS_KEY_FILE)
  const httpsPort = config.tls?.httpsPort;
  const https =
    config.tls === undefined || httpsPort === undefined
      ? undefined
      : { port: httpsPort, material: loadServerTls(config.tls.files) };
  try {
    // The uplink is handed over in process (below), so this account is never used on the wire; an
    // operator's MQTT_SERVICE_* still lets a service client log in to the embedded broker.
    const service = config.service ?? {
      username: 'alert-service',
      password: randomBytes(24).toString('base64url'),
    };
    const databaseUrl = env['DATABASE_URL'];
    let pglite: PGlite | undefined;
    if (!databaseUrl) {
      // Opened here rather than by the alert service so it is closed after the gateway is stopped.
      const db = await openEmbeddedDatabase(join(config.dataDir, 'pglite'));
      pglite = db;
      cleanups.push(() => db.close());
    }

    // The uplink stays in this process: no broker round trip, no JSON, no second parse. Messages
    // decoded before the alert service is up wait for it, unacknowledged.
    const uplink = new DirectUplink();
    const gateway = await startGateway({
      config: { ...config, service },
      sites,
      logger: logger.child({ part: 'gateway' }),
      serveHttp: false,
      ...(config.host === undefined ? {} : { host: config.host }),
      uplink,
    });
    cleanups.push(() => gateway.stop());
    // one /metrics for both parts: the gateway's registry (process metrics included) and the alert service's
    const alertingMetrics = new AlertingMetrics({ defaultMetrics: false });
    const metricsHandler = gatewayHttpHandler({
      registry: Registry.merge([gateway.metrics.registry, alertingMetrics.registry]),
      isReady: () => gateway.ready(),
    });

    const alerting = await startAlertService({
      config: {
        httpPort: config.httpPort,
        dataDir: config.dataDir,
        ...(databaseUrl ? { databaseUrl } : {}),
        mqttUrl: config.mqttUrl ?? `mqtt://${local}:${gateway.ports.mqtt}`,
        service,
        ...(publicUrl ? { publicUrl } : {}),
      },
      seed: options.seed,
      // one holder for both parts: a registry version reaches the gateway with no broker round trip
      holder: sites,
      env,
      telemetry: gateway.sink,
      inProcessUplink: true,
      metrics: alertingMetrics,
      // Linkage: commands reach the devices through the embedded broker they are on.
      ...(gateway.commands ? { commands: gateway.commands } : {}),
      ...(https ? { https } : {}),
      ...(pglite ? { pglite } : {}),
      logger: logger.child({ part: 'alerting' }),
      ...(config.host === undefined ? {} : { host: config.host }),
      beforeListen: (app) => {
        const metrics = guardMetrics(metricsHandler, {
          ...(config.metricsToken === undefined ? {} : { token: config.metricsToken }),
        });
        app.use('/metrics', (req: HttpArgs[0], res: HttpArgs[1]) => {
          req.url = '/metrics';
          void metrics(req, res);
        });
        // the guard's console (`vite build` output of apps/dashboard; `npm start` builds it)
        serveDashboard(app, DASHBOARD_DIST);
      },
    });
    cleanups.push(() => alerting.stop());
    const intake = alerting.intake!;
    uplink.attach((messages) => intake.deliver(messages));

    let metricsPort: number | undefined;
    if (config.metricsPort !== undefined) {
      const server = await startMetricsHttp(config.metricsPort, config.host, metricsHandler);
      cleanups.push(() => closeServer(server));
      metricsPort = serverPort(server);
    }

    let simulator: SimulatorHandle | undefined;
    if (simulate) {
      const url = config.mqttUrl ?? `mqtt://${local}:${gateway.ports.mqtt}`;
      // the simulator is a device: it does not read the registry, it plays the file's devices
      simulator = await startSimulator({
        sites: fileSites,
        url,
        rate: 20,
        scenario: 'normal',
        // With GB26875_PORT set, the demo's fire-alarm panels speak GB/T 26875.3 to it over TCP.
        ...(gateway.ports.gb26875 === undefined ? {} : { gb26875Port: gateway.ports.gb26875 }),
        logger: logger.child({ part: 'simulator' }),
      });
      const started = simulator;
      cleanups.push(() => started.stop());
    }
    const ports = {
      ...gateway.ports,
      http: alerting.port,
      ...(alerting.httpsPort === undefined ? {} : { https: alerting.httpsPort }),
      ...(metricsPort === undefined ? {} : { metrics: metricsPort }),
    };
    return { gateway, alerting, ports, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
