import { describe, expect, it } from 'vitest';
import { loadAlertServiceConfig } from './alert-service-config';

const BASE = {
  MQTT_URL: 'mqtt://gateway:1883',
  MQTT_SERVICE_USERNAME: 'svc',
  MQTT_SERVICE_PASSWORD: 'svc-pass',
};

describe('HOST of the alert service', () => {
  it('loopback with the built-in demo province, every interface with a real SITES_FILE', () => {
    expect(loadAlertServiceConfig(BASE).host).toBe('127.0.0.1');
    expect(loadAlertServiceConfig({ ...BASE, SITES_FILE: '/etc/campus/sites.yaml' }).host).toBeUndefined();
  });

  it('HOST wins; a value that is no address is refused', () => {
    expect(loadAlertServiceConfig({ ...BASE, HOST: '::' }).host).toBe('::');
    expect(loadAlertServiceConfig({ ...BASE, HOST: '10.0.0.2', SITES_FILE: 'x.yaml' }).host).toBe('10.0.0.2');
    expect(() => loadAlertServiceConfig({ ...BASE, HOST: 'not a host' })).toThrow(
      /HOST: expected an IP address/,
    );
  });
});
