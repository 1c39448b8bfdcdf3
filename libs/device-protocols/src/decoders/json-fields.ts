import { rejected, type DecodeRejection } from './decode-result';
import { jsonPath, nonFinite, wrongType, type JsonObject } from './json-shape';

/**
 * Typed reads of one field of a parsed JSON object, with a precise rejection when the type is
 * wrong. Vendor payloads use `null` for "not known yet", so `null` reads like an absent field.
 */
export type FieldResult<T> = { ok: true; value: T } | DecodeRejection;

const found = <T>(value: T): FieldResult<T> => ({ ok: true, value });

/** A finite number, or `undefined` when absent or null. */
export function readNullableFiniteNumber(
  object: JsonObject,
  key: string,
  parentPath: string,
): FieldResult<number | undefined> {
  const value = object[key];
  if (value === undefined || value === null) return found(undefined);
  if (typeof value !== 'number') return wrongType(jsonPath(parentPath, key), 'a number', value);
  if (!Number.isFinite(value)) return nonFinite(jsonPath(parentPath, key));
  return found(value);
}

/** A string, or `undefined` when absent or null. */
export function readNullableString(
  object: JsonObject,
  key: string,
  parentPath: string,
): FieldResult<string | undefined> {
  const value = object[key];
  if (value === undefined || value === null) return found(undefined);
  if (typeof value !== 'string') return wrongType(jsonPath(parentPath, key), 'a string', value);
  return found(value);
}

/** A non-empty string that must be there. */
export function readRequiredString(object: JsonObject, key: string, parentPath: string): FieldResult<string> {
  const value = object[key];
  const path = jsonPath(parentPath, key);
  if (typeof value !== 'string') return wrongType(path, 'a non-empty string', value);
  if (value === '')
    return rejected('wrong_type', `${path}: expected a non-empty string, got an empty string`);
  return found(value);
}

/** A boolean, or `undefined` when absent or null. */
export function readNullableBoolean(
  object: JsonObject,
  key: string,
  parentPath: string,
): FieldResult<boolean | undefined> {
  const value = object[key];
  if (value === undefined || value === null) return found(undefined);
  if (typeof value !== 'boolean') return wrongType(jsonPath(parentPath, key), 'a boolean', value);
  return found(value);
}

/** An array of strings; absent or null reads as empty. */
export function readNullableStringArray(
  object: JsonObject,
  key: string,
  parentPath: string,
): FieldResult<string[]> {
  const value = object[key];
  if (value === undefined || value === null) return found([]);
  const path = jsonPath(parentPath, key);
  if (!Array.isArray(value)) return wrongType(path, 'an array of strings', value);
  const strings: string[] = [];
  for (const [index, item] of value.entries()) {
    if (typeof item !== 'string') return wrongType(`${path}[${index}]`, 'a string', item);
    strings.push(item);
  }
  return found(strings);
}
