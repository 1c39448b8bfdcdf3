import pino from 'pino';
import { loadGatewayConfig, loadSites, runService, startGateway } from '@campus/ingest';

// The edge deployable: environment in, gateway out (CONTRACTS §1).
const logger = pino({ name: 'gateway', level: process.env['LOG_LEVEL'] ?? 'info' });

await runService('gateway', logger, async () => {
  const config = loadGatewayConfig();
  const sites = await loadSites(config.sitesFile);
  return startGateway({ config, sites, logger });
});
