import pino from 'pino';
import { loadGatewayConfig, loadSites, startGateway } from '@campus/ingest';
import { runService } from '@campus/service-runtime';

// The edge deployable: environment in, gateway out (CONTRACTS §1).
const logger = pino({ name: 'gateway', level: process.env['LOG_LEVEL'] ?? 'info' });

await runService('gateway', logger, async () => {
  const config = loadGatewayConfig();
  const sites = await loadSites(config.sitesFile);
  return startGateway({ config, sites, logger });
});
