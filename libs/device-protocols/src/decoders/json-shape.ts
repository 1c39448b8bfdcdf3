import { rejected, type DecodeRejection } from './decode-result';

/** A parsed JSON object (not null, not an array). */
export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How a JSON value reads in a rejection detail: `a string`, `null`, `an array`, … */
export function describeJsonValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return Number.isFinite(value) ? 'a number' : 'a non-finite number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

const LONGEST_KEY_IN_DETAIL = 64;
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `parent.key`, or `parent["odd key"]` (truncated) for keys that are not plain identifiers. */
export function jsonPath(parent: string, key: string): string {
  if (PLAIN_KEY.test(key) && key.length <= LONGEST_KEY_IN_DETAIL) {
    return parent === '' ? key : `${parent}.${key}`;
  }
  return `${parent}[${quoteForDetail(key)}]`;
}

/** A string value quoted for a rejection detail, cut short so a detail stays one readable line. */
export function quoteForDetail(text: string): string {
  return text.length <= LONGEST_KEY_IN_DETAIL
    ? JSON.stringify(text)
    : `${JSON.stringify(text.slice(0, LONGEST_KEY_IN_DETAIL))}…`;
}

/** `wrong_type` with `path: expected …, got …`. */
export function wrongType(path: string, expected: string, got: unknown): DecodeRejection {
  return rejected('wrong_type', `${path}: expected ${expected}, got ${describeJsonValue(got)}`);
}

/** `non_finite` with `path: expected a finite number`. */
export function nonFinite(path: string): DecodeRejection {
  return rejected('non_finite', `${path}: expected a finite number`);
}

/**
 * Whether `value` nests objects/arrays more than `maxDepth` levels deep (a scalar is depth 0).
 * Iterative, so it cannot overflow the stack itself; used to refuse data that would later make
 * JSON.stringify throw (V8 recurses there, and 64 KiB of `[` nests 65 536 levels deep).
 */
export function exceedsJsonDepth(value: unknown, maxDepth: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, depth] = next;
    if (typeof item !== 'object' || item === null) continue;
    if (depth + 1 > maxDepth) return true;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}
