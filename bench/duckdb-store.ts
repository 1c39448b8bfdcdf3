import { join } from 'node:path';
import type { StoredMessage } from '@campus/ingest';
import { DEVICE } from './fixtures';

/**
 * The slice of `@duckdb/node-api` used here. DuckDB is a candidate the store-engines bench measures
 * when it is installed (`npm install --no-save @duckdb/node-api@1.5`), not a dependency, so it is
 * loaded by a computed specifier and typed by hand.
 */
interface DuckdbAppender {
  appendBigInt(value: bigint): void;
  appendVarchar(value: string): void;
  appendDouble(value: number): void;
  endRow(): void;
  flushSync(): void;
  closeSync(): void;
}
interface DuckdbConnection {
  run(sql: string, values?: (string | number)[]): Promise<{ getRows(): Promise<unknown[][]> }>;
  createAppender(table: string, schema?: string | null, catalog?: string | null): Promise<DuckdbAppender>;
  closeSync(): void;
}
interface DuckdbModule {
  DuckDBInstance: {
    create(path?: string): Promise<{ connect(): Promise<DuckdbConnection>; closeSync(): void }>;
  };
}

const COLUMNS = 'ts, device, metric, value, province, city, county, school, kind';
const SCHEMA = `
CREATE TABLE IF NOT EXISTS telemetry (
  ts BIGINT NOT NULL, device VARCHAR NOT NULL, metric VARCHAR NOT NULL, value DOUBLE NOT NULL,
  province VARCHAR NOT NULL, city VARCHAR NOT NULL, county VARCHAR NOT NULL, school VARCHAR NOT NULL,
  kind VARCHAR NOT NULL, PRIMARY KEY (device, metric, ts)
);
CREATE INDEX IF NOT EXISTS telemetry_school_ts ON telemetry (school, ts);
CREATE INDEX IF NOT EXISTS telemetry_ts ON telemetry (ts);
CREATE TEMP TABLE staging AS SELECT * FROM telemetry LIMIT 0;`;

/**
 * Telemetry only (all the bench writes), with the same key and indexes as the embedded sink. A batch
 * goes through DuckDB's appender into an unindexed staging table, then one
 * `INSERT … SELECT … ON CONFLICT DO UPDATE` moves it into the keyed table in one transaction: the
 * appender is DuckDB's fast path, and the upsert keeps "rewriting a batch leaves one point".
 */
export async function openDuckdbStore(dir: string) {
  const specifier: string = '@duckdb/node-api';
  const { DuckDBInstance } = (await import(specifier)) as DuckdbModule;
  const instance = await DuckDBInstance.create(join(dir, 'timeseries.duckdb'));
  const db = await instance.connect();
  await db.run(SCHEMA);
  const updates = COLUMNS.split(', ')
    .filter((c) => !['ts', 'device', 'metric'].includes(c))
    .map((c) => `${c} = excluded.${c}`)
    .join(', ');
  const merge =
    `INSERT INTO telemetry SELECT ${COLUMNS} FROM temp.staging ` +
    `ON CONFLICT (device, metric, ts) DO UPDATE SET ${updates}`;
  return {
    async write(batch: readonly StoredMessage[]): Promise<void> {
      const appender = await db.createAppender('staging', 'main', 'temp');
      for (const { message, org, deviceKind } of batch) {
        if (message.kind !== 'reading') continue;
        for (const [metric, value] of Object.entries(message.metrics)) {
          appender.appendBigInt(BigInt(message.ts));
          appender.appendVarchar(message.device);
          appender.appendVarchar(metric);
          appender.appendDouble(value);
          for (const tag of [org.province, org.city, org.county, org.school, deviceKind])
            appender.appendVarchar(tag);
          appender.endRow();
        }
      }
      appender.flushSync();
      appender.closeSync();
      await db.run('BEGIN TRANSACTION');
      try {
        await db.run(merge);
        await db.run('DELETE FROM temp.staging');
        await db.run('COMMIT');
      } catch (err) {
        await db.run('ROLLBACK');
        throw err;
      }
    },
    async telemetryPoints(): Promise<number> {
      const result = await db.run('SELECT count(DISTINCT ts) FROM telemetry WHERE device = $1', [DEVICE]);
      const rows = await result.getRows();
      return Number(rows[0]?.[0] ?? 0);
    },
    async close(): Promise<void> {
      db.closeSync();
      instance.closeSync();
    },
  };
}
