import { describe, expect, it } from 'vitest';
import { failureKind, liveState, retryDelayMs } from './live-state';

describe('the live badge says "live" only when the socket is up and the list complete', () => {
  it.each([
    [{ connected: false, complete: false, failed: false }, 'connecting'],
    [{ connected: false, complete: false, failed: true }, 'connecting'],
    [{ connected: true, complete: false, failed: false }, 'syncing'],
    // the case: socket.io up, the list answered 503: not live
    [{ connected: true, complete: false, failed: true }, 'incomplete'],
    [{ connected: true, complete: true, failed: false }, 'live'],
  ] as const)('%o → %s', (inputs, expected) => {
    expect(liveState(inputs)).toBe(expected);
  });
});

describe('retries of a failed list read back off, but not for long', () => {
  it('doubles from 1 s and stays at 10 s', () => {
    expect([0, 1, 2, 3, 4, 5, 20].map(retryDelayMs)).toEqual([
      1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000,
    ]);
  });
  it('treats a negative attempt as the first', () => {
    expect(retryDelayMs(-1)).toBe(1_000);
  });
});

describe('a failure is named by kind, so the screen can say it in the user language', () => {
  it.each([
    [0, 'network'],
    [undefined, 'network'],
    [503, 'unavailable'],
    [502, 'unavailable'],
    [504, 'unavailable'],
    [500, 'server'],
    [401, 'denied'],
    [403, 'denied'],
    [404, 'other'],
  ] as const)('%s → %s', (status, kind) => {
    expect(failureKind(status)).toBe(kind);
  });
});
