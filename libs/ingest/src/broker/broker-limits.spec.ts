import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { brokerLimitsEnv, brokerLimitsFromEnv, capKeepalive, defaultBrokerLimits } from './broker-limits';

const parse = (env: Record<string, string>, maxPayloadBytes = 65_536) =>
  brokerLimitsFromEnv(z.object(brokerLimitsEnv).parse(env), maxPayloadBytes);

describe('broker limits from the environment', () => {
  it('defaults MAX_PACKET_BYTES to MAX_PAYLOAD_BYTES plus 1 KiB and the rest to the documented values', () => {
    expect(parse({})).toEqual({ ok: true, limits: defaultBrokerLimits(65_536) });
    expect(defaultBrokerLimits(65_536)).toMatchObject({
      maxPacketBytes: 66_560,
      bridgeMaxPacketBytes: 4 * 1024 * 1024,
      maxConnections: 20_000,
      maxConnectionsPerIp: 1_000,
      keepaliveMaxSeconds: 3_600,
      connectTimeoutMs: 10_000,
      drainTimeoutMs: 10_000,
      authFailuresPerAccount: 10,
      authFailuresPerIp: 50,
    });
    expect(parse({}, 1_000_000)).toMatchObject({ ok: true, limits: { maxPacketBytes: 1_001_024 } });
  });

  it('reads every variable', () => {
    const result = parse({
      MAX_PACKET_BYTES: '70000',
      MQTT_BRIDGE_MAX_PACKET_BYTES: '80000',
      MQTT_MAX_CONNECTIONS: '500',
      MQTT_MAX_CONNECTIONS_PER_IP: '50',
      MQTT_KEEPALIVE_MAX_SECONDS: '600',
      MQTT_CONNECT_TIMEOUT_SECONDS: '5',
      MQTT_DRAIN_TIMEOUT_SECONDS: '3',
      MQTT_AUTH_MAX_FAILURES_PER_ACCOUNT: '4',
      MQTT_AUTH_MAX_FAILURES_PER_IP: '20',
    });
    expect(result).toMatchObject({
      ok: true,
      limits: {
        maxPacketBytes: 70_000,
        bridgeMaxPacketBytes: 80_000,
        maxConnections: 500,
        maxConnectionsPerIp: 50,
        keepaliveMaxSeconds: 600,
        connectTimeoutMs: 5_000,
        drainTimeoutMs: 3_000,
        authFailuresPerAccount: 4,
        authFailuresPerIp: 20,
      },
    });
  });

  it('refuses MAX_PACKET_BYTES below MAX_PAYLOAD_BYTES, saying what to set', () => {
    expect(parse({ MAX_PACKET_BYTES: '1000' })).toEqual({
      ok: false,
      problem: expect.stringMatching(
        /MAX_PACKET_BYTES \(1000\) is below MAX_PAYLOAD_BYTES \(65536\).*at least 66560/,
      ),
    });
  });

  it('refuses a bridge bound below MAX_PACKET_BYTES and keeps the default bridge bound above a raised MAX_PACKET_BYTES', () => {
    expect(parse({ MQTT_BRIDGE_MAX_PACKET_BYTES: '1000' })).toEqual({
      ok: false,
      problem: expect.stringMatching(
        /MQTT_BRIDGE_MAX_PACKET_BYTES \(1000\) is below MAX_PACKET_BYTES \(66560\)/,
      ),
    });
    expect(parse({ MAX_PACKET_BYTES: String(8 * 1024 * 1024) })).toMatchObject({
      ok: true,
      limits: { bridgeMaxPacketBytes: 8 * 1024 * 1024 },
    });
  });

  it('refuses values that are not positive integers or beyond what MQTT can declare', () => {
    for (const env of [
      { MQTT_MAX_CONNECTIONS: '0' },
      { MQTT_DRAIN_TIMEOUT_SECONDS: 'soon' },
      { MAX_PACKET_BYTES: '300000000' },
    ]) {
      expect(z.object(brokerLimitsEnv).safeParse(env).success).toBe(false);
    }
  });

  it('keeps the per-address bound within the total', () => {
    expect(parse({ MQTT_MAX_CONNECTIONS: '100' })).toMatchObject({
      ok: true,
      limits: { maxConnectionsPerIp: 100 },
    });
  });
});

describe('capKeepalive', () => {
  it('caps 0 (never) and longer keepalives to the ceiling and keeps the rest', () => {
    expect(capKeepalive(0, 3600)).toBe(3600);
    expect(capKeepalive(65_535, 3600)).toBe(3600);
    expect(capKeepalive(60, 3600)).toBe(60);
    expect(capKeepalive(3600, 3600)).toBe(3600);
  });
});
