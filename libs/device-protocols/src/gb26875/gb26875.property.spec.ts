import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TEST_NOW, testDevice } from '../testing/decode-context.fixture';
import { decodeResultProblems } from '../testing/decode-result-invariants';
import { arbitraryBytes } from '../testing/json-arbitraries';
import { GB26875_MALFORMED_REASONS } from './constants';
import { Gb26875Deframer, type DeframeOutcome } from './deframer';
import { decodeGb26875Frame, type Gb26875Decode } from './decoder';
import { readGb26875Header } from './frame';
import { buildGb26875Frame } from './frame-builder';

const panel = testDevice('fap-01', 'fire_alarm_panel', { protocol: 'gb26875', address: 889 });
const RUNS = { numRuns: 400 };
const ZONES = ['Asia/Shanghai', 'Asia/Urumqi', 'Europe/Berlin'];

/** Object sizes of the upstream types, to build ADUs that mostly have the right length. */
const SIZES: Record<number, number> = {
  1: 10,
  2: 46,
  3: 16,
  4: 10,
  5: 4,
  7: 38,
  8: 8,
  21: 7,
  24: 8,
  25: 2,
  28: 6,
};

const timeLabel = fc.record({
  second: fc.integer({ min: 0, max: 61 }),
  minute: fc.integer({ min: 0, max: 60 }),
  hour: fc.integer({ min: 0, max: 24 }),
  day: fc.integer({ min: 0, max: 32 }),
  month: fc.integer({ min: 0, max: 13 }),
  year: fc.integer({ min: 0, max: 255 }),
});
const address = fc.integer({ min: 0, max: 2 ** 48 - 1 });
/** An ADU: type flag and count, then objects of the type's size (or any bytes, now and then). */
const adu = fc.oneof(
  { weight: 1, arbitrary: fc.constant(new Uint8Array(0)) },
  { weight: 1, arbitrary: arbitraryBytes().map((b) => b.subarray(0, 1024)) },
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...Object.keys(SIZES).map(Number), 6, 26, 81, 200),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: -1, max: 1 }),
      )
      .chain(([type, count, skew]) => {
        const size = Math.max(0, 2 + count * (SIZES[type] ?? 3) + skew);
        return fc.uint8Array({ minLength: size, maxLength: size }).map((body) => {
          const bytes = Uint8Array.from(body);
          bytes[0] = type;
          bytes[1] = count;
          return bytes.subarray(0, 1024);
        });
      }),
  },
);
const frame = fc
  .record({
    serial: fc.integer({ min: 0, max: 0xffff }),
    majorVersion: fc.integer({ min: 0, max: 255 }),
    userVersion: fc.integer({ min: 0, max: 255 }),
    timeLabel,
    source: address,
    destination: address,
    command: fc.oneof(fc.constantFrom(2, 3, 5, 6), fc.integer({ min: 0, max: 255 })),
    adu,
  })
  .map((fields) => ({ fields, bytes: buildGb26875Frame(fields) }));
/** Noise that may contain `@`, `#` and whole false starts. */
const noise = fc.oneof(
  arbitraryBytes().map((b) => b.subarray(0, 64)),
  fc.constantFrom(Uint8Array.of(0x40), Uint8Array.of(0x40, 0x40, 0, 0), Uint8Array.of(0x23, 0x23)),
);
const piece = fc.oneof(
  { weight: 3, arbitrary: frame.map((f) => f.bytes) },
  { weight: 1, arbitrary: noise },
  // a valid frame with one byte changed
  {
    weight: 1,
    arbitrary: fc.tuple(frame, fc.nat(), fc.integer({ min: 1, max: 255 })).map(([f, at, delta]) => {
      const bytes = Uint8Array.from(f.bytes);
      const i = at % bytes.length;
      bytes[i] = (bytes[i]! + delta) & 0xff;
      return bytes;
    }),
  },
);
const stream = fc.array(piece, { maxLength: 8 }).map((pieces) => {
  const total = pieces.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
});

