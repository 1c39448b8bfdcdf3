import { metricField, type StoredMessage } from './series-point';

// Line protocol escaping (InfluxDB 1.x/2.x): measurement names escape comma and space; tag keys,
// tag values and field keys also `=`; string field values are quoted with `"` and `\` escaped.
// Newlines and tabs are escaped too, as the official client does, so a value cannot end a line.
const KEY_SPECIAL = /[,= \n\r\t]/;
const KEY_ESCAPES: Record<string, string> = {
  ',': '\\,',
  '=': '\\=',
  ' ': '\\ ',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};
const KEY_SPECIAL_ALL = /[,= \n\r\t]/g;
const QUOTED_SPECIAL = /["\\]/g;

function escapeKey(text: string): string {
  return KEY_SPECIAL.test(text) ? text.replace(KEY_SPECIAL_ALL, (c) => KEY_ESCAPES[c]!) : text;
}

function quoted(text: string): string {
  return `"${text.replace(QUOTED_SPECIAL, (c) => `\\${c}`)}"`;
}

function float(key: string, value: number): string {
  if (!Number.isFinite(value)) throw new Error(`invalid float value for field '${key}': ${value}`);
  return String(value);
}

/** `,tag=value` for a non-empty value. */
function tag(key: string, value: string): string {
  return value === '' ? '' : `,${key}=${escapeKey(value)}`;
}

/**
 * The tags of docs/operations.md's layout in key order (city, county, device, kind, province,
 * school, then `type` for events), as InfluxDB stores them and as the official client writes them.
 */
function tagsOf({ message, org, deviceKind }: StoredMessage): string {
  return (
    tag('city', org.city) +
    tag('county', org.county) +
    tag('device', message.device) +
    tag('kind', deviceKind) +
    tag('province', org.province) +
    tag('school', org.school)
  );
}

function readingFields(metrics: Record<string, number>): string {
  let fields = metrics;
  let names = Object.keys(metrics);
  // a metric named like a tag is stored as `<name>_value` (and a later `<name>_value` wins, as in toSeriesPoint)
  if (names.some((name) => metricField(name) !== name)) {
    fields = {};
    for (const name of names) fields[metricField(name)] = metrics[name]!;
    names = Object.keys(fields);
  }
  if (names.length > 1) names.sort();
  let text = '';
  for (const name of names)
    text += `${text === '' ? '' : ','}${escapeKey(name)}=${float(name, fields[name]!)}`;
  return text;
}

/**
 * One message as a line of line protocol with a millisecond timestamp (`precision=ms`), in the
 * layout of `toSeriesPoint` (docs/operations.md); undefined for a reading without metrics. Written
 * straight from the message: through the client's Point it cost a tenth of the ingest's CPU.
 */
export function toLine(stored: StoredMessage): string | undefined {
  const { message } = stored;
  const ts = Math.floor(message.ts);
  switch (message.kind) {
    case 'reading': {
      const fields = readingFields(message.metrics);
      return fields === '' ? undefined : `telemetry${tagsOf(stored)} ${fields} ${ts}`;
    }
    case 'event':
      return `events${tagsOf(stored)}${tag('type', message.type)} count=1i,data=${quoted(JSON.stringify(message.data))} ${ts}`;
    case 'availability':
      return `status${tagsOf(stored)} online=${message.online ? 'T' : 'F'} ${ts}`;
  }
}

/** Line protocol for a batch (`precision=ms`); messages with nothing to store give no line. */
export function toLines(batch: readonly StoredMessage[]): string[] {
  const lines: string[] = [];
  for (const message of batch) {
    const line = toLine(message);
    if (line !== undefined) lines.push(line);
  }
  return lines;
}
