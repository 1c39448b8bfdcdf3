import { describe, expect, it } from 'vitest';
import { LogThrottle } from './log-throttle';

describe('LogThrottle', () => {
  it('passes once per key per window and reports what it held back', () => {
    const throttle = new LogThrottle(1000);
    expect(throttle.pass('a', 0)).toBe(0);
    expect(throttle.pass('a', 10)).toBeUndefined();
    expect(throttle.pass('a', 20)).toBeUndefined();
    expect(throttle.pass('b', 30)).toBe(0);
    expect(throttle.pass('a', 1001)).toBe(2);
  });
});

describe('LogThrottle bound', () => {
  it('a flood of distinct keys shares one overflow line per window and keeps the windows already held', () => {
    const throttle = new LogThrottle(1000, 3);
    expect(throttle.pass('held', 0)).toBe(0);
    let passed = 0;
    for (let i = 0; i < 10_000; i++) if (throttle.pass(`flood-${i}`, 10) !== undefined) passed++;
    // Two keys fit beside `held`; every later one is the overflow key, let through once.
    expect(passed).toBe(3);
    expect(throttle.size).toBeLessThanOrEqual(4);
    expect(throttle.pass('held', 20)).toBeUndefined();
  });

  it('sweeps ended windows out of a full table', () => {
    const throttle = new LogThrottle(1000, 2);
    throttle.pass('a', 0);
    throttle.pass('b', 0);
    expect(throttle.pass('c', 1001)).toBe(0);
    expect(throttle.pass('d', 1001)).toBe(0);
    expect(throttle.size).toBe(2);
  });
});
