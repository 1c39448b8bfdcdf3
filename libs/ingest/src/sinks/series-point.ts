import type { CanonicalMessage, DeviceKind, OrgPath } from '@campus/device-protocols';

/** A decoded message with where its device sits: the unit that sinks and the outbox carry. */
export interface StoredMessage {
  message: CanonicalMessage;
  org: OrgPath;
  deviceKind: DeviceKind;
}

export type Measurement = 'telemetry' | 'events' | 'status';

/**
 * One time-series point in the layout of docs/operations.md. Tag and field names never coincide:
 * the tags are fixed below, and a metric named like a tag is stored as `<name>_value`.
 */
export interface SeriesPoint {
  measurement: Measurement;
  tags: Record<string, string>;
  /** `integer` fields are written as InfluxDB integers (`count=1i`). */
  fields: Record<string, number | boolean | string | { integer: number }>;
  ts: number;
}

export const TAG_NAMES = ['province', 'city', 'county', 'school', 'device', 'kind', 'type'] as const;
const TAG_SET: ReadonlySet<string> = new Set(TAG_NAMES);

/** The field a metric is stored under (renamed only when it would collide with a tag). */
export function metricField(metric: string): string {
  return TAG_SET.has(metric) ? `${metric}_value` : metric;
}

export function toSeriesPoint({ message, org, deviceKind }: StoredMessage): SeriesPoint {
  const tags: Record<string, string> = {
    province: org.province,
    city: org.city,
    county: org.county,
    school: org.school,
    device: message.device,
    kind: deviceKind,
  };
  switch (message.kind) {
    case 'reading': {
      const fields: SeriesPoint['fields'] = {};
      for (const [metric, value] of Object.entries(message.metrics)) fields[metricField(metric)] = value;
      return { measurement: 'telemetry', tags, fields, ts: message.ts };
    }
    case 'event':
      return {
        measurement: 'events',
        tags: { ...tags, type: message.type },
        fields: { count: { integer: 1 }, data: JSON.stringify(message.data) },
        ts: message.ts,
      };
    case 'availability':
      return { measurement: 'status', tags, fields: { online: message.online }, ts: message.ts };
  }
}
