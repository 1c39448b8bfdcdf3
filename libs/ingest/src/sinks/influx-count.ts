import type { Logger } from 'pino';
import { quoteString } from './influxql';
import type { InfluxqlClient } from './influxql-client';
import { numberOf, rowsOf, type InfluxqlStatementResult } from './influxql-response';

type Counts = { telemetry: number; events: number; status: number };

function firstCount(result: InfluxqlStatementResult | undefined): number {
  const row = result ? rowsOf(result)[0] : undefined;
  return row ? numberOf(row['count'], 'count') : 0;
}

/**
 * Points per measurement for one device, with InfluxQL aggregates (so 10,000 or 10 million points
 * cost one small answer, not a download).
 *
 * - `events`: `count("count")` (every event point has `count=1i`); `status`: `count("online")`.
 * - `telemetry` has one field per metric, and `SELECT count(*)` counts each field separately: the
 *   largest of those undercounts a device whose readings carry different metrics. So the device tag
 *   is selected as a field in a subquery, one row per point whatever its fields, and counted:
 *   `SELECT count("device") FROM (SELECT "device"::tag, * FROM "telemetry" WHERE …)`. A point is a
 *   (series, time) pair: if a device's tags changed (moved to another school), the two series count apart.
 *   A server without subqueries gets the largest per-field `count(*)` instead (logged at debug).
 */
export async function countDevicePoints(
  influxql: InfluxqlClient,
  device: string,
  logger?: Logger,
): Promise<Counts> {
  const where = `WHERE "device" = ${quoteString(device)}`;
  const [telemetry, events, status] = await influxql.run(
    [
      `SELECT count("device") FROM (SELECT "device"::tag, * FROM "telemetry" ${where})`,
      `SELECT count("count") FROM "events" ${where}`,
      `SELECT count("online") FROM "status" ${where}`,
    ].join('; '),
  );
  for (const [name, result] of [
    ['events', events],
    ['status', status],
  ] as const) {
    if (result?.error)
      throw new Error(`InfluxDB count of ${name} for device ${device} failed: ${result.error}`);
  }
  let telemetryCount: number;
  if (telemetry?.error) {
    logger?.debug(
      { err: telemetry.error },
      'InfluxQL subquery count failed; using the largest per-field count',
    );
    const [perField] = await influxql.expectOk(`SELECT count(*) FROM "telemetry" ${where}`);
    const row = perField ? rowsOf(perField)[0] : undefined;
    telemetryCount = 0;
    for (const [column, value] of Object.entries(row ?? {})) {
      if (column.startsWith('count_')) telemetryCount = Math.max(telemetryCount, numberOf(value, column));
    }
  } else {
    telemetryCount = firstCount(telemetry);
  }
  return { telemetry: telemetryCount, events: firstCount(events), status: firstCount(status) };
}
