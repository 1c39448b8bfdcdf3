import { z } from 'zod';
import { didYouMean } from './did-you-mean';

/**
 * Zod building blocks whose messages speak to whoever edits the sites file. Missing keys and
 * empty values are worded by `issueError` (zod-issues.ts); these word everything else.
 */

/** What a YAML value looks like, for "expected X, got Y". */
export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping (key: value)';
  if (typeof v === 'string') return `the text "${v}"`;
  return `the ${typeof v} ${String(v)}`;
}

/** A strict mapping: any key not in `shape` is refused, naming it and the allowed keys. */
export function strict<S extends z.ZodRawShape>(shape: S) {
  const allowed = Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) => {
      if (iss.code === 'unrecognized_keys') {
        const key = iss.keys[0] ?? '';
        return `unknown key "${key}"${didYouMean(key, allowed)} — allowed keys here: ${allowed.join(', ')}`;
      }
      if (iss.code === 'invalid_type')
        return `expected a mapping (key: value lines), got ${describeValue(iss.input)}`;
      return undefined;
    },
  });
}

/** A list; `item` says what each entry is. */
export function list<T extends z.ZodType>(item: T) {
  return z.array(item, {
    error: (iss) => `expected a list (lines starting with "- "), got ${describeValue(iss.input)}`,
  });
}

/** What a value is, without showing it (for secrets and passwords, which must not reach the logs). */
function describeKind(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v !== null && typeof v === 'object') return 'a mapping (key: value)';
  return `a ${typeof v}`;
}

/**
 * Non-empty text; a number is refused with the hint to quote it. With `secret`, messages say
 * what kind of value was found but never the value itself.
 */
export function text(what = 'text', options: { secret?: boolean } = {}) {
  return z
    .string({
      error: (iss) =>
        `expected ${what}, got ${options.secret ? describeKind(iss.input) : describeValue(iss.input)}` +
        (typeof iss.input === 'number' || typeof iss.input === 'boolean' ? ' — put it in quotes' : ''),
    })
    .min(1, { error: `${what} may not be empty` });
}

/** One of a fixed set of words: `unknown device kind "smoke" — use one of smoke_detector, …`. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T, what: string) {
  return z.enum(values, {
    error: (iss) =>
      `unknown ${what} ${JSON.stringify(iss.input)}${didYouMean(iss.input, values)} — use one of ${values.join(', ')}`,
  });
}

/** A whole number within [min, max]. */
export function integer(what: string, min: number, max: number) {
  const range = `${what} must be a whole number from ${min} to ${max}`;
  return z
    .number({ error: (iss) => `${range}, got ${describeValue(iss.input)}` })
    .int({ error: range })
    .min(min, { error: range })
    .max(max, { error: range });
}

/** A string passing `problem` (which returns why not, or undefined). */
export function checkedText(what: string, problem: (s: string) => string | undefined) {
  return text(what).superRefine((s, ctx) => {
    const p = problem(s);
    if (p !== undefined) ctx.addIssue({ code: 'custom', message: p, input: s });
  });
}

/** A string of exactly `digits` digits, e.g. a GB/T 2260 division code. */
export function digitCode(digits: number, what: string, example: string) {
  const pattern = new RegExp(`^\\d{${digits}}$`);
  return z
    .string({
      error: (iss) =>
        typeof iss.input === 'number'
          ? `write the ${what} in quotes, e.g. "${example}" (a bare number loses leading zeros)`
          : `expected a ${what} in quotes, e.g. "${example}", got ${describeValue(iss.input)}`,
    })
    .regex(pattern, {
      error: (iss) => `"${String(iss.input)}" is not a ${what}: expected exactly ${digits} digits`,
    });
}
