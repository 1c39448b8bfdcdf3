import { PGlite, type PGliteInterface } from '@electric-sql/pglite';
import type { Logger } from 'pino';
import { compareEvents } from './event-order';
import { EMBEDDED_COLUMNS, toEmbeddedRows } from './embedded-rows';
import { EMBEDDED_SCHEMA_SQL, EMBEDDED_TABLES, type EmbeddedTable } from './embedded-schema';
import { upsertRows } from './embedded-upsert';
import type { StoredMessage } from './series-point';
import type {
  EventQuery,
  StatusPoint,
  StoredEvent,
  TelemetryPoint,
  TelemetryQuery,
  TimeSeriesSink,
} from './time-series-sink';

const DAY_MS = 86_400_000;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The time-series sink on the embedded database (PGlite: PostgreSQL in WASM), for `npm start`
 * without `INFLUX_URL`. Tables are in schema `ts` (see `embedded-schema.ts`).
 *
 * Each batch is one transaction of multi-row `INSERT … ON CONFLICT DO UPDATE` statements (one per
 * table and 65,535-parameter chunk), so a batch lands whole or not at all and a rewrite is a no-op.
 *
 * Retention: unlike InfluxDB there is no automatic expiry. The owner calls
 * {@link EmbeddedTimeSeriesSink.purgeOlderThan} periodically (e.g. daily) to delete old rows.
 */
export class EmbeddedTimeSeriesSink implements TimeSeriesSink {
  readonly name = 'embedded';
  private readonly sqlCache = new Map<string, string>();

  /**
   * @param db an open PGlite instance; the caller owns it (so one instance can be shared in-process)
   *   and `close()` leaves it open, unless `ownsDb` is true (as with {@link EmbeddedTimeSeriesSink.open}).
   */
  constructor(
    private readonly db: PGliteInterface,
    private readonly logger?: Logger,
    private readonly ownsDb = false,
  ) {}

  /** Opens PGlite on `dir` (created if missing), in memory when `dir` is undefined; `close()` closes it. */
  static async open(dir: string | undefined, logger?: Logger): Promise<EmbeddedTimeSeriesSink> {
    let db: PGlite;
    try {
      db = await PGlite.create(dir);
    } catch (error) {
      throw new Error(
        `opening the embedded database ${dir === undefined ? 'in memory' : `in ${dir}`} failed: ${describe(error)}` +
          ' — check that DATA_DIR is writable and not used by another running platform',
        { cause: error },
      );
    }
    return new EmbeddedTimeSeriesSink(db, logger, true);
  }

  async init(): Promise<void> {
    try {
      await this.db.exec(EMBEDDED_SCHEMA_SQL);
    } catch (error) {
      throw new Error(`creating the embedded time-series tables (schema ts) failed: ${describe(error)}`, {
        cause: error,
      });
    }
  }

  async write(batch: readonly StoredMessage[]): Promise<void> {
    if (batch.length === 0) return;
    const rows = toEmbeddedRows(batch);
    try {
      await this.db.transaction(async (tx) => {
        for (const table of EMBEDDED_TABLES) {
          const spec = { table: `ts.${table}`, ...EMBEDDED_COLUMNS[table] };
          await upsertRows(tx, spec, rows[table], this.sqlCache);
        }
      });
    } catch (error) {
      throw new Error(
        `embedded time-series write of ${batch.length} messages failed: ${describe(error)}` +
          ' — nothing of the batch was stored; was init() called (it creates schema ts)?',
        { cause: error },
      );
    }
    this.logger?.trace({ sink: this.name, messages: batch.length }, 'batch written');
  }

  async queryTelemetry({ device, metric, from, to }: TelemetryQuery): Promise<TelemetryPoint[]> {
    const { rows } = await this.db.query<{ ts: Date; value: number }>(
      'SELECT ts, value FROM ts.telemetry WHERE device = $1 AND metric = $2 AND ts BETWEEN $3 AND $4 ORDER BY ts',
      [device, metric, new Date(from), new Date(to)],
    );
    return rows.map((r) => ({ ts: r.ts.getTime(), value: r.value }));
  }

  async queryEvents({ school, device, from, to }: EventQuery): Promise<StoredEvent[]> {
    const params: (string | Date)[] = [new Date(from), new Date(to)];
    let where = 'ts BETWEEN $1 AND $2';
    if (school !== undefined) where += ` AND school = $${params.push(school)}`;
    if (device !== undefined) where += ` AND device = $${params.push(device)}`;
    const { rows } = await this.db.query<{
      ts: Date;
      device: string;
      school: string;
      type: string;
      data: Record<string, unknown>;
    }>(`SELECT ts, device, school, type, data FROM ts.events WHERE ${where} ORDER BY ts`, params);
    return rows.map((r) => ({ ...r, ts: r.ts.getTime() })).sort(compareEvents);
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
    const { rows } = await this.db.query<{ ts: Date; device: string; online: boolean }>(
      'SELECT ts, device, online FROM ts.status WHERE device = $1 AND ts BETWEEN $2 AND $3 ORDER BY ts',
      [device, new Date(from), new Date(to)],
    );
    return rows.map((r) => ({ ...r, ts: r.ts.getTime() }));
  }

  /** Telemetry counts distinct timestamps (one InfluxDB point carries all metrics of one reading). */
  async countPoints(device: string): Promise<{ telemetry: number; events: number; status: number }> {
    const { rows } = await this.db.query<{ telemetry: number; events: number; status: number }>(
      `SELECT (SELECT count(DISTINCT ts) FROM ts.telemetry WHERE device = $1)::int AS telemetry,
              (SELECT count(*) FROM ts.events WHERE device = $1)::int AS events,
              (SELECT count(*) FROM ts.status WHERE device = $1)::int AS status`,
      [device],
    );
    return rows[0] ?? { telemetry: 0, events: 0, status: 0 };
  }

  /**
   * Deletes rows older than `days` days before `now` from all three tables (in one transaction)
   * and returns how many went from each. This is the embedded store's retention: nothing expires
   * by itself, so the platform calls it on a timer. The space is reused by later inserts
   * (PostgreSQL's autovacuum); the files do not shrink.
   */
  async purgeOlderThan(days: number, now: number = Date.now()): Promise<Record<EmbeddedTable, number>> {
    if (!Number.isFinite(days) || days <= 0) {
      throw new Error(`purgeOlderThan(${days}): the retention must be a positive number of days`);
    }
    const cutoff = new Date(now - days * DAY_MS);
    const deleted: Record<EmbeddedTable, number> = { telemetry: 0, events: 0, status: 0 };
    await this.db.transaction(async (tx) => {
      for (const table of EMBEDDED_TABLES) {
        const result = await tx.query(`DELETE FROM ts.${table} WHERE ts < $1`, [cutoff]);
        deleted[table] = result.affectedRows ?? 0;
      }
    });
    this.logger?.info({ sink: this.name, days, cutoff: cutoff.toISOString(), deleted }, 'retention purge');
    return deleted;
  }

  async close(): Promise<void> {
    if (this.ownsDb && !this.db.closed) await this.db.close();
  }
}
