import type { SqlParam } from './database';

/** An instant as callers give it: epoch milliseconds, a Date, or an ISO 8601 string. */
export type Instant = number | Date | string;

/** An instant as a `timestamptz` parameter (ISO 8601, UTC); throws on an invalid date. */
export function toIso(at: Instant): string {
  const date = at instanceof Date ? at : new Date(at);
  const ms = date.getTime();
  if (Number.isNaN(ms)) {
    throw new Error(
      `invalid instant ${JSON.stringify(at)}: pass epoch milliseconds, a Date or an ISO 8601 string`,
    );
  }
  return date.toISOString();
}

export function toIsoOrNull(at: Instant | null | undefined): string | null {
  return at === null || at === undefined ? null : toIso(at);
}

/** A value for a `$n::jsonb` parameter. */
export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

/** `undefined` (an omitted optional field) as SQL NULL. */
export function orNull<T extends SqlParam>(value: T | null | undefined): T | null {
  return value === undefined ? null : value;
}