function decodeProblems(result: Gb26875Decode): string[] {
  if (!result.ok) {
    const problems: string[] = [];
    if (!(GB26875_MALFORMED_REASONS as readonly string[]).includes(result.reason))
      problems.push(`unknown reason ${result.reason}`);
    if (result.detail === '') problems.push('rejection without a detail');
    return problems;
  }
  return decodeResultProblems({ ok: true, messages: result.messages });
}

/** Splits `bytes` at the given cut points. */
function chunks(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(from, p));
    from = p;
  }
  return out;
}

/** Frames and invalid frames in order; noise summed (how noise is grouped depends on the reads). */
function summary(outcomes: DeframeOutcome[], pending: number) {
  const noiseBytes = outcomes.reduce((n, o) => n + (o.type === 'noise' ? o.bytes : 0), 0);
  const items = outcomes.filter((o) => o.type !== 'noise');
  return { items, noiseAndPending: noiseBytes + pending };
}

describe('GB/T 26875.3 codec properties', () => {
  it('never throws on arbitrary bytes; every frame decodes to a well-formed result', () => {
    fc.assert(
      fc.property(fc.oneof(arbitraryBytes(), stream), fc.constantFrom(...ZONES), (bytes, timeZone) => {
        const deframer = new Gb26875Deframer();
        const outcomes = [...deframer.push(bytes), ...deframer.resync(), ...deframer.resync()];
        for (const o of outcomes) {
          if (o.type !== 'frame') continue;
          expect(decodeProblems(decodeGb26875Frame(panel, o.frame, { now: TEST_NOW, timeZone }))).toEqual([]);
        }
      }),
      RUNS,
    );
  });

  it('decodes structured frames of every type without throwing, to well-formed messages', () => {
    fc.assert(
      fc.property(frame, fc.constantFrom(...ZONES), ({ bytes }, timeZone) => {
        const outcomes = new Gb26875Deframer().push(bytes);
        expect(outcomes).toHaveLength(1);
        const only = outcomes[0]!;
        if (only.type !== 'frame') throw new Error(`built frame not deframed: ${JSON.stringify(only)}`);
        expect(decodeProblems(decodeGb26875Frame(panel, only.frame, { now: TEST_NOW, timeZone }))).toEqual(
          [],
        );
      }),
      RUNS,
    );
  });

  it('deframes a stream identically however TCP splits or joins it', () => {
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 12 }), (bytes, cuts) => {
        const whole = new Gb26875Deframer();
        const expected = summary(whole.push(bytes), whole.pendingBytes);
        const split = new Gb26875Deframer();
        const outcomes = chunks(bytes, cuts).flatMap((c) => split.push(c));
        expect(summary(outcomes, split.pendingBytes)).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('recovers every frame, in order, from frames separated by noise without @', () => {
    const quietNoise = arbitraryBytes().map((b) => b.filter((x) => x !== 0x40).subarray(0, 40));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(quietNoise, frame), { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (parts, cuts) => {
          const bytes = Uint8Array.from(parts.flatMap(([n, f]) => [...n, ...f.bytes]));
          const deframer = new Gb26875Deframer();
          const got = chunks(bytes, cuts)
            .flatMap((c) => deframer.push(c))
            .flatMap((o) => (o.type === 'frame' ? [o.frame.raw] : []));
          expect(got).toEqual(parts.map(([, f]) => f.bytes));
        },
      ),
      RUNS,
    );
  });

  it('reads back every header field it built', () => {
    fc.assert(
      fc.property(frame, ({ fields, bytes }) => {
        expect(readGb26875Header(bytes)).toEqual({
          serial: fields.serial,
          majorVersion: fields.majorVersion,
          userVersion: fields.userVersion,
          timeLabel: fields.timeLabel,
          source: fields.source,
          destination: fields.destination,
          aduLength: fields.adu.length,
          command: fields.command,
        });
      }),
      RUNS,
    );
  });
});
