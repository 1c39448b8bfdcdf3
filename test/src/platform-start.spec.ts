import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, waitFor } from '@campus/test-kit';
import { spawnApp, type GatewayProcess } from './testing/gateway-process';
import { fetchMetrics, metricValue } from './testing/metrics-reader';

describe('npm start: the all-in-one platform with the demo province and the simulator', () => {
  let app: GatewayProcess | undefined;
  let dataDir: string | undefined;
  afterAll(async () => {
    await app?.kill('SIGTERM');
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('announces the dashboard URL and ingests simulated devices of every protocol', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'campus-platform-'));
    const port = await freePort();
    app = await spawnApp(
      'apps/platform/src/main.ts',
      {
        PORT: String(port),
        MQTT_PORT: String(await freePort()),
        MQTT_WS_PORT: String(await freePort()),
        DATA_DIR: dataDir,
      },
      `http://127.0.0.1:${port}/api/health`,
    );
    await waitFor(() => app!.output().includes(`dashboard: http://localhost:${port}`), {
      what: 'the dashboard line',
    });
    await waitFor(
      async () => {
        const page = await fetchMetrics(port);
        return ['native', 'zigbee2mqtt', 'frigate'].every((protocol) => {
          try {
            return metricValue(page, 'campus_messages_decoded_total', { protocol }) > 0;
          } catch {
            return false;
          }
        });
      },
      { timeoutMs: 30_000, what: 'simulated traffic of every protocol' },
    );
    const page = await fetchMetrics(port);
    expect(metricValue(page, 'campus_points_written_total', { sink: 'embedded' })).toBeGreaterThan(0);
    expect(metricValue(page, 'campus_messages_refused_total')).toBe(0);
    expect(metricValue(page, 'campus_messages_malformed_total')).toBe(0);
  });
});
