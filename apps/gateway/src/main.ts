import { demoProvinceNotice } from '@campus/device-protocols';
import {
  closeServer,
  handlerWhileStarting,
  loadGatewayConfig,
  loadSites,
  serverPort,
  startGateway,
  startGatewayHttp,
  startMetricsHttp,
} from '@campus/ingest';
import { createLogger, runService } from '@campus/service-runtime';

// The edge deployable: environment in, gateway out (docs/operations.md). Every listener is bound
// to HOST; /metrics on PORT answers METRICS_TOKEN or this machine only; METRICS_PORT adds a
// listener for /metrics alone.
const logger = createLogger('gateway');

await runService('gateway', logger, async () => {
  const config = loadGatewayConfig();
  if (config.tls?.httpsPort !== undefined) {
    // HTTPS_PORT belongs to the alert service (API, dashboard); this deployable serves /metrics only
    logger.warn('HTTPS_PORT is ignored by the gateway: its HTTP port serves /metrics and /api/health only');
  }
  const sites = await loadSites(config.sitesFile, { warn: (message) => logger.warn(message) });
  // The port is open while the gateway starts: /api/health answers 503 until it is up.
  const http = handlerWhileStarting();
  const server = await startGatewayHttp(config.httpPort, config.host, http.handler, {
    ...(config.metricsToken === undefined ? {} : { token: config.metricsToken }),
  });
  const closers: (() => Promise<void>)[] = [() => closeServer(server)];
  const stop = async () => {
    for (const close of [...closers].reverse()) await close();
  };
  try {
    const gateway = await startGateway({
      config,
      sites,
      logger,
      serveHttp: false,
      ...(config.host === undefined ? {} : { host: config.host }),
    });
    closers.push(() => gateway.stop());
    http.serve(gateway.httpHandler);
    let metricsPort: number | undefined;
    if (config.metricsPort !== undefined) {
      const metrics = await startMetricsHttp(config.metricsPort, config.host, gateway.httpHandler);
      closers.push(() => closeServer(metrics));
      metricsPort = serverPort(metrics);
    }
    logger.info(
      { host: config.host ?? 'every interface', http: serverPort(server), metrics: metricsPort },
      'gateway HTTP listening',
    );
  } catch (err) {
    await stop();
    throw err;
  }
  if (config.sitesFile === undefined) {
    // the gateway has no logins: only the warning, not the demo accounts
    logger.warn({ host: config.host ?? 'every interface' }, demoProvinceNotice(sites)[0]);
  }
  return { stop };
});
