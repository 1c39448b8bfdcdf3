import type { Logger } from 'pino';

/**
 * Errors an operator fixes by changing configuration (a bad sites file, a missing variable): they
 * are reported as one line, never as a stack trace. Matched by name so that each library keeps its
 * own error class.
 */
const OPERATOR_ERRORS = new Set([
  'SitesFileError',
  'ConfigError',
  'AlertServiceConfigError',
  'RuleConfigError',
  'PlanConfigError',
]);

export function isOperatorError(err: unknown): err is Error {
  return err instanceof Error && OPERATOR_ERRORS.has(err.name);
}

/**
 * Runs a deployable: start it, stop it cleanly on SIGINT/SIGTERM, and turn start-up failures into
 * one clear line for the operator.
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
    if (isOperatorError(err)) logger.fatal(`${name} cannot start: ${err.message}`);
    else logger.fatal({ err }, `${name} failed to start: ${(err as Error).message}`);
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
