import type { StoredEvent } from './time-series-sink';

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The order every sink returns events in: time, then device, then type, compared by UTF-16 code
 * units (not the locale, nor the database's collation), so both sinks agree on Chinese device ids.
 */
export function compareEvents(a: StoredEvent, b: StoredEvent): number {
  return a.ts - b.ts || compareText(a.device, b.device) || compareText(a.type, b.type);
}
