import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { freePort, waitFor } from '@campus/test-kit';
import { spawnApp, type GatewayProcess } from './gateway-process';
import { publishReadings } from './reading-publisher';
import { SCHOOL_A, SECRETS, TEST_SITES_PATH } from './test-sites';

export interface CrashRun {
  dataDir: string;
  httpPort: number;
  /** Resolves once every reading has been acknowledged, across the crash. */
  done: Promise<void>;
  /** The gateway process running now (after the restart, the new one). */
  gateway(): GatewayProcess;
  cleanup(): Promise<void>;
}

/**
 * Runs `apps/gateway` as a process on fixed free ports, streams `count` QoS 1 readings from a device
 * that reconnects and resends by itself (as mqtt.js does), SIGKILLs the gateway once `killAfter`
 * readings are acknowledged and starts it again on the same ports and data directory.
 */
export async function publishThroughCrash(options: {
  env?: Record<string, string>;
  count: number;
  killAfter: number;
  baseTs: number;
}): Promise<CrashRun> {
  const dataDir = await mkdtemp(join(tmpdir(), 'campus-gw-crash-'));
  const httpPort = await freePort();
  const mqttPort = await freePort();
  const env = {
    PORT: String(httpPort),
    MQTT_PORT: String(mqttPort),
    MQTT_WS_PORT: String(await freePort()),
    DATA_DIR: dataDir,
    SITES_FILE: TEST_SITES_PATH,
    ...options.env,
  };
  const health = `http://127.0.0.1:${httpPort}/api/health`;
  let gateway = await spawnApp('apps/gateway/src/main.ts', env, health);
  let client: MqttClient | undefined;
  const cleanup = async () => {
    await client?.endAsync(true).catch(() => undefined);
    await gateway.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    client = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, {
      username: 'tmp-0001',
      password: SECRETS['tmp-0001']!,
      clientId: `tmp-0001-crash-${process.pid}`,
      protocolVersion: 4,
      reconnectPeriod: 100,
    });
    const run = publishReadings(client, SCHOOL_A, 'tmp-0001', options.baseTs, options.count);
    await waitFor(() => run.acked() >= options.killAfter, {
      timeoutMs: 30_000,
      what: `${options.killAfter} readings acknowledged`,
    });
    await gateway.kill('SIGKILL');
    if (run.acked() >= options.count)
      throw new Error('every reading was acknowledged before the crash: raise count');
    gateway = await spawnApp('apps/gateway/src/main.ts', env, health);
    return { dataDir, httpPort, done: run.done, gateway: () => gateway, cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
