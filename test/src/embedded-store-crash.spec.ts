import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddedTimeSeriesSink } from '@campus/ingest';
import { freePort } from './support/free-port';
import { spawnApp, type GatewayProcess } from './support/gateway-process';
import { fetchMetrics, metricValue } from './support/metrics-reader';
import { publishReadings } from './support/reading-publisher';
import { SCHOOL_A, SECRETS, TEST_SITES_PATH } from './support/test-sites';
import { waitFor } from './support/wait-for';

const COUNT = 5_000;

describe('the embedded store after a crash', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  });

  it('restarts after SIGKILL with every acknowledged reading', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'campus-embedded-kill-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const [http, mqttPort, ws] = [await freePort(), await freePort(), await freePort()];
    const env = {
      PORT: String(http),
      MQTT_PORT: String(mqttPort),
      MQTT_WS_PORT: String(ws),
      DATA_DIR: dataDir,
      SITES_FILE: TEST_SITES_PATH,
    };
    const health = `http://127.0.0.1:${http}/api/health`;
    let gateway: GatewayProcess = await spawnApp('apps/gateway/src/main.ts', env, health);
    cleanups.push(() => gateway.kill('SIGKILL'));

    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, {
      username: 'tmp-0001',
      password: SECRETS['tmp-0001']!,
      clientId: 'tmp-0001-embedded-kill',
      protocolVersion: 4,
      reconnectPeriod: 100,
    });
    cleanups.push(() => client.endAsync(true));
    const baseTs = Date.now() - COUNT - 60_000;
    const run = publishReadings(client, SCHOOL_A, 'tmp-0001', baseTs, COUNT);
    await waitFor(() => run.acked() >= 1_500, { timeoutMs: 30_000, what: '1,500 readings acknowledged' });
    await gateway.kill('SIGKILL');

    gateway = await spawnApp('apps/gateway/src/main.ts', env, health);
    await run.done;
    await waitFor(async () => metricValue(await fetchMetrics(http), 'campus_outbox_depth') === 0, {
      what: 'outbox drained',
    });
    // Read back through the restarted gateway's own store: stop it cleanly and open the store.
    await gateway.kill('SIGTERM');
    const sink = await EmbeddedTimeSeriesSink.open(join(dataDir, 'timeseries'));
    cleanups.push(() => sink.close());
    expect((await sink.countPoints('tmp-0001')).telemetry).toBe(COUNT);
  });
});
