import type { SqlParam } from './database';

/** Collects parameters for a statement built piece by piece: `p.add(x)` returns its `$n`. */
export class SqlParams {
  readonly values: SqlParam[] = [];

  add(value: SqlParam): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** `WHERE a AND b …`, or nothing without conditions. */
export function whereClause(conditions: readonly string[]): string {
  return conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
}

/** The SQL condition "org unit `param` contains the row" (a unit contains itself). */
export function orgContainsSql(param: string, alias = ''): string {
  const p = alias ? `${alias}.` : '';
  return `${param} IN (${p}province, ${p}city, ${p}county, ${p}school)`;
}

/** Checks a page size: a positive integer up to `max`. */
export function checkLimit(limit: number, max = 1000): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new Error(`limit must be an integer from 1 to ${max}, got ${limit}`);
  }
  return limit;
}
