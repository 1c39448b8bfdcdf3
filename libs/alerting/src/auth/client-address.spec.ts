import { describe, expect, it } from 'vitest';
import { clientAddress, trustProxyFromEnv } from './client-address';

describe('trustProxyFromEnv (TRUST_PROXY)', () => {
  it('trusts no X-Forwarded-For by default', () => {
    for (const value of [undefined, '', ' ', '0', 'false', 'no']) {
      expect(trustProxyFromEnv({ TRUST_PROXY: value }), String(value)).toBe(false);
    }
  });

  it('takes a number of proxy hops (true = 1) or a list of proxies', () => {
    expect(trustProxyFromEnv({ TRUST_PROXY: 'true' })).toBe(1);
    expect(trustProxyFromEnv({ TRUST_PROXY: '2' })).toBe(2);
    expect(trustProxyFromEnv({ TRUST_PROXY: 'loopback, 10.0.0.0/8,192.168.1.5,fd00::/8' })).toEqual([
      'loopback',
      '10.0.0.0/8',
      '192.168.1.5',
      'fd00::/8',
    ]);
  });

  it('refuses anything else at start, naming the bad part', () => {
    expect(() => trustProxyFromEnv({ TRUST_PROXY: 'nginx' })).toThrow(/TRUST_PROXY="nginx": "nginx" is not/);
    expect(() => trustProxyFromEnv({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/10\.0\.0\.0\/33/);
  });
});

describe('clientAddress', () => {
  it("is express's req.ip, else the socket's, IPv4-mapped as IPv4 and IPv6 by /64", () => {
    expect(clientAddress({ ip: '203.0.113.9', socket: { remoteAddress: '10.0.0.1' } })).toBe('203.0.113.9');
    expect(clientAddress({ socket: { remoteAddress: '::ffff:127.0.0.1' } })).toBe('127.0.0.1');
    expect(clientAddress({ ip: '2001:db8:1:2:aaaa::1' })).toBe(clientAddress({ ip: '2001:db8:1:2:bbbb::9' }));
    expect(clientAddress({})).toBe('unknown');
  });
});
