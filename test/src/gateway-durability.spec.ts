import { afterEach, describe, expect, it } from 'vitest';
import { InfluxTimeSeriesSink } from '@campus/ingest';
import { startInfluxd, type TestServer, waitFor } from '@campus/test-kit';
import { publishThroughCrash } from './testing/crashable-gateway';
import { connectDevice } from './testing/device-client';
import { fetchMetrics, metricValue } from './testing/metrics-reader';
import { publishReadings } from './testing/reading-publisher';
import { startTestGateway } from './testing/test-gateway';
import { SCHOOL_A } from './testing/test-sites';

const COUNT = 10_000;

describe('no reading is lost', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  });

  it('keeps 10,000 QoS 1 readings in the outbox while influxd is down and drains them when it returns', async () => {
    const influx = await startInfluxd();
    cleanups.push(() => influx.stop());
    const gw = await startTestGateway({
      INFLUX_URL: influx.url,
      INFLUX_DATABASE: 'campus',
      BATCH_MAX_POINTS: '500',
    });
    cleanups.push(() => gw.dispose());

    const client = await connectDevice(gw.mqttUrl, 'tmp-0001');
    cleanups.push(() => client.endAsync());
    const baseTs = Date.now() - COUNT - 60_000;
    const run = publishReadings(client, SCHOOL_A, 'tmp-0001', baseTs, COUNT);

    await waitFor(() => run.acked() >= 2_000, { what: '2,000 readings acknowledged' });
    await influx.kill(); // a crash, not a clean stop
    await run.done; // every reading acknowledged: stored, or journaled while influxd is down
    const during = await fetchMetrics(gw.ports.http!);
    expect(metricValue(during, 'campus_outbox_depth')).toBeGreaterThan(0);
    expect(metricValue(during, 'campus_sink_write_failures_total', { sink: 'influxdb' })).toBeGreaterThan(0);

    await influx.restart();
    await waitFor(async () => (await gw.sink.countPoints('tmp-0001')).telemetry === COUNT, {
      timeoutMs: 60_000,
      what: `${COUNT} points in influxd`,
    });
    await waitFor(async () => metricValue(await fetchMetrics(gw.ports.http!), 'campus_outbox_depth') === 0, {
      what: 'the outbox to empty',
    });
    const points = await gw.sink.queryTelemetry({
      device: 'tmp-0001',
      metric: 'seq',
      from: baseTs,
      to: baseTs + COUNT,
    });
    expect(points).toHaveLength(COUNT);
    expect(new Set(points.map((p) => p.value)).size).toBe(COUNT);
  });

  it('holds devices back instead of dropping when the outbox reaches its bound', async () => {
    const influx = await startInfluxd();
    cleanups.push(() => influx.stop());
    const gw = await startTestGateway({
      INFLUX_URL: influx.url,
      INFLUX_DATABASE: 'campus',
      BATCH_MAX_POINTS: '100',
      OUTBOX_MAX_BYTES: String(60 * 1024), // about 300 readings
    });
    cleanups.push(() => gw.dispose());
    await influx.kill();

    const client = await connectDevice(gw.mqttUrl, 'tmp-0001');
    cleanups.push(() => client.endAsync(true));
    const total = 2_000;
    const baseTs = Date.now() - total - 60_000;
    const run = publishReadings(client, SCHOOL_A, 'tmp-0001', baseTs, total);

    await waitFor(async () => metricValue(await fetchMetrics(gw.ports.http!), 'campus_outbox_full') === 1, {
      what: 'the outbox to report full',
    });
    const heldAt = run.acked();
    expect(heldAt).toBeLessThan(total);
    const page = await fetchMetrics(gw.ports.http!);
    expect(metricValue(page, 'campus_outbox_bytes')).toBeLessThanOrEqual(60 * 1024);

    await influx.restart();
    await run.done;
    await waitFor(async () => (await gw.sink.countPoints('tmp-0001')).telemetry === total, {
      timeoutMs: 60_000,
      what: `all ${total} readings stored`,
    });
    expect(metricValue(await fetchMetrics(gw.ports.http!), 'campus_outbox_full')).toBe(0);
  });

  it('loses nothing when the gateway process is killed (SIGKILL) in the middle and restarted', async () => {
    const influx: TestServer = await startInfluxd();
    cleanups.push(() => influx.stop());
    const run = await publishThroughCrash({
      env: { INFLUX_URL: influx.url, INFLUX_DATABASE: 'campus' },
      count: COUNT,
      killAfter: 3_000,
      baseTs: Date.now() - COUNT - 60_000,
    });
    cleanups.push(() => run.cleanup());
    await run.done;

    const reader = new InfluxTimeSeriesSink({ url: influx.url, database: 'campus' });
    cleanups.push(() => reader.close());
    await waitFor(async () => (await reader.countPoints('tmp-0001')).telemetry === COUNT, {
      timeoutMs: 60_000,
      what: `${COUNT} points after the restart`,
    });
  });
});
