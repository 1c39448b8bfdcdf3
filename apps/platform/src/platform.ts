import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Sites } from '@campus/device-protocols';
import { startAlertService, type AlertServiceHandle } from '@campus/alerting';
import { startGateway, type GatewayConfig, type GatewayHandle } from '@campus/ingest';
import { startSimulator, type SimulatorHandle } from '@campus/simulators';

export interface PlatformOptions {
  config: GatewayConfig;
  sites: Sites;
  logger: Logger;
  simulate: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface PlatformHandle {
  gateway: GatewayHandle;
  alerting: AlertServiceHandle;
  ports: GatewayHandle['ports'] & { http: number };
  stop(): Promise<void>;
}

/**
 * Everything in one process (`npm start`): the gateway with its embedded broker and time-series
 * store, the alert service on PORT (API, socket.io, `/metrics`, `/api/health`), and the simulator.
 */
export async function startPlatform({
  config,
  sites,
  logger,
  simulate,
  env = process.env,
}: PlatformOptions): Promise<PlatformHandle> {
  // The alert service reads the uplink from the gateway's own broker; the account never leaves the process
  // unless the operator set one (then it is shared with gateways elsewhere).
  const service = config.service ?? {
    username: 'alert-service',
    password: randomBytes(24).toString('base64url'),
  };
  const gateway = await startGateway({
    config: { ...config, service },
    sites,
    logger: logger.child({ part: 'gateway' }),
    serveHttp: false,
  });
  let alerting: AlertServiceHandle;
  try {
    alerting = await startAlertService({
      config: {
        httpPort: config.httpPort,
        dataDir: config.dataDir,
        ...(env['DATABASE_URL'] ? { databaseUrl: env['DATABASE_URL'] } : {}),
        mqttUrl: config.mqttUrl ?? `mqtt://127.0.0.1:${gateway.ports.mqtt}`,
        service,
      },
      sites,
      env,
      logger: logger.child({ part: 'alerting' }),
      beforeListen: (app) =>
        app.use(
          '/metrics',
          (
            req: Parameters<GatewayHandle['httpHandler']>[0],
            res: Parameters<GatewayHandle['httpHandler']>[1],
          ) => {
            req.url = '/metrics';
            void gateway.httpHandler(req, res);
          },
        ),
    });
  } catch (err) {
    await gateway.stop();
    throw err;
  }
  let simulator: SimulatorHandle | undefined;
  if (simulate) {
    const url = config.mqttUrl ?? `mqtt://127.0.0.1:${gateway.ports.mqtt}`;
    simulator = await startSimulator({
      sites,
      url,
      rate: 20,
      scenario: 'normal',
      logger: logger.child({ part: 'simulator' }),
    });
  }
  return {
    gateway,
    alerting,
    ports: { ...gateway.ports, http: alerting.port },
    stop: async () => {
      await simulator?.stop();
      await alerting.stop();
      await gateway.stop();
    },
  };
}
