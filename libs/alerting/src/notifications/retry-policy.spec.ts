import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_POLICY,
  backoffDelayMs,
  classifyError,
  isRetryableStatus,
  shouldRetry,
} from './retry-policy';

describe('backoffDelayMs', () => {
  const p = DEFAULT_RETRY_POLICY;

  it('doubles from the base up to the cap, without jitter at random 1', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((a) => backoffDelayMs(p, a, () => 1));
    expect(delays).toEqual([2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it('takes off up to the jitter share', () => {
    expect(backoffDelayMs(p, 1, () => 0)).toBe(1_000);
    expect(backoffDelayMs(p, 3, () => 0.5)).toBe(6_000);
    for (let i = 0; i < 100; i++) {
      const d = backoffDelayMs(p, 2);
      expect(d).toBeGreaterThanOrEqual(2_000);
      expect(d).toBeLessThanOrEqual(4_000);
    }
    expect(backoffDelayMs({ ...p, jitter: 0 }, 2, () => 0)).toBe(4_000);
  });
});

describe('shouldRetry', () => {
  it('retries retryable failures up to the maximum number of attempts', () => {
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBe(5);
    expect(shouldRetry(DEFAULT_RETRY_POLICY, 1, true)).toBe(true);
    expect(shouldRetry(DEFAULT_RETRY_POLICY, 4, true)).toBe(true);
    expect(shouldRetry(DEFAULT_RETRY_POLICY, 5, true)).toBe(false);
    expect(shouldRetry(DEFAULT_RETRY_POLICY, 1, false)).toBe(false);
  });
});

describe('which errors are retryable', () => {
  it('retries 408, 429 and 5xx but not other 4xx', () => {
    expect([400, 401, 403, 404, 408, 429, 500, 502, 503].map(isRetryableStatus)).toEqual([
      false,
      false,
      false,
      false,
      true,
      true,
      true,
      true,
      true,
    ]);
  });

  it('classifies Twilio exceptions by status and network errors as retryable', () => {
    const invalidNumber = Object.assign(new Error("Invalid 'To' Phone Number"), { status: 400, code: 21211 });
    expect(classifyError(invalidNumber)).toEqual({
      error: "HTTP 400 (Twilio 21211): Invalid 'To' Phone Number",
      retryable: false,
    });
    expect(classifyError(Object.assign(new Error('Too Many Requests'), { status: 429 })).retryable).toBe(
      true,
    );
    expect(classifyError(Object.assign(new Error('Internal'), { status: 500 })).retryable).toBe(true);
    expect(classifyError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toEqual(
      {
        error: 'ECONNREFUSED: connect ECONNREFUSED',
        retryable: true,
      },
    );
    expect(classifyError('weird')).toEqual({ error: 'weird', retryable: true });
  });
});
