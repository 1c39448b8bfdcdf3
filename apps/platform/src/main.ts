import { demoProvinceNotice } from '@campus/device-protocols';
import { loadGatewayConfig, loadSitesFile } from '@campus/ingest';
import { createLogger, runService } from '@campus/service-runtime';
import { startPlatform } from './platform';
import { simulateFromEnv } from './platform-env';

// The all-in-one deployable that `npm start` runs (README.md, docs/operations.md).
const logger = createLogger('platform');

await runService('platform', logger, async () => {
  const config = loadGatewayConfig();
  const demo = config.sitesFile === undefined;
  const simulate = simulateFromEnv(process.env, demo);
  const file = await loadSitesFile(config.sitesFile, { warn: (message) => logger.warn(message) });
  const { sites } = file;
  if (simulate && !demo) {
    logger.warn(
      'SIMULATE=1 with a real SITES_FILE: the simulator logs in as every device that has a plain secret, ' +
        'and its readings hide real outages; unset SIMULATE for production',
    );
  }
  const platform = await startPlatform({ config, sites, seed: file, logger, simulate });
  if (demo) {
    for (const line of demoProvinceNotice(sites)) console.log(line);
    if (config.host === '127.0.0.1') {
      console.log('listening on 127.0.0.1 only: other machines cannot reach this demo (HOST)');
    } else {
      logger.warn(
        { host: config.host ?? 'every interface' },
        'HOST exposes the built-in demo province, whose passwords are public, to the network',
      );
    }
  }
  // The one line operators and scripts wait for.
  console.log(`dashboard: http://localhost:${platform.ports.http}`);
  if (platform.ports.https !== undefined) {
    console.log(`dashboard (HTTPS): https://localhost:${platform.ports.https}`);
  }
  return platform;
});
