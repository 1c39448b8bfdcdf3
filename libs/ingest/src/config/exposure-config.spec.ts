import { describe, expect, it } from 'vitest';
import { loadGatewayConfig } from './gateway-config';

describe('HOST', () => {
  it('defaults to loopback with the built-in demo province, every interface with a real SITES_FILE', () => {
    expect(loadGatewayConfig({}).host).toBe('127.0.0.1');
    expect(loadGatewayConfig({ SITES_FILE: '/etc/campus/sites.yaml' }).host).toBeUndefined();
  });

  it('HOST wins either way; IPv6 in brackets is accepted', () => {
    expect(loadGatewayConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadGatewayConfig({ HOST: '10.1.2.3', SITES_FILE: 'x.yaml' }).host).toBe('10.1.2.3');
    expect(loadGatewayConfig({ HOST: '[::1]' }).host).toBe('::1');
    expect(loadGatewayConfig({ HOST: 'gateway-01.school.local' }).host).toBe('gateway-01.school.local');
  });

  it('refuses what is not an address with the variable named', () => {
    expect(() => loadGatewayConfig({ HOST: 'http://0.0.0.0' })).toThrow(/HOST: expected an IP address/);
    expect(() => loadGatewayConfig({ HOST: '1.2.3.4 5.6.7.8' })).toThrow(/HOST/);
  });
});

describe('METRICS_TOKEN and METRICS_PORT', () => {
  it('are off by default', () => {
    const config = loadGatewayConfig({});
    expect(config.metricsToken).toBeUndefined();
    expect(config.metricsPort).toBeUndefined();
  });

  it('a token must be long enough to resist guessing', () => {
    expect(loadGatewayConfig({ METRICS_TOKEN: 'a'.repeat(32) }).metricsToken).toBe('a'.repeat(32));
    expect(() => loadGatewayConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be at least 16/);
  });

  it('METRICS_PORT is a port of its own', () => {
    expect(loadGatewayConfig({ METRICS_PORT: '9464' }).metricsPort).toBe(9464);
    expect(() => loadGatewayConfig({ METRICS_PORT: '8080' })).toThrow(/METRICS_PORT and PORT are both 8080/);
    expect(() => loadGatewayConfig({ METRICS_PORT: '1883' })).toThrow(/MQTT_PORT/);
    expect(() => loadGatewayConfig({ METRICS_PORT: 'x' })).toThrow(/METRICS_PORT/);
  });
});
