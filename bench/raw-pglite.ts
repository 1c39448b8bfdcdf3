import type { PGliteInterface } from '@electric-sql/pglite';
import type { StoredMessage } from '@campus/ingest';

/** The embedded sink's telemetry columns, in a plain table: no key, no index, no upsert. */
const COLUMNS = ['ts', 'device', 'metric', 'value', 'province', 'city', 'county', 'school', 'kind'];

export const RAW_TABLE_SQL = `
CREATE TABLE IF NOT EXISTS bench_raw_telemetry (
  ts timestamptz NOT NULL,
  device text NOT NULL,
  metric text NOT NULL,
  value double precision NOT NULL,
  province text NOT NULL,
  city text NOT NULL,
  county text NOT NULL,
  school text NOT NULL,
  kind text NOT NULL
)`;

function insertSql(rows: number): string {
  const values: string[] = [];
  for (let r = 0; r < rows; r++) {
    values.push(`(${COLUMNS.map((_, c) => `$${r * COLUMNS.length + c + 1}`).join(',')})`);
  }
  return `INSERT INTO bench_raw_telemetry (${COLUMNS.join(', ')}) VALUES ${values.join(',')}`;
}

/**
 * The baseline for the sinks: the same readings as one multi-row INSERT per batch, one row per
 * metric (as the embedded sink stores them), straight into a plain table.
 */
export class RawPgliteWriter {
  private readonly sqlByRows = new Map<number, string>();

  constructor(private readonly db: PGliteInterface) {}

  async init(): Promise<void> {
    await this.db.exec(RAW_TABLE_SQL);
  }

  async write(batch: readonly StoredMessage[]): Promise<void> {
    const params: (string | number | Date)[] = [];
    let rows = 0;
    for (const { message, org, deviceKind } of batch) {
      if (message.kind !== 'reading') continue;
      const ts = new Date(message.ts);
      for (const [metric, value] of Object.entries(message.metrics)) {
        params.push(
          ts,
          message.device,
          metric,
          value,
          org.province,
          org.city,
          org.county,
          org.school,
          deviceKind,
        );
        rows++;
      }
    }
    let sql = this.sqlByRows.get(rows);
    if (sql === undefined) {
      sql = insertSql(rows);
      this.sqlByRows.set(rows, sql);
    }
    await this.db.query(sql, params);
  }

  async countRows(): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM bench_raw_telemetry');
    return rows[0]?.n ?? 0;
  }
}
