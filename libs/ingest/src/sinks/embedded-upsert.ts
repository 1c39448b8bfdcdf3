import type { Transaction } from '@electric-sql/pglite';
import type { Row } from './embedded-rows';

/** PostgreSQL's wire protocol counts bind parameters in 16 bits. */
export const MAX_BIND_PARAMETERS = 65_535;

export interface UpsertSpec {
  table: string;
  columns: readonly string[];
  key: readonly string[];
}

/** `INSERT INTO table (cols) VALUES ($1,…),(…) ON CONFLICT (key) DO UPDATE SET other = EXCLUDED.other`. */
export function upsertSql({ table, columns, key }: UpsertSpec, rowCount: number): string {
  const width = columns.length;
  const values: string[] = [];
  for (let r = 0; r < rowCount; r++) {
    const placeholders: string[] = [];
    for (let c = 1; c <= width; c++) placeholders.push(`$${r * width + c}`);
    values.push(`(${placeholders.join(',')})`);
  }
  const updates = columns.filter((c) => !key.includes(c)).map((c) => `${c} = EXCLUDED.${c}`);
  return (
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(',')} ` +
    `ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${updates.join(', ')}`
  );
}

/**
 * Upserts `rows` with as few statements as the parameter limit allows: one multi-row INSERT per
 * chunk of `floor(65535 / columns)` rows. Statements for the common full-chunk size are cached.
 */
export async function upsertRows(
  tx: Pick<Transaction, 'query'>,
  spec: UpsertSpec,
  rows: readonly Row[],
  sqlCache: Map<string, string>,
): Promise<void> {
  const perChunk = Math.floor(MAX_BIND_PARAMETERS / spec.columns.length);
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk);
    const cacheKey = `${spec.table}:${chunk.length}`;
    let sql = sqlCache.get(cacheKey);
    if (sql === undefined) {
      sql = upsertSql(spec, chunk.length);
      if (sqlCache.size > 256) sqlCache.clear();
      sqlCache.set(cacheKey, sql);
    }
    await tx.query(sql, chunk.flat());
  }
}
