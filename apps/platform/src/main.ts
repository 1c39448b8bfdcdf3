import pino from 'pino';
import { loadGatewayConfig, loadSites } from '@campus/ingest';
import { runService } from '@campus/service-runtime';
import { startPlatform } from './platform';

// The all-in-one deployable that `npm start` runs (CONTRACTS §1).
const logger = pino({ name: 'platform', level: process.env['LOG_LEVEL'] ?? 'info' });

await runService('platform', logger, async () => {
  const config = loadGatewayConfig();
  const sites = await loadSites(config.sitesFile);
  const simulate = (process.env['SIMULATE'] ?? '1') !== '0';
  const platform = await startPlatform({ config, sites, logger, simulate });
  // The one line operators and scripts wait for.
  console.log(`dashboard: http://localhost:${platform.ports.http}`);
  return platform;
});
