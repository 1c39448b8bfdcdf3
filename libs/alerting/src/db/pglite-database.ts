import { mkdir } from 'node:fs/promises';
import { PGlite, type PGliteInterface, type Transaction } from '@electric-sql/pglite';
import {
  DatabaseQueryError,
  type Database,
  type Queryable,
  type QueryResult,
  type SqlParam,
} from './database';
import { TEXT_PARSERS } from './type-parsers';

const OPTIONS = { parsers: TEXT_PARSERS };

type PgliteRunner = Pick<Transaction, 'query' | 'exec'>;

function queryable(runner: PgliteRunner): Queryable {
  return {
    async query<T>(sql: string, params: readonly SqlParam[] = []): Promise<QueryResult<T>> {
      try {
        const result = await runner.query<T>(sql, [...params], OPTIONS);
        // PGlite reports 0 affected rows for a SELECT; `pg` counts the rows returned: follow `pg`.
        return { rows: result.rows, rowCount: Math.max(result.affectedRows ?? 0, result.rows.length) };
      } catch (error) {
        throw new DatabaseQueryError('pglite', sql, error);
      }
    },
    async exec(sql: string): Promise<void> {
      try {
        await runner.exec(sql, OPTIONS);
      } catch (error) {
        throw new DatabaseQueryError('pglite', sql, error);
      }
    },
  };
}

/**
 * {@link Database} on PGlite (PostgreSQL in WASM, one connection: statements and transactions run
 * one at a time, so row locks never contend and `SKIP LOCKED` skips nothing).
 */
export class PgliteDatabase implements Database {
  readonly dialect = 'pglite' as const;
  private readonly direct: Queryable;

  /**
   * @param db an open PGlite; with `ownsDb` false (the default) `close()` leaves it open for its
   *   owner. Results are parsed per query, so any instance works, whatever its own `parsers`.
   */
  constructor(
    private readonly db: PGliteInterface,
    private readonly ownsDb = false,
  ) {
    this.direct = queryable(db);
  }

  query<T>(sql: string, params?: readonly SqlParam[]): Promise<QueryResult<T>> {
    return this.direct.query<T>(sql, params);
  }

  exec(sql: string): Promise<void> {
    return this.direct.exec(sql);
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(queryable(tx)));
  }

  async close(): Promise<void> {
    if (this.ownsDb && !this.db.closed) await this.db.close();
  }
}

/**
 * PostgreSQL's 128 MB default buffer pool is most of an embedded database's memory (the alert
 * state is small): 16 MB keeps the platform's idle RSS about 100 MB lower. `shared_buffers` is read
 * at start only, so a database that has another value gets it once and is reopened.
 */
const EMBEDDED_SHARED_BUFFERS = '16MB';

async function tuned(db: PGlite, reopen: () => Promise<PGlite>): Promise<PGlite> {
  const { rows } = await db.query<{ shared_buffers: string }>('SHOW shared_buffers');
  if (rows[0]?.shared_buffers === EMBEDDED_SHARED_BUFFERS) return db;
  await db.exec(`ALTER SYSTEM SET shared_buffers = '${EMBEDDED_SHARED_BUFFERS}'`);
  await db.close();
  return reopen();
}

/**
 * Opens PGlite on `dir` (created if missing, and tuned for a small embedded database), in memory
 * when `dir` is undefined. Opening a fresh database takes seconds (initdb in WASM); reopening an
 * existing dir well under one. `what` names the database in the error an operator reads.
 */
export async function openTunedPglite(
  dir: string | undefined,
  what = 'embedded alert database',
): Promise<PGlite> {
  const open = () => (dir === undefined ? PGlite.create() : PGlite.create(dir));
  try {
    // PGlite creates only the last level: a fresh clone has no ./data yet
    if (dir !== undefined) await mkdir(dir, { recursive: true });
    const db = await open();
    return dir === undefined ? db : await tuned(db, open);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `opening the ${what} ${dir === undefined ? 'in memory' : `in ${dir}`} failed: ${reason}` +
        ' — check that DATA_DIR is writable and not used by another running alert service or platform',
      { cause: error },
    );
  }
}

/** {@link openTunedPglite} as the alert service's Database. */
export async function openPglite(dir: string | undefined): Promise<PgliteDatabase> {
  return new PgliteDatabase(await openTunedPglite(dir), true);
}
