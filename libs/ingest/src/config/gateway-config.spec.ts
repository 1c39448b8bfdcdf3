import { describe, expect, it } from 'vitest';
import { ConfigError, loadGatewayConfig } from './gateway-config';

describe('loadGatewayConfig', () => {
  it('has the contract defaults', () => {
    const config = loadGatewayConfig({});
    expect(config).toMatchObject({
      httpPort: 8080,
      mqttPort: 1883,
      mqttWsPort: 8083,
      maxPayloadBytes: 65536,
      retentionDays: 180,
    });
    expect(config.influx).toBeUndefined();
    expect(config.mqttUrl).toBeUndefined();
    expect(config.dataDir).toMatch(/\/data$/);
  });

  it('chooses InfluxDB v1 when INFLUX_DATABASE is set and INFLUX_BUCKET is not', () => {
    const v1 = loadGatewayConfig({
      INFLUX_URL: 'http://h:8086',
      INFLUX_DATABASE: 'campus',
      INFLUX_USERNAME: 'u',
    });
    expect(v1.influx).toEqual({ url: 'http://h:8086', database: 'campus', username: 'u' });
    const v2 = loadGatewayConfig({
      INFLUX_URL: 'http://h:8086',
      INFLUX_BUCKET: 'b',
      INFLUX_ORG: 'o',
      INFLUX_TOKEN: 't',
      INFLUX_DATABASE: 'ignored',
    });
    expect(v2.influx).toEqual({ url: 'http://h:8086', bucket: 'b', org: 'o', token: 't' });
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ MQTT_PORT: '70000' }, /MQTT_PORT/],
    [{ INFLUX_URL: 'http://h' }, /INFLUX_BUCKET.*INFLUX_DATABASE/],
    [{ INFLUX_DATABASE: 'x' }, /INFLUX_URL/],
    [{ INFLUX_URL: 'http://h', INFLUX_BUCKET: 'b' }, /INFLUX_ORG/],
    [{ MQTT_SERVICE_USERNAME: 'svc' }, /MQTT_SERVICE_PASSWORD/],
  ])('refuses %o naming the variable', (env, message) => {
    expect(() => loadGatewayConfig(env)).toThrow(ConfigError);
    expect(() => loadGatewayConfig(env)).toThrow(message);
  });
});
