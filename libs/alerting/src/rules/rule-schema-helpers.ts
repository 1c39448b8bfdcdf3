import { parseDuration } from '@campus/device-protocols';
import { z } from 'zod';

/**
 * Zod building blocks for the sites file's `rules:` section, worded for whoever edits the file
 * (the same voice as the sites-file schema in @campus/device-protocols).
 */

/** What a YAML value looks like, for "expected X, got Y". */
export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping (key: value)';
  if (typeof v === 'string') return `the text "${v}"`;
  return `the ${typeof v} ${String(v)}`;
}

/** A strict mapping: an unknown key is refused, naming the allowed keys. */
export function strict<S extends z.ZodRawShape>(shape: S) {
  const allowed = Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) => {
      if (iss.code === 'unrecognized_keys')
        return `unknown key "${iss.keys[0] ?? ''}" — allowed keys here: ${allowed.join(', ')}`;
      if (iss.code === 'invalid_type')
        return `expected a mapping (key: value), got ${describeValue(iss.input)}`;
      return undefined;
    },
  });
}

/** A non-empty list (an empty one would match nothing, which is never what was meant). */
export function list<T extends z.ZodType>(item: T) {
  return z
    .array(item, { error: (iss) => `expected a list, got ${describeValue(iss.input)}` })
    .min(1, { error: 'an empty list matches nothing — list something, or leave the key out' });
}

export function text(what: string) {
  return z
    .string({ error: (iss) => `expected ${what}, got ${describeValue(iss.input)}` })
    .min(1, { error: `${what} may not be empty` });
}

/** Text matching `pattern`, described by `what` and `example` when it does not. */
export function patterned(what: string, pattern: RegExp, example: string) {
  return text(what).regex(pattern, {
    error: (iss) => `"${String(iss.input)}" is not ${what} (e.g. ${example})`,
  });
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T, what: string) {
  return z.enum(values, {
    error: (iss) => `unknown ${what} ${JSON.stringify(iss.input)} — use one of ${values.join(', ')}`,
  });
}

export function bool() {
  return z.boolean({ error: (iss) => `expected true or false, got ${describeValue(iss.input)}` });
}

/** A finite number; `positive` refuses zero and below. */
export function finite(options: { positive?: boolean } = {}) {
  const base = z.number({ error: (iss) => `expected a number, got ${describeValue(iss.input)}` });
  return options.positive ? base.positive({ error: 'must be greater than 0' }) : base;
}

/** A whole number within [min, max]. */
export function integer(min: number, max: number) {
  const range = `must be a whole number from ${min} to ${max}`;
  return z
    .number({ error: (iss) => `${range}, got ${describeValue(iss.input)}` })
    .int({ error: range })
    .min(min, { error: range })
    .max(max, { error: range });
}

/** A span of time: a number of seconds, or "90s", "2m", "1h"; whole seconds from `min` up to a week. */
export function seconds(min: number) {
  const expected = `a duration of whole seconds from ${min} up to a week: a number of seconds, or "90s", "2m", "1h"`;
  return z
    .union([z.number(), z.string()], {
      error: (iss) => `expected ${expected}, got ${describeValue(iss.input)}`,
    })
    .transform((v, ctx) => {
      const s = parseDuration(v);
      if (s === undefined || s < min) {
        ctx.issues.push({ code: 'custom', input: v, message: `${JSON.stringify(v)} is not ${expected}` });
        return z.NEVER;
      }
      return s;
    });
}
