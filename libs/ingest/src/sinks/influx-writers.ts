import type { InfluxDB } from '@influxdata/influxdb-client';
import { influxFailure } from './influx-errors';

/** v1: one `POST /write?db=…&precision=ms` of the whole batch through the client's transport. */
export async function writeV1(
  client: InfluxDB,
  url: string,
  database: string,
  authParams: string,
  lines: readonly string[],
): Promise<void> {
  const query = `db=${encodeURIComponent(database)}&precision=ms`;
  try {
    await client.transport.request(`/write?${query}${authParams}`, lines.join('\n'), {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  } catch (error) {
    throw influxFailure(error, { what: `write to ${url}/write?${query}`, mode: 'v1' });
  }
}

/**
 * v2: the client's WriteApi (`POST /api/v2/write`). A WriteApi per batch, sized to send the batch as
 * one request: the WriteApi sends on its own when it reaches `batchSize`/`maxBatchBytes` and swallows
 * that send's error, and a shared one would flush other batches' points too. Its retries are off
 * (`maxRetries: 0`) because the outbox retries; `flush()` then rejects exactly when the write failed.
 */
export async function writeV2(
  client: InfluxDB,
  url: string,
  org: string,
  bucket: string,
  lines: readonly string[],
): Promise<void> {
  const writeApi = client.getWriteApi(org, bucket, 'ms', {
    batchSize: lines.length + 1,
    maxBatchBytes: Number.MAX_SAFE_INTEGER,
    flushInterval: 0,
    maxRetries: 0,
    maxBufferLines: 0,
  });
  try {
    writeApi.writeRecords([...lines]);
    await writeApi.flush();
  } catch (error) {
    const query = `org=${encodeURIComponent(org)}&bucket=${encodeURIComponent(bucket)}`;
    throw influxFailure(error, { what: `write to ${url}/api/v2/write?${query}`, mode: 'v2' });
  } finally {
    writeApi.dispose();
  }
}
