import type { Logger } from 'pino';
import type { Sites } from '@campus/device-protocols';
import { startGateway, type GatewayConfig, type GatewayHandle } from '@campus/ingest';
import { startSimulator, type SimulatorHandle } from '@campus/simulators';

export interface PlatformOptions {
  config: GatewayConfig;
  sites: Sites;
  logger: Logger;
  simulate: boolean;
}

export interface PlatformHandle {
  gateway: GatewayHandle;
  ports: GatewayHandle['ports'];
  stop(): Promise<void>;
}

/** Gateway with the embedded stores, plus the demo simulator (the alert service joins in issue #3). */
export async function startPlatform({
  config,
  sites,
  logger,
  simulate,
}: PlatformOptions): Promise<PlatformHandle> {
  const gateway = await startGateway({ config, sites, logger: logger.child({ part: 'gateway' }) });
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
    ports: gateway.ports,
    stop: async () => {
      await simulator?.stop();
      await gateway.stop();
    },
  };
}
