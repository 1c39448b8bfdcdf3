import type { Logger } from 'pino';
import { SitesFileError } from '@campus/device-protocols';
import { ConfigError } from './config/gateway-config';

/**
 * Runs a deployable: start it, stop it cleanly on SIGINT/SIGTERM, and turn start-up failures into
 * one clear line for the operator (a bad sites file or environment is not a stack trace).
 */
export async function runService(
  name: string,
  logger: Logger,
  start: () => Promise<{ stop(): Promise<void> }>,
): Promise<void> {
  let service: { stop(): Promise<void> };
  try {
    service = await start();
  } catch (err) {
    if (err instanceof SitesFileError || err instanceof ConfigError) {
      logger.fatal(`${name} cannot start: ${err.message}`);
    } else {
      logger.fatal({ err }, `${name} failed to start: ${(err as Error).message}`);
    }
    process.exitCode = 1;
    return;
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `${name} stopping`);
    service.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, `${name} did not stop cleanly`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}
