import type { Database, Queryable } from './database';
import { MIGRATIONS, type Migration } from './migrations';

/** Key of the transaction-scoped advisory lock that serialises migrations across replicas. */
export const MIGRATION_LOCK_KEY = '7310382557010001';

export interface MigrationReport {
  /** Versions applied by this call (empty when the schema was up to date). */
  applied: number[];
  /** Versions recorded in the database that this code does not know (a newer release ran). */
  unknown: number[];
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (!Number.isInteger(m.version) || m.version !== i + 1) {
      throw new Error(
        `migration "${m.name}" has version ${m.version} at position ${i + 1}: versions must be 1, 2, 3 … in order — fix migrations/index.ts`,
      );
    }
  });
}

async function applyPending(tx: Queryable, migrations: readonly Migration[]): Promise<MigrationReport> {
  await tx.exec(`
    CREATE SCHEMA IF NOT EXISTS alerting;
    CREATE TABLE IF NOT EXISTS alerting.schema_migrations (
      version     integer PRIMARY KEY,
      name        text NOT NULL,
      applied_at  timestamptz NOT NULL DEFAULT now()
    );`);
  const { rows } = await tx.query<{ version: number }>('SELECT version FROM alerting.schema_migrations');
  const done = new Set(rows.map((r) => r.version));
  const known = new Set(migrations.map((m) => m.version));
  const applied: number[] = [];
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    try {
      await tx.exec(m.sql);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`migration ${m.version} (${m.name}) failed, nothing was applied: ${reason}`, {
        cause: error,
      });
    }
    await tx.query('INSERT INTO alerting.schema_migrations (version, name) VALUES ($1, $2)', [
      m.version,
      m.name,
    ]);
    applied.push(m.version);
  }
  return { applied, unknown: [...done].filter((v) => !known.has(v)).sort((a, b) => a - b) };
}

/**
 * Brings schema `alerting` up to date: every migration not yet recorded in
 * `alerting.schema_migrations` runs, in order, all in one transaction (all or nothing).
 *
 * On PostgreSQL the transaction first takes `pg_advisory_xact_lock`, so replicas starting at once
 * queue up: the first applies, the others then find everything recorded and apply nothing. PGlite
 * has a single connection, so no lock is needed.
 */
export async function migrate(
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationReport> {
  checkOrder(migrations);
  return db.transaction(async (tx) => {
    if (db.dialect === 'postgres') {
      await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    }
    return applyPending(tx, migrations);
  });
}
