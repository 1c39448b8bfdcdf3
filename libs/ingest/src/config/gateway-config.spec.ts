import { describe, expect, it } from 'vitest';
import { ConfigError, loadGatewayConfig, loadServiceExtrasConfig } from './gateway-config';

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

  it('forwards to a central broker only with UPLINK_URL, journalling under DATA_DIR/uplink', () => {
    expect(loadGatewayConfig({}).uplink).toBeUndefined();
    const config = loadGatewayConfig({
      DATA_DIR: '/var/lib/campus',
      UPLINK_URL: 'mqtts://central.example.gov.cn:8883',
      UPLINK_USERNAME: 'gw-610113',
      UPLINK_PASSWORD: 'secret-secret',
      GATEWAY_ID: 'county-610113',
    });
    expect(config.uplink).toEqual({
      url: 'mqtts://central.example.gov.cn:8883',
      username: 'gw-610113',
      password: 'secret-secret',
      gatewayId: 'county-610113',
      dir: '/var/lib/campus/uplink',
      maxBytes: 256 * 1024 * 1024,
    });
    // GATEWAY_ID defaults to the host name
    expect(loadGatewayConfig({ UPLINK_URL: 'mqtt://c:1883' }).uplink?.gatewayId).toMatch(/^[A-Za-z0-9_.-]+$/);
    expect(() => loadGatewayConfig({ UPLINK_URL: 'http://c' })).toThrow(/UPLINK_URL must be mqtt:\/\/host/);
    expect(() => loadGatewayConfig({ UPLINK_USERNAME: 'u', UPLINK_PASSWORD: 'p' })).toThrow(
      /without UPLINK_URL/,
    );
    expect(() => loadGatewayConfig({ UPLINK_URL: 'mqtt://c', UPLINK_USERNAME: 'u' })).toThrow(
      /both UPLINK_USERNAME/,
    );
    expect(() => loadGatewayConfig({ UPLINK_URL: 'mqtt://c', GATEWAY_ID: 'a b' })).toThrow(/GATEWAY_ID/);
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
    [{ GB26875_PORT: 'fire' }, /GB26875_PORT: expected a TCP port 0–65535, or unset .*got "fire"/],
    [{ GB26875_PORT: '65536' }, /GB26875_PORT: expected a TCP port/],
    [{ GB26875_PORT: '1883' }, /GB26875_PORT and MQTT_PORT are both 1883/],
    [{ GB26875_PORT: '9000', PORT: '9000' }, /GB26875_PORT and PORT are both 9000/],
    [{ GB26875_PORT: '9000', GB26875_IDLE_SECONDS: '0' }, /GB26875_IDLE_SECONDS/],
  ])('refuses %o naming the variable', (env, message) => {
    expect(() => loadGatewayConfig(env)).toThrow(ConfigError);
    expect(() => loadGatewayConfig(env)).toThrow(message);
  });

  it('turns the GB/T 26875.3 listener on only when GB26875_PORT is set', () => {
    expect(loadGatewayConfig({}).gb26875).toBeUndefined();
    expect(loadGatewayConfig({ GB26875_PORT: ' ' }).gb26875).toBeUndefined();
    expect(loadGatewayConfig({ GB26875_PORT: '9000' }).gb26875).toEqual({
      port: 9000,
      idleTimeoutMs: 180_000,
    });
    expect(loadGatewayConfig({ GB26875_PORT: '0', GB26875_IDLE_SECONDS: '30' }).gb26875).toEqual({
      port: 0,
      idleTimeoutMs: 30_000,
    });
    // With an external broker the MQTT ports are not listened on, so they cannot clash.
    expect(loadGatewayConfig({ GB26875_PORT: '1883', MQTT_URL: 'mqtt://b:1883' }).gb26875?.port).toBe(1883);
  });
});

describe('loadServiceExtrasConfig (the central alert service)', () => {
  it("reads INFLUX_* and METRICS_* with the gateway's rules", () => {
    expect(loadServiceExtrasConfig({})).toEqual({});
    expect(
      loadServiceExtrasConfig({
        INFLUX_URL: 'http://influx:8086',
        INFLUX_DATABASE: 'campus',
        METRICS_PORT: '9464',
        METRICS_TOKEN: '0123456789abcdef0123',
      }),
    ).toEqual({
      influx: { url: 'http://influx:8086', database: 'campus' },
      metricsPort: 9464,
      metricsToken: '0123456789abcdef0123',
    });
    expect(() => loadServiceExtrasConfig({ INFLUX_URL: 'http://influx:8086' })).toThrow(/INFLUX_BUCKET/);
    expect(() => loadServiceExtrasConfig({ METRICS_TOKEN: 'short' })).toThrow(/at least 16 characters/);
  });

  it('takes GATEWAY_SCHOOLS as comma-separated 10-digit codes', () => {
    expect(loadGatewayConfig({ GATEWAY_SCHOOLS: '2161010001, 2161010002' }).gatewaySchools).toEqual([
      '2161010001',
      '2161010002',
    ]);
    expect(loadGatewayConfig({}).gatewaySchools).toBeUndefined();
    expect(() => loadGatewayConfig({ GATEWAY_SCHOOLS: '610113' })).toThrow(/10-digit school codes/);
  });
});
