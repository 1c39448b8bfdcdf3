import { readFile } from 'node:fs/promises';
import {
  DEMO_SITES_PATH,
  SitesFileError,
  checkDemoCredentials,
  demoProvinceNotice,
  parseSites,
  plainCredentialsWarning,
} from '@campus/device-protocols';
import { loadAlertServiceConfig } from '@campus/alerting';
import { createLogger, runService } from '@campus/service-runtime';
import { startCentralService } from './alert-service';

// The central deployable: environment in, alert service out (docs/operations.md). Several replicas
// may share one PostgreSQL (DATABASE_URL); give each its own ALERT_SERVICE_CLIENT_ID. Dashboard,
// /metrics and InfluxDB history: ./alert-service.ts (docs/deployment.md).
const logger = createLogger('alert-service');

await runService('alert-service', logger, async () => {
  const config = loadAlertServiceConfig();
  const file = config.sitesFile ?? DEMO_SITES_PATH;
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new SitesFileError(
      file,
      undefined,
      `cannot read the sites file (${err.code ?? 'error'}): check SITES_FILE`,
    );
  });
  const sites = parseSites(text, config.sitesFile ?? 'built-in demo province');
  if (config.sitesFile !== undefined) {
    // a real sites file: the demo's public credentials are refused, other plain ones warned about
    const warning = plainCredentialsWarning(
      checkDemoCredentials(sites, text, config.sitesFile),
      config.sitesFile,
    );
    if (warning !== undefined) logger.warn(warning);
  }
  const service = await startCentralService({ config, sites, logger });
  if (config.sitesFile === undefined) {
    for (const line of demoProvinceNotice(sites)) logger.warn({ host: config.host }, line);
  }
  return service;
});
