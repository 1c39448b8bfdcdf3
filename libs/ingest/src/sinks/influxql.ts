/**
 * InfluxQL quoting. Identifiers go in double quotes, string literals in single quotes; inside both
 * only `\\`, `\"`, `\'` and `\n` are escapes (a raw newline ends the statement with "bad string").
 */
function escapeIn(value: string, quote: '"' | "'"): string {
  let out = '';
  for (const ch of value) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else out += ch;
  }
  return out;
}

/** `"name"`, e.g. a measurement, field or tag key. */
export function quoteIdent(name: string): string {
  return `"${escapeIn(name, '"')}"`;
}

/** `'value'`, e.g. a tag value in a WHERE clause. */
export function quoteString(value: string): string {
  return `'${escapeIn(value, "'")}'`;
}

/** An epoch-ms time literal (`1764300000000ms`). */
export function msLiteral(ms: number): string {
  if (!Number.isSafeInteger(ms)) throw new Error(`time bound ${ms} is not an integer number of epoch ms`);
  return `${ms}ms`;
}

/** `time >= from AND time <= to`: both bounds inclusive. */
export function timeRange(from: number, to: number): string {
  return `time >= ${msLiteral(from)} AND time <= ${msLiteral(to)}`;
}
