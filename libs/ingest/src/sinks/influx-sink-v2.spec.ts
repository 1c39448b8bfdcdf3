import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { startVictoriaMetrics, type TestServer } from '@campus/test-kit';
import { event, reading, SCHOOL_A, SCHOOL_B, status } from '../testing/stored-message.fixture';
import { InfluxTimeSeriesSink } from './influx-sink';

/**
 * InfluxDB 2 is not installable here; VictoriaMetrics is the one server that speaks `/api/v2/write`,
 * so the v2 write path (the client's WriteApi) is checked against it and read back with its own
 * `/api/v1/export` (it has no InfluxQL). It turns `measurement,tags field=v` into the series
 * `measurement_field{tags}` and drops string fields (`events.data`).
 */
let vm: TestServer;
beforeAll(async () => {
  vm = await startVictoriaMetrics();
}, 60_000);
afterAll(async () => {
  await vm?.stop();
});

interface ExportedSeries {
  metric: Record<string, string>;
  values: number[];
  timestamps: number[];
}

async function exportSeries(match: string): Promise<ExportedSeries[]> {
  const res = await fetch(`${vm.url}/api/v1/export?match[]=${encodeURIComponent(match)}`);
  if (!res.ok) throw new Error(`export ${match}: ${res.status} ${await res.text()}`);
  const text = await res.text();
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ExportedSeries);
}

/**
 * Polls until `count` series match. VictoriaMetrics buffers fresh samples for about a second and a
 * read that finds nothing is cached for several seconds, so flush its buffers first
 * (`/internal/force_flush`), then poll on the condition.
 */
async function waitForSeries(match: string, count: number, timeoutMs = 5_000): Promise<ExportedSeries[]> {
  await fetch(`${vm.url}/internal/force_flush`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const series = await exportSeries(match);
    if (series.length >= count || Date.now() > deadline) return series;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('InfluxTimeSeriesSink, v2 mode (WriteApi) against VictoriaMetrics', { timeout: 60_000 }, () => {
  test('a batch written through /api/v2/write lands with the layout of docs/operations.md', async () => {
    const sink = new InfluxTimeSeriesSink({
      url: vm.url,
      org: 'campus',
      bucket: 'campus',
      token: 'test-token',
    });
    expect(sink.mode).toBe('v2');
    await sink.init();
    // Recent timestamps: VictoriaMetrics drops samples older than its retention (1 month by default).
    const t = Date.now() - 60_000;
    const d = 'v2-dev 1';
    await sink.write([
      reading(d, t, { temperature: 23.5, battery: 87, kind: 3 }),
      reading(d, t + 1000, { temperature: 24.25 }),
      event(d, t + 100, 'smoke', { level: 2 }, SCHOOL_A, 'smoke_detector'),
      status(d, t + 200, false),
      reading('v2-dev-b', t, { temperature: 19 }, SCHOOL_B),
    ]);
    const series = await waitForSeries(`{device="${d}"}`, 6);
    const byName = new Map(series.map((s) => [s.metric['__name__'], s]));
    expect([...byName.keys()].sort()).toEqual([
      'events_count',
      'events_data', // a string field: VictoriaMetrics keeps the series with value 0
      'status_online',
      'telemetry_battery',
      'telemetry_kind_value',
      'telemetry_temperature',
    ]);
    expect(byName.get('telemetry_temperature')).toMatchObject({
      metric: { device: d, kind: 'temperature_sensor', school: SCHOOL_A.school, county: SCHOOL_A.county },
      values: [23.5, 24.25],
      timestamps: [t, t + 1000],
    });
    expect(byName.get('telemetry_kind_value')).toMatchObject({ values: [3], timestamps: [t] });
    expect(byName.get('events_count')).toMatchObject({
      metric: { type: 'smoke', kind: 'smoke_detector' },
      values: [1],
      timestamps: [t + 100],
    });
    expect(byName.get('status_online')).toMatchObject({ values: [0], timestamps: [t + 200] });
    const other = await waitForSeries('{device="v2-dev-b"}', 1);
    expect(other.map((s) => s.metric['school'])).toEqual([SCHOOL_B.school]);
  });

  test('a write while the server is down rejects naming /api/v2/write, without the client logging to stderr', async () => {
    const server = await startVictoriaMetrics();
    const sink = new InfluxTimeSeriesSink({ url: server.url, org: 'o', bucket: 'b', token: 't' });
    await server.stop();
    const stderr = vi.spyOn(console, 'error');
    const stderrWarn = vi.spyOn(console, 'warn');
    try {
      await expect(sink.write([reading('x', Date.now(), { v: 1 })])).rejects.toThrow(
        `InfluxDB write to ${server.url}/api/v2/write?org=o&bucket=b failed: connect ECONNREFUSED`,
      );
      expect(stderr).not.toHaveBeenCalled();
      expect(stderrWarn).not.toHaveBeenCalled();
    } finally {
      stderr.mockRestore();
      stderrWarn.mockRestore();
    }
  });
});
