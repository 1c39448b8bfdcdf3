import { EVENT_TYPE_PATTERN, METRIC_NAME_PATTERN, type DeviceKind } from '@campus/device-protocols';
import { describe, expect, it } from 'vitest';
import { nativeMetricsFor } from '../metrics/device-metrics';
import { seededRng } from '../util/random';
import { eventPayload, statusPayload, telemetryPayload } from './native-payloads';

const NATIVE_KINDS: DeviceKind[] = [
  'smoke_detector',
  'heat_detector',
  'gas_detector',
  'water_leak',
  'temperature_sensor',
  'door_contact',
  'access_control',
  'one_key_alarm',
  'camera',
  'patrol_checkpoint',
];

describe('native payloads', () => {
  it('telemetry is {ts, metrics} with epoch ms and finite numbers under valid metric names, for every kind', () => {
    const rng = seededRng(5);
    for (const kind of NATIVE_KINDS) {
      const metrics = nativeMetricsFor(kind, rng);
      for (let i = 0; i < 50; i++) {
        const body = JSON.parse(telemetryPayload(1_764_300_000_000, metrics.sample())) as {
          ts: number;
          metrics: Record<string, unknown>;
        };
        expect(Object.keys(body)).toEqual(['ts', 'metrics']);
        expect(Number.isInteger(body.ts)).toBe(true);
        expect(Object.keys(body.metrics).length).toBeGreaterThan(0);
        for (const [name, value] of Object.entries(body.metrics)) {
          expect(name).toMatch(METRIC_NAME_PATTERN);
          expect(Number.isFinite(value)).toBe(true);
        }
      }
    }
  });

  it('room temperature stays within 18–26 °C and batteries only drain', () => {
    const metrics = nativeMetricsFor('temperature_sensor', seededRng(11));
    let lastBattery = Infinity;
    for (let i = 0; i < 2_000; i++) {
      const { temperature = Number.NaN, battery = Number.NaN, humidity = Number.NaN } = metrics.sample();
      expect(temperature).toBeGreaterThanOrEqual(18);
      expect(temperature).toBeLessThanOrEqual(26);
      expect(humidity).toBeGreaterThanOrEqual(30);
      expect(battery).toBeLessThanOrEqual(lastBattery);
      lastBattery = battery;
    }
  });

  it('a pinned metric holds, and decays from there once released', () => {
    const metrics = nativeMetricsFor('heat_detector', seededRng(2));
    metrics.pin('temperature', 65);
    expect(metrics.sample()['temperature']).toBe(65);
    metrics.release('temperature');
    const after = metrics.sample()['temperature'] ?? 0;
    expect(after).toBeGreaterThan(57);
    expect(after).toBeLessThan(65);
  });

  it('events are {ts, type, data} with a snake_case type', () => {
    const body = JSON.parse(eventPayload(1_764_300_000_000, 'smoke', { obscuration_pct_per_m: 8 })) as Record<
      string,
      unknown
    >;
    expect(body).toEqual({ ts: 1_764_300_000_000, type: 'smoke', data: { obscuration_pct_per_m: 8 } });
    expect(body['type']).toMatch(EVENT_TYPE_PATTERN);
    expect(JSON.parse(eventPayload(1, 'patrol_checkin'))).toEqual({
      ts: 1,
      type: 'patrol_checkin',
      data: {},
    });
  });

  it('status is {"online": bool}', () => {
    expect(statusPayload(true)).toBe('{"online":true}');
    expect(JSON.parse(statusPayload(false))).toEqual({ online: false });
  });
});
