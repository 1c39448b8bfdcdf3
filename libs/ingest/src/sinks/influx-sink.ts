import { InfluxDB } from '@influxdata/influxdb-client';
import type { Logger } from 'pino';
import { installQuietClientLogger } from './influx-client-logger';
import { checkInfluxConfig, influxMode, v1AuthParams, type InfluxSinkConfig } from './influx-config';
import type { InfluxMode } from './influx-errors';
import { toLines } from './influx-lines';
import { quoteIdent, quoteString, timeRange } from './influxql';
import { InfluxqlClient } from './influxql-client';
import { numberOf, rowsOf, stringOf } from './influxql-response';
import { metricField, type StoredMessage } from './series-point';
import type {
  EventQuery,
  StatusPoint,
  StoredEvent,
  TelemetryPoint,
  TelemetryQuery,
  TimeSeriesSink,
} from './time-series-sink';
import { writeV1, writeV2 } from './influx-writers';
import { countDevicePoints } from './influx-count';
import { compareEvents } from './event-order';

export type { InfluxSinkConfig } from './influx-config';

export const RETENTION_POLICY = 'campus_retention';

/**
 * The time-series sink on InfluxDB, layout of docs/operations.md. Writes go through `/write` (v1 mode,
 * InfluxDB 1.x before 1.8) or the client's WriteApi on `/api/v2/write` (v2 mode, 1.8+/2.x/3.x);
 * see {@link InfluxSinkConfig}. Reads use InfluxQL on `/query` in both modes.
 *
 * Idempotency comes from InfluxDB itself: a point with the same measurement, tag set and time
 * overwrites the earlier one.
 *
 * Retention: in v1 mode `init()` creates the retention policy `campus_retention` of
 * `retentionDays` as the database default. In v2 mode retention is the bucket's own setting
 * (set it when creating the bucket); this sink does not change it.
 */
export class InfluxTimeSeriesSink implements TimeSeriesSink {
  readonly name = 'influxdb';
  readonly mode: InfluxMode;
  private readonly client: InfluxDB;
  private readonly url: string;
  private readonly influxql: InfluxqlClient;

  constructor(
    private readonly config: InfluxSinkConfig,
    private readonly logger?: Logger,
  ) {
    checkInfluxConfig(config);
    installQuietClientLogger(logger);
    this.mode = influxMode(config);
    if (this.mode === 'v2' && config.retentionDays !== undefined) {
      logger?.info(
        { sink: this.name, bucket: config.bucket },
        "retentionDays is ignored in v2 mode: retention is the bucket's own setting (set it on the bucket)",
      );
    }
    this.url = config.url.replace(/\/+$/, '');
    this.client = new InfluxDB({
      url: this.url,
      ...(config.token ? { token: config.token } : {}),
      ...(config.timeoutMs ? { timeout: config.timeoutMs } : {}),
    });
    const db = this.mode === 'v1' ? (config.database ?? '') : (config.bucket ?? '');
    const auth = this.mode === 'v1' ? v1AuthParams(config) : '';
    this.influxql = new InfluxqlClient(this.client.transport, this.url, db, auth, this.mode);
  }

  /** v1: creates the database (a no-op when it exists) and the retention policy. v2: nothing to do. */
  async init(): Promise<void> {
    if (this.mode === 'v2') return;
    const db = quoteIdent(this.config.database ?? '');
    await this.influxql.expectOk(`CREATE DATABASE ${db}`, 'POST');
    const days = this.config.retentionDays;
    if (days === undefined) return;
    const [shown] = await this.influxql.expectOk(`SHOW RETENTION POLICIES ON ${db}`);
    const exists = shown !== undefined && rowsOf(shown).some((r) => r['name'] === RETENTION_POLICY);
    const verb = exists ? 'ALTER' : 'CREATE';
    const replication = exists ? '' : ' REPLICATION 1';
    await this.influxql.expectOk(
      `${verb} RETENTION POLICY ${quoteIdent(RETENTION_POLICY)} ON ${db} DURATION ${days}d${replication} DEFAULT`,
      'POST',
    );
    this.logger?.info({ sink: this.name, database: this.config.database, days }, 'retention policy set');
  }

  async write(batch: readonly StoredMessage[]): Promise<void> {
    const lines = toLines(batch);
    if (lines.length === 0) return;
    if (this.mode === 'v1') {
      await writeV1(this.client, this.url, this.config.database ?? '', v1AuthParams(this.config), lines);
    } else {
      await writeV2(this.client, this.url, this.config.org ?? '', this.config.bucket ?? '', lines);
    }
    this.logger?.trace({ sink: this.name, points: lines.length }, 'batch written');
  }

  async queryTelemetry({ device, metric, from, to }: TelemetryQuery): Promise<TelemetryPoint[]> {
    const field = quoteIdent(metricField(metric));
    const [result] = await this.influxql.expectOk(
      `SELECT ${field} FROM "telemetry" WHERE "device" = ${quoteString(device)} AND ${timeRange(from, to)}`,
    );
    const points = (result ? rowsOf(result) : []).map((row) => ({
      ts: numberOf(row['time'], 'time'),
      value: numberOf(row[metricField(metric)], metric),
    }));
    return points.sort((a, b) => a.ts - b.ts);
  }

  async queryEvents({ school, device, from, to }: EventQuery): Promise<StoredEvent[]> {
    let where = timeRange(from, to);
    if (school !== undefined) where += ` AND "school" = ${quoteString(school)}`;
    if (device !== undefined) where += ` AND "device" = ${quoteString(device)}`;
    const [result] = await this.influxql.expectOk(
      `SELECT "data", "device", "school", "type" FROM "events" WHERE ${where}`,
    );
    const events = (result ? rowsOf(result) : []).map((row) => ({
      ts: numberOf(row['time'], 'time'),
      device: stringOf(row['device'], 'device'),
      school: stringOf(row['school'], 'school'),
      type: stringOf(row['type'], 'type'),
      data: parseData(row['data']),
    }));
    return events.sort(compareEvents);
  }

  async queryStatus({
    device,
    from,
    to,
  }: {
    device: string;
    from: number;
    to: number;
  }): Promise<StatusPoint[]> {
    const [result] = await this.influxql.expectOk(
      `SELECT "online" FROM "status" WHERE "device" = ${quoteString(device)} AND ${timeRange(from, to)}`,
    );
    const points = (result ? rowsOf(result) : []).map((row) => {
      const online = row['online'];
      if (typeof online !== 'boolean')
        throw new Error(`InfluxQL answer: online is ${JSON.stringify(online)}`);
      return { ts: numberOf(row['time'], 'time'), device, online };
    });
    return points.sort((a, b) => a.ts - b.ts);
  }

  /** See `influx-count.ts` for how telemetry points are counted. */
  countPoints(device: string): Promise<{ telemetry: number; events: number; status: number }> {
    return countDevicePoints(this.influxql, device, this.logger);
  }

  /** Nothing to release: writes are awaited one by one, and HTTP connections are not pooled by us. */
  async close(): Promise<void> {}
}

function parseData(value: unknown): Record<string, unknown> {
  const text = stringOf(value, 'data');
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`InfluxQL answer: event data ${text.slice(0, 100)} is not a JSON object`);
  }
  return parsed as Record<string, unknown>;
}
