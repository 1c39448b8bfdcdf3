/**
 * The relational store of the alert service, as the repositories see it: PostgreSQL SQL on
 * PGlite (embedded, `DATA_DIR`) or on a PostgreSQL server (`DATABASE_URL`).
 *
 * Values come back the same from both backends (see `type-parsers.ts`): `timestamptz` as an ISO
 * 8601 string in UTC with milliseconds, `bigint`/`numeric` as JS numbers, `json`/`jsonb` parsed.
 * Parameters are plain scalars: pass instants as ISO strings (`toIso`), JSON as a string with an
 * explicit `$n::jsonb` cast (`toJson`), so neither driver guesses.
 */
export type SqlParam = string | number | boolean | null;

export interface QueryResult<T> {
  rows: T[];
  /** Rows inserted, updated, deleted or returned by the statement. */
  rowCount: number;
}

/** What a statement runs on: the database itself or one open transaction. */
export interface Queryable {
  /** One statement, `$1`-style parameters. */
  query<T>(sql: string, params?: readonly SqlParam[]): Promise<QueryResult<T>>;
  /** A script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export type Dialect = 'pglite' | 'postgres';

export interface Database extends Queryable {
  readonly dialect: Dialect;
  /**
   * Runs `fn` in one transaction (READ COMMITTED): committed when it resolves, rolled back when it
   * throws (and the error is rethrown). On PGlite other statements wait until it ends.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * PostgreSQL only: runs `onNotify` for every NOTIFY on `channel`, from any connection, on a
   * connection of its own (re-opened when lost, `onReconnect` then runs: something may have been
   * missed). Answers the way to stop listening.
   */
  listen?(
    channel: string,
    onNotify: (payload: string) => void,
    onReconnect?: () => void,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** A statement failed: the message names the statement; `code` is the SQLSTATE when there is one. */
export class DatabaseQueryError extends Error {
  readonly code: string | undefined;

  /** @param where the backend, for the message: `pglite`, `PostgreSQL at host:port/db`. */
  constructor(where: string, sql: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`${where} query failed: ${reason} — in: ${summarise(sql)}`, { cause });
    this.name = 'DatabaseQueryError';
    this.code = sqlState(cause);
  }
}

/** The SQLSTATE of a driver error (both `pg` and PGlite put it in `code`), if any. */
export function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = error.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

function summarise(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat;
}
