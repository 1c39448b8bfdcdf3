import type { StoredMessage } from './series-point';

/** A row's parameters in column order (see `EMBEDDED_COLUMNS`). */
export type Param = string | number | boolean | Date;
export type Row = Param[];

const ORG_COLUMNS = ['province', 'city', 'county', 'school', 'kind'] as const;

/** Column order of each table's rows, and the key an upsert conflicts on. */
export const EMBEDDED_COLUMNS = {
  telemetry: {
    columns: ['ts', 'device', 'metric', 'value', ...ORG_COLUMNS],
    key: ['device', 'metric', 'ts'],
  },
  events: { columns: ['ts', 'device', 'type', 'data', ...ORG_COLUMNS], key: ['device', 'type', 'ts'] },
  status: { columns: ['ts', 'device', 'online', ...ORG_COLUMNS], key: ['device', 'ts'] },
} as const;

export interface EmbeddedRows {
  telemetry: Row[];
  events: Row[];
  status: Row[];
}

/**
 * jsonb cannot hold U+0000 (`unsupported Unicode escape sequence`), and a batch refused for it would
 * be retried by the outbox forever: the NUL becomes U+FFFD. Only a real `\u0000` escape is replaced,
 * not an escaped backslash followed by `u0000`.
 */
export function jsonbSafe(json: string): string {
  return json.replace(/(?<!\\)((?:\\\\)*)\\u0000/g, '$1\\ufffd');
}

/**
 * Splits a batch into rows per table. Rows with the same key keep the last one: PostgreSQL refuses
 * an `ON CONFLICT DO UPDATE` that would touch one row twice in one statement, and "last write wins"
 * is what InfluxDB does with two points of one series and time.
 */
export function toEmbeddedRows(batch: readonly StoredMessage[]): EmbeddedRows {
  const telemetry = new Map<string, Row>();
  const events = new Map<string, Row>();
  const status = new Map<string, Row>();
  for (const { message, org, deviceKind } of batch) {
    const ts = new Date(message.ts);
    const tags = [org.province, org.city, org.county, org.school, deviceKind];
    switch (message.kind) {
      case 'reading':
        for (const [metric, value] of Object.entries(message.metrics)) {
          telemetry.set(JSON.stringify([message.device, metric, message.ts]), [
            ts,
            message.device,
            metric,
            value,
            ...tags,
          ]);
        }
        break;
      case 'event':
        events.set(JSON.stringify([message.device, message.type, message.ts]), [
          ts,
          message.device,
          message.type,
          jsonbSafe(JSON.stringify(message.data)),
          ...tags,
        ]);
        break;
      case 'availability':
        status.set(JSON.stringify([message.device, message.ts]), [
          ts,
          message.device,
          message.online,
          ...tags,
        ]);
        break;
    }
  }
  return { telemetry: [...telemetry.values()], events: [...events.values()], status: [...status.values()] };
}
