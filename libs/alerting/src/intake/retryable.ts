/**
 * Whether a failure in handling an uplink message is worth another try (the database is down,
 * a connection dropped) rather than a property of the message (a bug, a row the data refuses).
 * Retryable failures leave the message unacknowledged so the broker redelivers it.
 */

/** Throw (or wrap in) this to mark a failure retryable. Any error with `retryable: true` counts too. */
export class RetryableError extends Error {
  override name = 'RetryableError';
  readonly retryable = true;
}

/** Socket-level failures and PostgreSQL SQLSTATEs that mean "not now" rather than "never". */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '40001', // serialization_failure
  '40P01', // deadlock_detected
]);

/**
 * The default classification: `retryable: true` on the error or its cause, a transient socket
 * code, or a PostgreSQL connection exception (SQLSTATE class 08).
 */
export function isRetryableError(err: unknown, depth = 0): boolean {
  if (typeof err !== 'object' || err === null || depth > 3) return false;
  const { retryable, code, cause } = err as { retryable?: unknown; code?: unknown; cause?: unknown };
  if (retryable === true) return true;
  if (retryable === false) return false;
  if (typeof code === 'string' && (TRANSIENT_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  return isRetryableError(cause, depth + 1);
}
