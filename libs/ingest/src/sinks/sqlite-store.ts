import Database from 'better-sqlite3';
import { compareEvents } from './event-order';
import { packBatch, TELEMETRY_NUMBERS, TELEMETRY_STRINGS, type PackedBatch } from './packed-batch';
import type { StoredMessage } from './series-point';
import type {
  EventQuery,
  StatusPoint,
  StoredEvent,
  TelemetryPoint,
  TelemetryQuery,
} from './time-series-sink';

const DAY_MS = 86_400_000;

export const SQLITE_TABLES = ['telemetry', 'events', 'status'] as const;
export type SqliteTable = (typeof SQLITE_TABLES)[number];
export type PointCounts = Record<SqliteTable, number>;

/**
 * The same tables and keys as the PGlite store (embedded-schema.ts), so queries and idempotence
 * behave alike (indexes only where a query uses them): long format, org tags on every row, and a primary key per point that an
 * upsert lands on. `ts` is epoch ms. WITHOUT ROWID clusters rows by their key, so a device's series
 * is contiguous on disk and the key needs no second b-tree. Event `data` is JSON text.
 */
export const SQLITE_SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS telemetry (
  ts INTEGER NOT NULL,
  device TEXT NOT NULL,
  metric TEXT NOT NULL,
  value REAL NOT NULL,
  province TEXT NOT NULL,
  city TEXT NOT NULL,
  county TEXT NOT NULL,
  school TEXT NOT NULL,
  kind TEXT NOT NULL,
  PRIMARY KEY (device, metric, ts)
) WITHOUT ROWID;
-- No (school, ts) index on telemetry: nothing reads readings by school, and it cost a sixth of the
-- write time. Stores made before this change drop it.
DROP INDEX IF EXISTS telemetry_school_ts;
CREATE INDEX IF NOT EXISTS telemetry_ts ON telemetry (ts);

