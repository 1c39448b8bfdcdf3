import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadGatewayConfig, loadSites, startGateway, type GatewayHandle } from '@campus/ingest';
import { TEST_SITES_PATH } from './test-sites';

export interface TestGateway extends GatewayHandle {
  dataDir: string;
  mqttUrl: string;
  wsUrl: string;
  httpUrl: string;
  /** Stops the gateway and removes its data directory. */
  dispose(): Promise<void>;
}

/**
 * An in-process gateway on free loopback ports, configured through the same environment variables
 * an operator sets (docs/operations.md).
 */
export async function startTestGateway(
  env: Record<string, string> = {},
  dataDir?: string,
): Promise<TestGateway> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'campus-gw-')));
  const config = loadGatewayConfig({
    PORT: '0',
    MQTT_PORT: '0',
    MQTT_WS_PORT: '0',
    DATA_DIR: dir,
    SITES_FILE: TEST_SITES_PATH,
    BATCH_MAX_AGE_MS: '20',
    ...env,
  });
  const logger = pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });
  const sites = await loadSites(config.sitesFile);
  const gateway = await startGateway({ config, sites, logger, host: '127.0.0.1' });
  return {
    ...gateway,
    dataDir: dir,
    mqttUrl: `mqtt://127.0.0.1:${gateway.ports.mqtt}`,
    wsUrl: `ws://127.0.0.1:${gateway.ports.ws}`,
    httpUrl: `http://127.0.0.1:${gateway.ports.http}`,
    dispose: async () => {
      await gateway.stop();
      if (!dataDir) await rm(dir, { recursive: true, force: true });
    },
  };
}
