/** Exponential backoff with jitter for failed sends (pure). */
export interface RetryPolicy {
  /** Total tries including the first. */
  maxAttempts: number;
  /** Delay after the first failure, before jitter. */
  baseDelayMs: number;
  factor: number;
  maxDelayMs: number;
  /** Share of the delay that is random, 0 … 1 (0.5: between half and all of it). */
  jitter: number;
}

/** 5 tries over about 30 s (2, 4, 8, 16 s, each minus up to half): a page must not wait long. */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  maxAttempts: 5,
  baseDelayMs: 2_000,
  factor: 2,
  maxDelayMs: 30_000,
  jitter: 0.5,
};

/** Delay before the try after failed try `attempt` (1-based); `random` returns [0, 1). */
export function backoffDelayMs(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const exp = policy.baseDelayMs * policy.factor ** Math.max(0, attempt - 1);
  const capped = Math.min(policy.maxDelayMs, exp);
  const jitter = Math.min(1, Math.max(0, policy.jitter));
  return Math.round(capped * (1 - jitter) + capped * jitter * random());
}

/** Whether failed try `attempt` (retryable or not) gets another one. */
export function shouldRetry(policy: RetryPolicy, attempt: number, retryable: boolean): boolean {
  return retryable && attempt < policy.maxAttempts;
}

/** HTTP statuses worth retrying: timeouts, rate limiting and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Network-level failures (no HTTP answer) are retryable. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_NETWORK',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/**
 * Classifies anything a provider SDK throws: an error carrying an HTTP `status` (Twilio's
 * RestException / TwilioServiceException) by that status; one with a network `code` or no
 * status at all as retryable (we cannot tell it was refused for good).
 */
export function classifyError(err: unknown): { error: string; retryable: boolean } {
  const e = (typeof err === 'object' && err !== null ? err : {}) as {
    status?: unknown;
    code?: unknown;
    message?: unknown;
  };
  const message = typeof e.message === 'string' && e.message !== '' ? e.message : String(err);
  if (typeof e.status === 'number') {
    const code = typeof e.code === 'number' ? ` (Twilio ${e.code})` : '';
    return { error: `HTTP ${e.status}${code}: ${message}`, retryable: isRetryableStatus(e.status) };
  }
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) {
    return { error: `${e.code}: ${message}`, retryable: true };
  }
  return { error: message, retryable: true };
}
