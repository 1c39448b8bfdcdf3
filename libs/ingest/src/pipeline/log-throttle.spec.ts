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
