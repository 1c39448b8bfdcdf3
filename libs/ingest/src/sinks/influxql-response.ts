import { z } from 'zod';

const seriesSchema = z.object({
  name: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
  columns: z.array(z.string()),
  values: z.array(z.array(z.unknown())).optional(),
  partial: z.boolean().optional(),
});
const statementSchema = z.object({
  statement_id: z.number().optional(),
  series: z.array(seriesSchema).optional(),
  error: z.string().optional(),
  partial: z.boolean().optional(),
});
export const influxqlResponseSchema = z.object({
  results: z.array(statementSchema).optional(),
  error: z.string().optional(),
});

export type InfluxqlStatementResult = z.infer<typeof statementSchema>;
export type InfluxqlSeries = z.infer<typeof seriesSchema>;

/** Rows of all series of one statement as objects keyed by column name (`time` in epoch ms). */
export function rowsOf(result: InfluxqlStatementResult): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const series of result.series ?? []) {
    for (const values of series.values ?? []) {
      const row: Record<string, unknown> = { ...series.tags };
      series.columns.forEach((column, i) => {
        row[column] = values[i];
      });
      rows.push(row);
    }
  }
  return rows;
}

export function numberOf(value: unknown, what: string): number {
  if (typeof value !== 'number')
    throw new Error(`InfluxQL answer: ${what} is ${JSON.stringify(value)}, not a number`);
  return value;
}

export function stringOf(value: unknown, what: string): string {
  if (typeof value !== 'string')
    throw new Error(`InfluxQL answer: ${what} is ${JSON.stringify(value)}, not a string`);
  return value;
}
