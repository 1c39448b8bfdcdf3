import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TEST_NOW, testDecodeContext, testDevice } from '../testing/decode-context.fixture';
import { decodeResultProblems } from '../testing/decode-result-invariants';
import {
  arbitraryBytes,
  arbitraryJsonBytes,
  arbitraryJsonObjectBytes,
  arbitraryRawJsonValue,
  mostly,
  utf8,
} from '../testing/json-arbitraries';
import { DEFAULT_MAX_PAYLOAD_BYTES } from './decode-context';
import { decodeNative } from './native-decoder';

const device = testDevice('smk-0001', 'smoke_detector');
const ctx = testDecodeContext([device]);
const RUNS = { numRuns: 500 };
const channel = fc.constantFrom('telemetry', 'event', 'status', 'config', '');
const metricName = fc.oneof(
  fc.constantFrom('temperature', 'battery', 'contact', 'a1_b'),
  fc.string({ maxLength: 8 }),
);
const rawMetrics = fc.dictionary(metricName, arbitraryRawJsonValue(), { maxKeys: 5 }).map(
  (m) =>
    `{${Object.entries(m)
      .map(([k, v]) => `${JSON.stringify(k)}:${v}`)
      .join(',')}}`,
);
const rawTs = fc.oneof(
  fc.integer({ min: 0, max: TEST_NOW * 2 }).map(String),
  fc.constantFrom(String(TEST_NOW), '1764300000', '1e999', '"now"', 'null'),
  arbitraryRawJsonValue(),
);
const structuredPayload = arbitraryJsonObjectBytes({
  ts: rawTs,
  metrics: fc.oneof(rawMetrics, arbitraryRawJsonValue()),
  type: mostly(['smoke', 'fire', 'patrol_checkin', 'Bad Type', '']),
  data: arbitraryRawJsonValue(),
  online: mostly([true, false]),
});

function assertWellFormed(ch: string, payload: Uint8Array): void {
  expect(decodeResultProblems(decodeNative(device, ch, payload, ctx, DEFAULT_MAX_PAYLOAD_BYTES))).toEqual([]);
}

describe('decodeNative properties', () => {
  it('never throws on arbitrary bytes and always returns a well-formed result', () => {
    fc.assert(fc.property(channel, arbitraryBytes(), assertWellFormed), RUNS);
  });

  it('never throws on arbitrary JSON', () => {
    fc.assert(fc.property(channel, arbitraryJsonBytes(), assertWellFormed), RUNS);
  });

  it('never throws on objects with the expected keys and random value types; readings are finite', () => {
    fc.assert(fc.property(channel, structuredPayload, assertWellFormed), RUNS);
  });

  it('decodes every valid telemetry payload to exactly its metrics', () => {
    const validMetrics = fc.dictionary(
      fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,20}$/),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      { minKeys: 1, maxKeys: 8 },
    );
    const validTs = fc.integer({ min: Date.UTC(2000, 0, 1), max: TEST_NOW });
    fc.assert(
      fc.property(validMetrics, validTs, (metrics, ts) => {
        const result = decodeNative(device, 'telemetry', utf8(JSON.stringify({ ts, metrics })), ctx, 1 << 20);
        // JSON turns -0 into 0.
        const expected = Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, v === 0 ? 0 : v]));
        expect(result).toEqual({
          ok: true,
          messages: [{ kind: 'reading', device: device.id, ts, metrics: expected }],
        });
      }),
      RUNS,
    );
  });

  it('refuses every payload over the limit as too_large', () => {
    fc.assert(
      fc.property(
        channel.filter((c) => c !== 'config' && c !== ''),
        arbitraryBytes(),
        (ch, bytes) => {
          fc.pre(bytes.byteLength > 0);
          expect(decodeNative(device, ch, bytes, ctx, bytes.byteLength - 1)).toMatchObject({
            ok: false,
            reason: 'too_large',
          });
        },
      ),
      RUNS,
    );
  });
});
