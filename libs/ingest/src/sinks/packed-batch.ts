import type { StoredMessage } from './series-point';

/**
 * A batch in columns, for the trip to the store's worker thread. `postMessage` of the messages as
 * they are walks every nested object on the main thread (the structured clone): about 2 µs a
 * reading, a fifth of what SQLite then spends on it, on the very thread the worker is there to
 * spare. Packed, a reading costs a few dictionary look-ups and the numbers travel in typed arrays
 * that are transferred, not copied. Only the few distinct strings (devices, metrics, org codes) are
 * cloned.
 */
export interface PackedBatch {
  /** How many messages the batch had (for error messages). */
  messages: number;
  /** Every distinct string of the telemetry rows, referred to by index. */
  strings: string[];
  telemetryRows: number;
  /** Per telemetry row: ts, value. */
  telemetryNumbers: Float64Array;
  /** Per telemetry row, indexes into `strings`: device, metric, province, city, county, school, kind. */
  telemetryStrings: Uint32Array;
  /** Events and availability changes are rare: plain rows, event data already JSON. */
  events: EventRow[];
  status: StatusRow[];
}

export type EventRow = [ts: number, device: string, type: string, data: string, ...tags: Tags];
export type StatusRow = [ts: number, device: string, online: 0 | 1, ...tags: Tags];
type Tags = [province: string, city: string, county: string, school: string, kind: string];

export const TELEMETRY_NUMBERS = 2;
export const TELEMETRY_STRINGS = 7;

/** Packs `batch`, keeping its order (so that within a batch the last write of a point wins). */
export function packBatch(batch: readonly StoredMessage[]): { packed: PackedBatch; transfer: ArrayBuffer[] } {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const ref = (s: string): number => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.push(s) - 1;
      index.set(s, i);
    }
    return i;
  };
  // Two metrics a reading is the common case; the arrays grow when a batch has more.
  let capacity = Math.max(16, batch.length * 2);
  let numbers = new Float64Array(capacity * TELEMETRY_NUMBERS);
  let refs = new Uint32Array(capacity * TELEMETRY_STRINGS);
  let rows = 0;
  const events: EventRow[] = [];
  const status: StatusRow[] = [];
  for (const { message, org, deviceKind } of batch) {
    switch (message.kind) {
      case 'reading': {
        const device = ref(message.device);
        const province = ref(org.province);
        const city = ref(org.city);
        const county = ref(org.county);
        const school = ref(org.school);
        const kind = ref(deviceKind);
        for (const metric in message.metrics) {
          if (rows === capacity) {
            capacity *= 2;
            const grownNumbers = new Float64Array(capacity * TELEMETRY_NUMBERS);
            grownNumbers.set(numbers);
            numbers = grownNumbers;
            const grownRefs = new Uint32Array(capacity * TELEMETRY_STRINGS);
            grownRefs.set(refs);
            refs = grownRefs;
          }
          const n = rows * TELEMETRY_NUMBERS;
          numbers[n] = message.ts;
          numbers[n + 1] = message.metrics[metric]!;
          const s = rows * TELEMETRY_STRINGS;
          refs[s] = device;
          refs[s + 1] = ref(metric);
          refs[s + 2] = province;
          refs[s + 3] = city;
          refs[s + 4] = county;
          refs[s + 5] = school;
          refs[s + 6] = kind;
          rows++;
        }
        break;
      }
      case 'event':
        events.push([
          message.ts,
          message.device,
          message.type,
          JSON.stringify(message.data),
          org.province,
          org.city,
          org.county,
          org.school,
          deviceKind,
        ]);
        break;
      case 'availability':
        status.push([
          message.ts,
          message.device,
          message.online ? 1 : 0,
          org.province,
          org.city,
          org.county,
          org.school,
          deviceKind,
        ]);
        break;
    }
  }
  const packed: PackedBatch = {
    messages: batch.length,
    strings,
    telemetryRows: rows,
    telemetryNumbers: numbers,
    telemetryStrings: refs,
    events,
    status,
  };
  return { packed, transfer: [numbers.buffer as ArrayBuffer, refs.buffer as ArrayBuffer] };
}
