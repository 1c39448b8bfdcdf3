/** Whatever JSON can carry; the value type of vendor payload builders. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Compact JSON with object keys sorted at every depth: Zigbee2MQTT serialises device state with
 * json-stable-stringify, so consumers see this exact byte order.
 */
export function stableStringify(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableStringify(value[key] as JsonValue)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Python `json.dumps` with default separators (`", "`, `": "`) and insertion key order: Frigate's wire format. */
export function pythonJsonDumps(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, item]) => `${asciiJson(key)}: ${pythonJsonDumps(item)}`);
    return `{${entries.join(', ')}}`;
  }
  return typeof value === 'string' ? asciiJson(value) : JSON.stringify(value);
}

/** Python's default `ensure_ascii=True`: every non-ASCII UTF-16 unit becomes `\uXXXX`. */
function asciiJson(text: string): string {
  return JSON.stringify(text).replace(
    /[\u0080-\uffff]/g,
    (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
