import pg from 'pg';
import type { Logger } from 'pino';
import { describeDatabaseUrl } from './connection-target';
import {
  DatabaseQueryError,
  sqlState,
  type Database,
  type Queryable,
  type QueryResult,
  type SqlParam,
} from './database';
import { TEXT_PARSERS } from './type-parsers';

const { Pool, types } = pg;

/** `pg`'s parsers, with ours (see `type-parsers.ts`) for the types that differ from PGlite. */
const getTypeParser = ((oid: number, format?: 'text' | 'binary') =>
  (format ?? 'text') === 'text' && TEXT_PARSERS[oid]
    ? TEXT_PARSERS[oid]
    : types.getTypeParser(oid, format)) as typeof types.getTypeParser;

export interface PostgresOptions {
  /** Pool size (default 10). */
  max?: number;
  /** How long to wait for a connection before failing (default 10 s). */
  connectTimeoutMs?: number;
  logger?: Logger;
}

type PgRunner = Pick<pg.PoolClient, 'query'>;

function queryable(runner: PgRunner, where: string): Queryable {
  return {
    async query<T>(sql: string, params: readonly SqlParam[] = []): Promise<QueryResult<T>> {
      try {
        const result = await runner.query(sql, [...params]);
        return { rows: result.rows as T[], rowCount: result.rowCount ?? result.rows.length };
      } catch (error) {
        throw new DatabaseQueryError(where, sql, error);
      }
    },
    async exec(sql: string): Promise<void> {
      try {
        await runner.query(sql);
      } catch (error) {
        throw new DatabaseQueryError(where, sql, error);
      }
    },
  };
}

/** {@link Database} on a PostgreSQL server through a `pg.Pool` (one connection per transaction). */
export class PostgresDatabase implements Database {
  readonly dialect = 'postgres' as const;
  /** `user@host:port/database`, without the password. */
  readonly target: string;
  private readonly pool: pg.Pool;
  private readonly where: string;
  private readonly direct: Queryable;
  private readonly url: string;
  private readonly logger: Logger | undefined;

  constructor(url: string, options: PostgresOptions = {}) {
    this.url = url;
    this.logger = options.logger;
    this.target = describeDatabaseUrl(url);
    this.where = `PostgreSQL at ${this.target}`;
    this.pool = new Pool({
      connectionString: url,
      max: options.max ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      types: { getTypeParser },
    });
    // An idle connection dropped by the server must not crash the process; the pool replaces it.
    this.pool.on('error', (error) =>
      options.logger?.warn({ err: error, db: this.target }, 'idle database connection lost'),
    );
    this.direct = queryable(this.pool, this.where);
  }

  query<T>(sql: string, params?: readonly SqlParam[]): Promise<QueryResult<T>> {
    return this.direct.query<T>(sql, params);
  }

  exec(sql: string): Promise<void> {
    return this.direct.exec(sql);
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw unreachable(this.target, error);
    }
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await fn(queryable(client, this.where));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true; // the connection is unusable: destroy it rather than return it to the pool
      }
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async listen(
    channel: string,
    onNotify: (payload: string) => void,
    onReconnect?: () => void,
  ): Promise<() => Promise<void>> {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel))
      throw new Error(`listen: "${channel}" is not a plain channel name`);
    let stopped = false;
    let client: pg.Client | undefined;
    let retry: NodeJS.Timeout | undefined;
    const connect = async (): Promise<void> => {
      const next = new pg.Client({ connectionString: this.url, types: { getTypeParser } });
      next.on('notification', (message) => {
        if (message.channel === channel) onNotify(message.payload ?? '');
      });
      next.on('error', (error) => {
        this.logger?.warn({ err: error, db: this.target, channel }, 'LISTEN connection lost; reconnecting');
        void next.end().catch(() => undefined);
        if (!stopped && client === next) {
          client = undefined;
          retry = setTimeout(reconnect, 1000);
        }
      });
      await next.connect();
      await next.query(`LISTEN ${channel}`);
      client = next;
    };
    const reconnect = (): void => {
      connect().then(
        () => onReconnect?.(),
        (error: unknown) => {
          this.logger?.warn({ err: error, db: this.target, channel }, 'LISTEN reconnect failed; retrying');
          if (!stopped) retry = setTimeout(reconnect, 5000);
        },
      );
    };
    try {
      await connect();
    } catch (error) {
      throw unreachable(this.target, error);
    }
    return async () => {
      stopped = true;
      clearTimeout(retry);
      const open = client;
      client = undefined;
      await open?.end().catch(() => undefined);
    };
  }

  /** Fails with {@link unreachable}'s message unless the server answers `SELECT 1`. */
  async ping(): Promise<void> {
    try {
      await this.pool.query('SELECT 1');
    } catch (error) {
      throw unreachable(this.target, error);
    }
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}

function unreachable(target: string, error: unknown): Error {
  const reason = error instanceof Error ? error.message || error.name : String(error);
  const code = sqlState(error);
  const hint =
    code === '3D000'
      ? 'create the database (CREATE DATABASE) or fix the database name in DATABASE_URL'
      : code === '28P01' || code === '28000'
        ? 'check the user and password in DATABASE_URL and pg_hba.conf'
        : 'check DATABASE_URL and that the server is running and accepts TCP connections from here';
  return new Error(`cannot connect to PostgreSQL at ${target}: ${reason} — ${hint}`, { cause: error });
}

/**
 * Opens a pool on `url` (`DATABASE_URL`) and checks that the server answers, so a wrong URL or a
 * stopped server fails at start-up with a message naming the host (never the password).
 */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<PostgresDatabase> {
  const db = new PostgresDatabase(url, options);
  try {
    await db.ping();
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
