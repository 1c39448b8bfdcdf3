import type { Logger } from 'pino';
import type { Database } from './database';
import { migrate } from './migrate';
import type { PGliteInterface } from '@electric-sql/pglite';
import { PgliteDatabase, openPglite } from './pglite-database';
import { openPostgres } from './postgres-database';

export interface OpenDatabaseOptions {
  /** `DATABASE_URL`: PostgreSQL when set. */
  databaseUrl?: string;
  /** Without a URL: PGlite in this directory (in memory when undefined). */
  dataDir?: string;
  /**
   * Without a URL: this already-open PGlite (the all-in-one platform shares one embedded database
   * between the time series and the alert state); it stays open when the Database is closed.
   */
  pglite?: PGliteInterface;
  logger?: Logger;
}

/**
 * The alert service's relational store as configured: PostgreSQL when `databaseUrl` is set, else
 * embedded PGlite in `dataDir` — opened and migrated, ready for the repositories.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const db = options.databaseUrl
    ? await openPostgres(options.databaseUrl, { logger: options.logger })
    : options.pglite
      ? new PgliteDatabase(options.pglite)
      : await openPglite(options.dataDir);
  try {
    const report = await migrate(db);
    options.logger?.info({ dialect: db.dialect, ...report }, 'alert database ready');
    if (report.unknown.length > 0) {
      options.logger?.warn(
        { unknown: report.unknown },
        'the alert database has migrations this release does not know (a newer release ran)',
      );
    }
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
