import { demoProvinceNotice } from '@campus/device-protocols';
import { loadAlertServiceConfig } from '@campus/alerting';
import { loadSitesFile } from '@campus/ingest';
import { createLogger, runService } from '@campus/service-runtime';
import { startCentralService } from './alert-service';

// The central deployable: environment in, alert service out (docs/operations.md). Several replicas
// may share one PostgreSQL (DATABASE_URL); give each its own ALERT_SERVICE_CLIENT_ID. Dashboard,
// /metrics and InfluxDB history: ./alert-service.ts (docs/deployment.md). The sites file seeds an
// empty registry only (docs/registry.md).
const logger = createLogger('alert-service');

await runService('alert-service', logger, async () => {
  const config = loadAlertServiceConfig();
  const file = await loadSitesFile(config.sitesFile, { warn: (message) => logger.warn(message) });
  const service = await startCentralService({ config, seed: file, logger });
  if (config.sitesFile === undefined) {
    for (const line of demoProvinceNotice(file.sites)) logger.warn({ host: config.host }, line);
  }
  return service;
});
