import { setLogger } from '@influxdata/influxdb-client';
import type { Logger } from 'pino';

let target: Logger | undefined;
let installed = false;

/**
 * The client logs every failed write to stderr (`console.error`) by default. Our sink turns each
 * failure into a rejected promise with a full explanation (and the outbox logs and retries it),
 * so the client's own messages go to pino at debug level, or nowhere without a logger.
 * `setLogger` is process-wide: the logger of the most recently constructed sink is used.
 */
export function installQuietClientLogger(logger: Logger | undefined): void {
  if (logger) target = logger;
  if (installed) return;
  installed = true;
  setLogger({
    error(message: string, error?: unknown) {
      target?.debug({ err: error, source: 'influxdb-client' }, message);
    },
    warn(message: string, error?: unknown) {
      target?.debug({ err: error, source: 'influxdb-client' }, message);
    },
  });
}