CREATE TABLE IF NOT EXISTS events (
  ts INTEGER NOT NULL,
  device TEXT NOT NULL,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  province TEXT NOT NULL,
  city TEXT NOT NULL,
  county TEXT NOT NULL,
  school TEXT NOT NULL,
  kind TEXT NOT NULL,
  PRIMARY KEY (device, type, ts)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS events_school_ts ON events (school, ts);
CREATE INDEX IF NOT EXISTS events_device_ts ON events (device, ts);
CREATE INDEX IF NOT EXISTS events_ts ON events (ts);

CREATE TABLE IF NOT EXISTS status (
  ts INTEGER NOT NULL,
  device TEXT NOT NULL,
  online INTEGER NOT NULL,
  province TEXT NOT NULL,
  city TEXT NOT NULL,
  county TEXT NOT NULL,
  school TEXT NOT NULL,
  kind TEXT NOT NULL,
  PRIMARY KEY (device, ts)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS status_school_ts ON status (school, ts);
CREATE INDEX IF NOT EXISTS status_ts ON status (ts);
`;

const TAGS = 'province, city, county, school, kind';
const TAG_UPDATES = TAGS.split(', ')
  .map((c) => `${c} = excluded.${c}`)
  .join(', ');

/**
 * Each statement is a row-at-a-time upsert. Within one transaction the rows run in batch order (a
 * packed batch keeps it), so
 * a later message with the same key simply overwrites an earlier one: "last write wins" needs no
 * de-duplication pass (PostgreSQL needs one because it refuses to touch a row twice per statement).
 */
const SQL = {
  telemetry:
    `INSERT INTO telemetry (ts, device, metric, value, ${TAGS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ` +
    `ON CONFLICT (device, metric, ts) DO UPDATE SET value = excluded.value, ${TAG_UPDATES}`,
  events:
    `INSERT INTO events (ts, device, type, data, ${TAGS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ` +
    `ON CONFLICT (device, type, ts) DO UPDATE SET data = excluded.data, ${TAG_UPDATES}`,
  status:
    `INSERT INTO status (ts, device, online, ${TAGS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ` +
    `ON CONFLICT (device, ts) DO UPDATE SET online = excluded.online, ${TAG_UPDATES}`,
  queryTelemetry:
    'SELECT ts, value FROM telemetry WHERE device = ? AND metric = ? AND ts BETWEEN ? AND ? ORDER BY ts',
  queryStatus: 'SELECT ts, device, online FROM status WHERE device = ? AND ts BETWEEN ? AND ? ORDER BY ts',
  // Telemetry counts distinct timestamps: one InfluxDB point carries all metrics of one reading.
  countPoints: `SELECT (SELECT count(DISTINCT ts) FROM telemetry WHERE device = @device) AS telemetry,
                       (SELECT count(*) FROM events WHERE device = @device) AS events,
                       (SELECT count(*) FROM status WHERE device = @device) AS status`,
} as const;

type Statement = Database.Statement<unknown[]>;

interface Prepared {
  telemetry: Statement;
  events: Statement;
  status: Statement;
  queryTelemetry: Statement;
  queryStatus: Statement;
  countPoints: Statement;
  writeBatch: (batch: PackedBatch) => void;
}

/** An error that already says what failed and what to do about it. */
export class StoreError extends Error {
  /** SQLite's result code (`SQLITE_FULL`, …) when the error came from SQLite: it crosses to the main thread. */
  readonly code?: string;
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = 'StoreError';
    const code = (cause as { code?: unknown } | null)?.code;
    if (typeof code === 'string') this.code = code;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The operator's next step for the SQLite failures that have one. */
export function sqliteHint(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = describe(error);
  if (/no such table/.test(message)) return 'was init() called (it creates the tables)?';
  switch (code) {
    case 'SQLITE_FULL':
      return 'the disk is full: free space where DATA_DIR is';
    case 'SQLITE_READONLY':
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_PERM':
    case 'SQLITE_IOERR':
      return 'check that DATA_DIR exists, is writable and its disk is healthy';
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return 'another process holds the store: is a second gateway or platform running on the same DATA_DIR?';
    case 'SQLITE_CORRUPT':
    case 'SQLITE_NOTADB':
      return 'the store file is damaged or not a SQLite database: move DATA_DIR/timeseries away to start a fresh store';
    default:
      return typeof code === 'string' ? `SQLite's code for it: ${code}` : 'this is a bug in the store';
  }
}

/**
 * The embedded time-series store on SQLite (better-sqlite3). Synchronous on purpose: it runs in a
 * worker thread (sqlite-worker.ts), where blocking is what the thread is for, and a synchronous
 * transaction is the cheapest way SQLite can write a batch.
 *
 * Durability: WAL with `synchronous = NORMAL`. A committed transaction is in the WAL file, handed to
 * the kernel, before `write()` returns; a process crash (SIGKILL, OOM kill) cannot lose it, only an
 * OS crash or power cut before the next checkpoint's fsync could. That is the outbox's promise: a
 * PUBACK means the reading survives the gateway process dying. `synchronous = FULL` would also
 * cover power loss at the cost of an fsync per batch.
 */
export class SqliteTimeSeriesStore {
  private prepared: Prepared | undefined;

  private constructor(private readonly db: Database.Database) {}

  /** Opens (creating if missing) the store in `file`, or in memory for `':memory:'`. */
  static open(file: string): SqliteTimeSeriesStore {
    let db: Database.Database | undefined;
    try {
      db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      // Busy waits are bounded: a second writer on the file gets SQLITE_BUSY after 5 s, not a hang.
      db.pragma('busy_timeout = 5000');
      // 16 MiB of page cache (default 2 MiB) keeps the indexes' hot pages of a busy day in memory.
      db.pragma('cache_size = -16384');
      return new SqliteTimeSeriesStore(db);
    } catch (error) {
      db?.close();
      throw new StoreError(
        `opening the embedded time-series store ${file} failed: ${describe(error)} — ${sqliteHint(error)}`,
        error,
      );
    }
  }

  /** Creates what is missing; safe to call again. */
  init(): void {
    try {
      this.db.exec(SQLITE_SCHEMA_SQL);
      this.prepared = undefined;
    } catch (error) {
      throw new StoreError(
        `creating the embedded time-series tables failed: ${describe(error)} — ${sqliteHint(error)}`,
        error,
      );
    }
  }

  private statements(): Prepared {
    if (this.prepared) return this.prepared;
    const prepare = (sql: string): Statement => this.db.prepare(sql);
    const telemetry = prepare(SQL.telemetry);
    const events = prepare(SQL.events);
    const status = prepare(SQL.status);
    const writeBatch = this.db.transaction((batch: PackedBatch) => {
      const { strings, telemetryNumbers: nums, telemetryStrings: refs } = batch;
      for (let row = 0; row < batch.telemetryRows; row++) {
        const n = row * TELEMETRY_NUMBERS;
        const s = row * TELEMETRY_STRINGS;
        telemetry.run(
          nums[n],
          strings[refs[s]!],
          strings[refs[s + 1]!],
          nums[n + 1],
          strings[refs[s + 2]!],
          strings[refs[s + 3]!],
          strings[refs[s + 4]!],
          strings[refs[s + 5]!],
          strings[refs[s + 6]!],
        );
      }
      for (const row of batch.events) events.run(...row);
      for (const row of batch.status) status.run(...row);
    });
    this.prepared = {
      telemetry,
      events,
      status,
      queryTelemetry: prepare(SQL.queryTelemetry),
      queryStatus: prepare(SQL.queryStatus),
      countPoints: prepare(SQL.countPoints),
      writeBatch,
    };
    return this.prepared;
  }

  /** One transaction per batch: it lands whole or not at all, and writing it again is a no-op. */
  write(batch: readonly StoredMessage[]): void {
    if (batch.length > 0) this.writePacked(packBatch(batch).packed);
  }

  /** {@link write} of a batch packed on the other side of the thread boundary. */
  writePacked(batch: PackedBatch): void {
    try {
      this.statements().writeBatch(batch);
    } catch (error) {
      throw new StoreError(
        `embedded time-series write of ${batch.messages} messages failed: ${describe(error)}` +
          ` — nothing of the batch was stored; ${sqliteHint(error)}`,
        error,
      );
    }
  }

  queryTelemetry({ device, metric, from, to }: TelemetryQuery): TelemetryPoint[] {
    return this.read('telemetry query', () =>
      this.statements().queryTelemetry.all(device, metric, from, to),
    ) as TelemetryPoint[];
  }

  queryEvents({ school, device, from, to }: EventQuery): StoredEvent[] {
    const params: (string | number)[] = [from, to];
    let where = 'ts BETWEEN ? AND ?';
    if (school !== undefined) {
      where += ' AND school = ?';
      params.push(school);
    }
    if (device !== undefined) {
      where += ' AND device = ?';
      params.push(device);
    }
    const rows = this.read('event query', () =>
      this.db
        .prepare(`SELECT ts, device, school, type, data FROM events WHERE ${where} ORDER BY ts`)
        .all(...params),
    ) as (Omit<StoredEvent, 'data'> & { data: string })[];
    return rows
      .map((r) => ({ ...r, data: JSON.parse(r.data) as Record<string, unknown> }))
      .sort(compareEvents);
  }

  queryStatus({ device, from, to }: { device: string; from: number; to: number }): StatusPoint[] {
    const rows = this.read('status query', () =>
      this.statements().queryStatus.all(device, from, to),
    ) as (Omit<StatusPoint, 'online'> & { online: number })[];
    return rows.map((r) => ({ ...r, online: r.online !== 0 }));
  }

  countPoints(device: string): PointCounts {
    const row = this.read('point count', () => this.statements().countPoints.get({ device })) as
      PointCounts | undefined;
    return row ?? { telemetry: 0, events: 0, status: 0 };
  }

  /**
   * Deletes rows older than `days` days before `now` from all three tables, in one transaction, and
   * returns how many went from each. Freed pages are reused by later inserts; the file does not
   * shrink (that would take a VACUUM, which rewrites the whole file).
   */
  purgeOlderThan(days: number, now: number = Date.now()): PointCounts {
    if (!Number.isFinite(days) || days <= 0) {
      throw new Error(`purgeOlderThan(${days}): the retention must be a positive number of days`);
    }
    const cutoff = now - days * DAY_MS;
    const deleted: PointCounts = { telemetry: 0, events: 0, status: 0 };
    try {
      this.db.transaction(() => {
        for (const table of SQLITE_TABLES) {
          deleted[table] = this.db.prepare(`DELETE FROM ${table} WHERE ts < ?`).run(cutoff).changes;
        }
      })();
    } catch (error) {
      throw new StoreError(
        `embedded time-series retention purge failed: ${describe(error)} — nothing was deleted; ${sqliteHint(error)}`,
        error,
      );
    }
    return deleted;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private read<T>(what: string, run: () => T): T {
    try {
      return run();
    } catch (error) {
      throw new StoreError(
        `embedded time-series ${what} failed: ${describe(error)} — ${sqliteHint(error)}`,
        error,
      );
    }
  }
}
