import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TwilioDouble } from '@campus/alerting/testing';
import { freePort } from '@campus/test-kit';
import { spawnApp, type GatewayProcess } from './gateway-process';
import { TEST_SITES_PATH } from './test-sites';

export interface TestPlatform {
  /** `http://127.0.0.1:<PORT>`: API, socket.io, dashboard. */
  base: string;
  mqttUrl: string;
  twilio: TwilioDouble;
  process: GatewayProcess;
  stop(): Promise<void>;
}

/**
 * `apps/platform` as its own process, the way `npm start` runs it, on the test province with the
 * simulator off and notifications going to a Twilio double.
 */
export async function startTestPlatform(
  options: { sitesFile?: string; env?: Record<string, string>; nodeArgs?: readonly string[] } = {},
): Promise<TestPlatform> {
  const twilio = await TwilioDouble.start();
  const dataDir = await mkdtemp(join(tmpdir(), 'campus-platform-'));
  const [http, mqttPort, ws] = [await freePort(), await freePort(), await freePort()];
  const base = `http://127.0.0.1:${http}`;
  try {
    const process = await spawnApp(
      'apps/platform/src/main.ts',
      {
        PORT: String(http),
        MQTT_PORT: String(mqttPort),
        MQTT_WS_PORT: String(ws),
        DATA_DIR: dataDir,
        SITES_FILE: options.sitesFile ?? TEST_SITES_PATH,
        SIMULATE: '0',
        JWT_SECRET: 'test-secret-test-secret-test-secret',
        TWILIO_ACCOUNT_SID: twilio.accountSid,
        TWILIO_AUTH_TOKEN: twilio.authToken,
        TWILIO_FROM: '+15550000000',
        TWILIO_API_URL: twilio.url,
        ...options.env,
      },
      `${base}/api/health`,
      options.nodeArgs,
    );
    return {
      base,
      mqttUrl: `mqtt://127.0.0.1:${mqttPort}`,
      twilio,
      process,
      stop: async () => {
        await process.kill('SIGTERM');
        await twilio.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await twilio.close();
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
}
