import { describe, expect, it } from 'vitest';
import { waitFor } from './waiting';

describe('waitFor', () => {
  it('resolves with the first truthy value; a throwing check counts as not yet', async () => {
    let calls = 0;
    const value = await waitFor(() => {
      calls += 1;
      if (calls === 1) throw new Error('not ready');
      return calls >= 3 ? { calls } : undefined;
    });
    expect(value).toEqual({ calls: 3 });
  });

  it('names what it waited for, and the last value, when the deadline passes', async () => {
    await expect(waitFor(() => false, { timeoutMs: 30, what: 'the moon' })).rejects.toThrow(
      /timed out after 30 ms waiting for the moon \(last: false\)/,
    );
  });

  it('stops at once when giveUp gives a reason', async () => {
    const started = Date.now();
    await expect(waitFor(() => false, { timeoutMs: 10_000, giveUp: () => 'it exited' })).rejects.toThrow(
      'it exited',
    );
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
