import type { Logger } from 'pino';
import {
  AlertingMetrics,
  serveDashboard,
  startAlertService,
  type AlertServiceConfig,
  type AlertServiceHandle,
  type RegistrySeed,
} from '@campus/alerting';
import {
  InfluxTimeSeriesSink,
  closeServer,
  gatewayHttpHandler,
  guardMetrics,
  loadServiceExtrasConfig,
  serverPort,
  startMetricsHttp,
} from '@campus/ingest';

export interface CentralServiceHandle {
  alerting: AlertServiceHandle;
  /** METRICS_PORT's bound port, when it is set. */
  metricsPort?: number;
  stop(): Promise<void>;
}

type HttpArgs = Parameters<ReturnType<typeof gatewayHttpHandler>>;

/** The dashboard's build output (apps/dashboard/dist), served as the platform serves it. */
const DASHBOARD_DIST = new URL('../../dashboard/dist', import.meta.url);

/**
 * The central deployable (docs/deployment.md, "The province"): the alert service reading the
 * uplink from the central broker, with the dashboard, `/metrics` (METRICS_TOKEN or this machine
 * only on PORT; METRICS_PORT a listener of its own, as docs/security.md says for every deployable)
 * and device history from the InfluxDB the gateways write (INFLUX_*), for the alert detail's chart.
 */
export async function startCentralService(options: {
  config: AlertServiceConfig;
  /** The sites file's content: it seeds an empty registry (docs/registry.md). */
  seed: RegistrySeed;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
}): Promise<CentralServiceHandle> {
  const { config, seed, logger } = options;
  const env = options.env ?? process.env;
  const extras = loadServiceExtrasConfig(env);
  const telemetry =
    extras.influx === undefined
      ? undefined
      : new InfluxTimeSeriesSink(extras.influx, logger.child({ part: 'influxdb' }));
  if (telemetry === undefined) {
    logger.warn(
      'INFLUX_URL is not set: the alert detail has no telemetry chart (GET /api/telemetry answers 503)',
    );
  }
  const metrics = new AlertingMetrics();
  let ready = false;
  const metricsHandler = gatewayHttpHandler({ registry: metrics.registry, isReady: () => ready });
  const alerting = await startAlertService({
    config,
    seed,
    logger,
    env,
    metrics,
    ...(telemetry ? { telemetry } : {}),
    ...(config.host === undefined ? {} : { host: config.host }),
    beforeListen: (app) => {
      const guarded = guardMetrics(metricsHandler, {
        ...(extras.metricsToken === undefined ? {} : { token: extras.metricsToken }),
      });
      app.use('/metrics', (req: HttpArgs[0], res: HttpArgs[1]) => {
        req.url = '/metrics';
        void guarded(req, res);
      });
      serveDashboard(app, DASHBOARD_DIST);
    },
  });
  ready = true;
  let metricsPort: number | undefined;
  let stopMetrics = async () => {};
  if (extras.metricsPort !== undefined) {
    try {
      const server = await startMetricsHttp(extras.metricsPort, config.host, metricsHandler);
      metricsPort = serverPort(server);
      stopMetrics = () => closeServer(server);
    } catch (err) {
      await alerting.stop();
      throw err;
    }
  }
  return {
    alerting,
    ...(metricsPort === undefined ? {} : { metricsPort }),
    stop: async () => {
      ready = false;
      await stopMetrics();
      await alerting.stop();
    },
  };
}
