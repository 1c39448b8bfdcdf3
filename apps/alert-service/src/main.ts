import { readFile } from 'node:fs/promises';
import pino from 'pino';
import { DEMO_SITES_PATH, SitesFileError, parseSites } from '@campus/device-protocols';
import { loadAlertServiceConfig, startAlertService } from '@campus/alerting';
import { runService } from '@campus/service-runtime';

// The central deployable: environment in, alert service out (CONTRACTS §1). Several replicas may
// share one PostgreSQL (DATABASE_URL); give each its own ALERT_SERVICE_CLIENT_ID.
const logger = pino({ name: 'alert-service', level: process.env['LOG_LEVEL'] ?? 'info' });

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
  return startAlertService({ config, sites, logger });
});
