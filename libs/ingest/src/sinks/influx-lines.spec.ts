import { Point } from '@influxdata/influxdb-client';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, type CanonicalMessage } from '@campus/device-protocols';
import { toLine, toLines } from './influx-lines';
import { TAG_NAMES, toSeriesPoint, type SeriesPoint, type StoredMessage } from './series-point';

/** The official client's line for a point: the reference the hand-written encoder must match. */
function clientLine({ measurement, tags, fields, ts }: SeriesPoint): string | undefined {
  const point = new Point(measurement);
  for (const [key, value] of Object.entries(tags)) point.tag(key, value);
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'number') point.floatField(key, value);
    else if (typeof value === 'boolean') point.booleanField(key, value);
    else if (typeof value === 'string') point.stringField(key, value);
    else point.intField(key, value.integer);
  }
  return point.timestamp(ts).toLineProtocol();
}

// names and values with every character line protocol escapes, and tag names as metric names
const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('a b', 'a,b', 'a=b', 'a"b', 'a\\b', 'a\nb', '\t', '学校 一', ''),
);
const metricName = fc.oneof(
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,8}$/),
  fc.constantFrom(...TAG_NAMES, 'device_value', 'temperature'),
);
const ts = fc.integer({ min: 0, max: 4_102_444_800_000 });
const message: fc.Arbitrary<CanonicalMessage> = fc.oneof(
  fc.record({
    kind: fc.constant('reading' as const),
    device: text,
    ts,
    metrics: fc.dictionary(metricName, fc.double({ noNaN: true, noDefaultInfinity: true }), { maxKeys: 5 }),
  }),
  fc.record({
    kind: fc.constant('event' as const),
    device: text,
    ts,
    type: fc.oneof(fc.constantFrom(...EVENT_TYPES), text),
    data: fc.dictionary(text, fc.jsonValue({ maxDepth: 2 })),
  }),
  fc.record({ kind: fc.constant('availability' as const), device: text, ts, online: fc.boolean() }),
);
const stored: fc.Arbitrary<StoredMessage> = fc.record({
  message,
  org: fc.record({ province: text, city: text, county: text, school: text }),
  deviceKind: fc.constantFrom('smoke_detector', 'door_contact', 'camera', 'temperature_sensor'),
}) as fc.Arbitrary<StoredMessage>;

describe('line protocol', () => {
  it('writes each message exactly as the official client writes its point', () => {
    fc.assert(
      fc.property(stored, (m) => {
        expect(toLine(m)).toBe(clientLine(toSeriesPoint(m)));
      }),
      { numRuns: 2_000 },
    );
  });

  it('writes a telemetry line with sorted tags and fields and a millisecond timestamp', () => {
    const line = toLine({
      message: {
        kind: 'reading',
        device: 'ts-1',
        ts: 1_700_000_000_123,
        metrics: { temperature: 21.5, humidity: 40 },
      },
      org: { province: '610000', city: '610100', county: '610102', school: 'XA-001' },
      deviceKind: 'temperature_sensor',
    } as StoredMessage);
    expect(line).toBe(
      'telemetry,city=610100,county=610102,device=ts-1,kind=temperature_sensor,province=610000,school=XA-001 ' +
        'humidity=40,temperature=21.5 1700000000123',
    );
  });

  it('gives no line for a reading without metrics, and refuses a non-finite one', () => {
    const org = { province: 'p', city: 'c', county: 'k', school: 's' };
    const reading = (metrics: Record<string, number>) =>
      ({
        message: { kind: 'reading', device: 'd', ts: 1, metrics },
        org,
        deviceKind: 'camera',
      }) as StoredMessage;
    expect(toLines([reading({})])).toEqual([]);
    expect(() => toLine(reading({ t: Number.NaN }))).toThrow(/invalid float value for field 't'/);
  });
});
