import { describe, expect, it } from 'vitest';
import { localAddressFor, simulateFromEnv } from './platform-env';

describe('SIMULATE', () => {
  it('defaults to on with the built-in demo province only', () => {
    expect(simulateFromEnv({}, true)).toBe(true);
    expect(simulateFromEnv({}, false)).toBe(false);
    expect(simulateFromEnv({ SIMULATE: ' ' }, false)).toBe(false);
  });

  it('1 and 0 decide either way', () => {
    expect(simulateFromEnv({ SIMULATE: '1' }, false)).toBe(true);
    expect(simulateFromEnv({ SIMULATE: '0' }, true)).toBe(false);
  });

  it('refuses anything else with a line that says what is allowed', () => {
    for (const value of ['yes', 'true', '2', 'on']) {
      expect(() => simulateFromEnv({ SIMULATE: value }, true)).toThrow(/^SIMULATE must be 0 or 1, got "/);
    }
  });
});

describe('localAddressFor', () => {
  it('reaches a listener on every interface through loopback, else its own address', () => {
    expect(localAddressFor(undefined)).toBe('127.0.0.1');
    expect(localAddressFor('0.0.0.0')).toBe('127.0.0.1');
    expect(localAddressFor('::')).toBe('127.0.0.1');
    expect(localAddressFor('127.0.0.1')).toBe('127.0.0.1');
    expect(localAddressFor('::1')).toBe('[::1]');
    expect(localAddressFor('10.1.2.3')).toBe('10.1.2.3');
  });
});
