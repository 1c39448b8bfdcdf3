import fc from 'fast-check';

/** UTF-8 bytes of a string. */
export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Arbitrary bytes, the noise a broken or hostile device can send. */
export const arbitraryBytes = (): fc.Arbitrary<Uint8Array> => fc.uint8Array({ maxLength: 300 });

/** Any JSON document, as bytes. */
export const arbitraryJsonBytes = (): fc.Arbitrary<Uint8Array> => fc.json({ maxDepth: 4 }).map(utf8);

/**
 * The text of one JSON value of any type, including numbers JSON.stringify cannot write but
 * JSON.parse reads as non-finite (`1e999` → Infinity) or as zero (`-0`, `1e-999`).
 */
export const arbitraryRawJsonValue = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)) },
    { weight: 2, arbitrary: fc.double().map((n) => (Number.isFinite(n) ? JSON.stringify(n) : '1e999')) },
    { weight: 1, arbitrary: fc.constantFrom('1e999', '-1e999') },
    { weight: 1, arbitrary: fc.constantFrom('1e-999', '-0', 'true', 'false', 'null', '{}', '[]', '""') },
  );

/**
 * A JSON object as text whose keys are drawn from `fields` (each present or not) with values from
 * the given raw-text arbitraries: the expected keys, random value types.
 */
export function arbitraryJsonObjectText(fields: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const entries = Object.entries(fields).map(([key, value]) =>
    fc.option(
      value.map((raw) => `${JSON.stringify(key)}:${raw}`),
      { nil: undefined },
    ),
  );
  return fc.tuple(...entries).map((members) => `{${members.filter((m) => m !== undefined).join(',')}}`);
}

/** `arbitraryJsonObjectText` as bytes. */
export const arbitraryJsonObjectBytes = (
  fields: Record<string, fc.Arbitrary<string>>,
): fc.Arbitrary<Uint8Array> => arbitraryJsonObjectText(fields).map(utf8);

/** Raw JSON text of a value chosen from `values` most of the time, any JSON value otherwise. */
export const mostly = (values: readonly unknown[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...values).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: arbitraryRawJsonValue() },
  );
