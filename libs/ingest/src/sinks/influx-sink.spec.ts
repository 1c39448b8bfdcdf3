import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startInfluxd, type TestServer } from '@campus/test-kit';
import { dayOf, event, reading, status } from '../testing/stored-message.fixture';
import { InfluxTimeSeriesSink, RETENTION_POLICY } from './influx-sink';
import { describeTimeSeriesSinkContract } from '../testing/time-series-sink.contract';

// One influxd (Debian's 1.6.7) for the file; each part uses its own database.
let server: TestServer;
beforeAll(async () => {
  server = await startInfluxd();
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

async function influxql(q: string, db = ''): Promise<unknown> {
  const res = await fetch(`${server.url}/query?db=${db}&q=${encodeURIComponent(q)}`, { method: 'POST' });
  return res.json();
}

describeTimeSeriesSinkContract('influxdb v1', async () => {
  const sink = new InfluxTimeSeriesSink({ url: server.url, database: 'campus' });
  return { sink, cleanup: () => sink.close() };
});

describe('InfluxTimeSeriesSink, v1 mode on InfluxDB 1.6', { timeout: 60_000 }, () => {
  test('init() creates the database and makes campus_retention its default policy; again alters it', async () => {
    const sink = new InfluxTimeSeriesSink({ url: server.url, database: 'retained', retentionDays: 30 });
    expect(sink.mode).toBe('v1');
    await sink.init();
    expect(JSON.stringify(await influxql('SHOW DATABASES'))).toContain('"retained"');
    const policies = () => influxql('SHOW RETENTION POLICIES ON "retained"').then((r) => JSON.stringify(r));
    expect(await policies()).toContain(`["${RETENTION_POLICY}","720h0m0s","24h0m0s",1,true]`);
    await new InfluxTimeSeriesSink({ url: server.url, database: 'retained', retentionDays: 60 }).init();
    expect(await policies()).toContain(`["${RETENTION_POLICY}","1440h0m0s","24h0m0s",1,true]`);
    const now = Date.now();
    await sink.write([reading('ret-1', now, { v: 1 })]);
    expect(await sink.countPoints('ret-1')).toEqual({ telemetry: 1, events: 0, status: 0 });
  });

  test('a write to a database that is missing says init() creates it', async () => {
    const sink = new InfluxTimeSeriesSink({ url: server.url, database: 'never_created' });
    await expect(sink.write([reading('x', dayOf(1), { v: 1 })])).rejects.toThrow(
      `InfluxDB write to ${server.url}/write?db=never_created&precision=ms failed: 404`,
    );
    await expect(sink.write([reading('x', dayOf(1), { v: 1 })])).rejects.toThrow(
      /database not found.*init\(\)/,
    );
  });

  test('v2 mode against InfluxDB 1.6 (no /api/v2/write) rejects with the hint to set INFLUX_DATABASE', async () => {
    const sink = new InfluxTimeSeriesSink({ url: server.url, org: 'o', bucket: 'campus', token: 't' });
    expect(sink.mode).toBe('v2');
    await expect(sink.write([reading('x', dayOf(1), { v: 1 })])).rejects.toThrow(
      /InfluxDB write to http:\/\/127\.0\.0\.1:\d+\/api\/v2\/write\?org=o&bucket=campus failed: 404.*set INFLUX_DATABASE/,
    );
  });

  test('a config that cannot work is refused at construction with the variable to set', () => {
    expect(() => new InfluxTimeSeriesSink({ url: server.url })).toThrow(
      /set INFLUX_BUCKET .* or INFLUX_DATABASE/,
    );
    expect(() => new InfluxTimeSeriesSink({ url: 'localhost' })).toThrow(
      /INFLUX_URL "localhost" is not a URL/,
    );
  });

  // Last in the file: it takes the server down and brings it back.
  test('while influxd is down a write rejects naming the URL; after a restart writes land and earlier data is there', async () => {
    const sink = new InfluxTimeSeriesSink({
      url: server.url,
      database: 'outage',
      username: 'u',
      password: 's3cret',
    });
    await sink.init();
    const t = dayOf(20);
    const d = 'outage-1';
    await sink.write([reading(d, t, { v: 1 }), event(d, t, 'smoke', { a: 1 }), status(d, t, true)]);
    await server.kill();
    const down = sink.write([reading(d, t + 1, { v: 2 })]);
    // ECONNREFUSED, or "socket hang up" when the client reuses a kept-alive connection to the dead server.
    const url = `${server.url}/write?db=outage&precision=ms`.replace(/[.?]/g, '\\$&');
    await expect(down).rejects.toThrow(
      new RegExp(`^InfluxDB write to ${url} failed: (connect ECONNREFUSED|socket hang up)`),
    );
    await expect(down).rejects.toThrow(/is InfluxDB running and INFLUX_URL right\?/);
    await expect(down).rejects.not.toThrow(/s3cret/);
    await server.restart();
    await sink.write([reading(d, t + 1, { v: 2 })]);
    expect(await sink.queryTelemetry({ device: d, metric: 'v', from: t, to: t + 1 })).toEqual([
      { ts: t, value: 1 },
      { ts: t + 1, value: 2 },
    ]);
    expect(await sink.countPoints(d)).toEqual({ telemetry: 2, events: 1, status: 1 });
  });
});
