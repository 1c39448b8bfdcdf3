import { describe, expect, it } from 'vitest';
import type { Database } from '../../db/database';
import { DatabaseQueryError } from '../../db/database';

export function databaseContract(db: () => Database): void {
  describe('Database', () => {
    it('reads timestamptz, bigint, numeric and jsonb the same on every backend', async () => {
      const { rows } = await db().query<Record<string, unknown>>(
        `SELECT '2026-11-28 18:00:00.123456+08'::timestamptz AS t, 9007199254740991::bigint AS big,
                count(*) AS n, 1.25::numeric AS num, $1::jsonb AS j, NULL::timestamptz AS nothing`,
        [JSON.stringify({ a: [1, 'x'], b: null })],
      );
      expect(rows).toEqual([
        {
          t: '2026-11-28T10:00:00.123Z',
          big: 9007199254740991,
          n: 1,
          num: 1.25,
          j: { a: [1, 'x'], b: null },
          nothing: null,
        },
      ]);
    });

    it('commits a transaction, rolls it back when the function throws', async () => {
      await db().exec('CREATE TABLE IF NOT EXISTS public.tx_probe (v int); DELETE FROM public.tx_probe;');
      const result = await db().transaction(async (tx) => {
        await tx.query('INSERT INTO tx_probe VALUES ($1), ($2)', [1, 2]);
        return 'done';
      });
      expect(result).toBe('done');
      await expect(
        db().transaction(async (tx) => {
          await tx.query('INSERT INTO tx_probe VALUES (3)');
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      const { rows, rowCount } = await db().query<{ v: number }>('SELECT v FROM tx_probe ORDER BY v');
      expect(rows.map((r) => r.v)).toEqual([1, 2]);
      expect(rowCount).toBe(2);
      expect((await db().query('DELETE FROM tx_probe')).rowCount).toBe(2);
    });

    it('names the failed statement and keeps the SQLSTATE', async () => {
      const error = await db()
        .query('SELECT * FROM alerting.no_such_table')
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(DatabaseQueryError);
      expect((error as DatabaseQueryError).code).toBe('42P01');
      expect((error as Error).message).toMatch(
        /no_such_table.* — in: SELECT \* FROM alerting\.no_such_table/,
      );
    });
  });
}
