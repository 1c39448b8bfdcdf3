import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Device } from '../model/device';
import { TEST_NOW, testDecodeContext, testDevice } from '../testing/decode-context.fixture';
import { decodeResultProblems } from '../testing/decode-result-invariants';
import {
  arbitraryBytes,
  arbitraryJsonBytes,
  arbitraryJsonObjectBytes,
  arbitraryJsonObjectText,
  arbitraryRawJsonValue,
  mostly,
  utf8,
} from '../testing/json-arbitraries';
import { DEFAULT_MAX_PAYLOAD_BYTES } from './decode-context';
import { decodeFrigate } from './frigate-decoder';

const nvr = testDevice('nvr-01', 'nvr', { protocol: 'frigate', baseTopic: 'frigate' });
const RESTRICTED = ['yard', 'roof'];
const cam: Device = testDevice('cam', 'camera', {
  protocol: 'frigate',
  via: { bridge: 'nvr-01', name: 'front_door' },
  restrictedZones: RESTRICTED,
});
const RUNS = { numRuns: 500 };
const ZONES = ['yard', 'roof', 'driveway', 'street'];

const subtopic = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('events', 'available', 'reviews', 'front_door/motion', 'stats') },
  { weight: 1, arbitrary: fc.string({ maxLength: 16 }) },
);
const zonesRaw = fc.oneof(
  { weight: 3, arbitrary: fc.subarray(ZONES).map((z) => JSON.stringify(z)) },
  { weight: 1, arbitrary: arbitraryRawJsonValue() },
);
const trackedObjectRaw = arbitraryJsonObjectText({
  id: mostly(['1607123955.475377-mxklsc', null]),
  camera: mostly(['front_door', 'back_gate', '']),
  label: mostly(['person', 'fire', 'smoke', 'car']),
  score: mostly([0.9, 0, null]),
  top_score: mostly([0.95, null]),
  frame_time: mostly([1764300000.25, 1607123962.082975, null, 0]),
  start_time: mostly([1764299990.5, null]),
  false_positive: mostly([false, true, null]),
  current_zones: zonesRaw,
  entered_zones: zonesRaw,
});
const structuredEvent = arbitraryJsonObjectBytes({
  type: mostly(['new', 'update', 'end', 'start']),
  before: fc.oneof(trackedObjectRaw, arbitraryRawJsonValue()),
  after: fc.oneof(
    { weight: 4, arbitrary: trackedObjectRaw },
    { weight: 1, arbitrary: arbitraryRawJsonValue() },
  ),
});
const availableWords = fc.constantFrom('online', 'offline', 'stopped', 'ON', '', 'online\n').map(utf8);

describe('decodeFrigate properties', () => {
  for (const schoolOpen of [true, false]) {
    const ctx = testDecodeContext([nvr, cam], { schoolOpen });
    const assertWellFormed = (topic: string, payload: Uint8Array): void => {
      expect(
        decodeResultProblems(decodeFrigate(nvr, topic, payload, ctx, DEFAULT_MAX_PAYLOAD_BYTES)),
      ).toEqual([]);
    };

    it(`never throws on arbitrary bytes (school open: ${schoolOpen})`, () => {
      fc.assert(fc.property(subtopic, arbitraryBytes(), assertWellFormed), RUNS);
    });

    it(`never throws on arbitrary JSON or words (school open: ${schoolOpen})`, () => {
      fc.assert(
        fc.property(subtopic, fc.oneof(arbitraryJsonBytes(), availableWords), assertWellFormed),
        RUNS,
      );
    });

    it(`never throws on events with the expected keys and random value types (school open: ${schoolOpen})`, () => {
      fc.assert(fc.property(fc.constant('events'), structuredEvent, assertWellFormed), RUNS);
    });
  }

  it('one object, whatever its zone path, opens at most one event per restricted zone plus one for the hour', () => {
    const step = fc.record({ current: fc.subarray(ZONES), entering: fc.subarray(ZONES) });
    fc.assert(
      fc.property(
        fc.constantFrom('person', 'fire', 'smoke', 'car'),
        fc.array(step, { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        (label, steps, schoolOpen) => {
          const ctx = testDecodeContext([nvr, cam], { schoolOpen, now: TEST_NOW });
          let entered: string[] = [];
          const states = steps.map(({ current, entering }, i) => {
            entered = [...new Set([...entered, ...entering, ...current])];
            return {
              id: 'obj-1',
              camera: 'front_door',
              label,
              frame_time: 1764300000 + i,
              current_zones: current,
              entered_zones: entered,
            };
          });
          const last = states.at(-1);
          const messages = [
            { type: 'new', before: states[0], after: states[0] },
            ...states.slice(1).map((after, i) => ({ type: 'update', before: states[i], after })),
            { type: 'end', before: last, after: { ...last, end_time: 1764300100 } },
          ];
          const events = messages.flatMap((m) => {
            const result = decodeFrigate(
              nvr,
              'events',
              utf8(JSON.stringify(m)),
              ctx,
              DEFAULT_MAX_PAYLOAD_BYTES,
            );
            if (!result.ok) throw new Error(result.detail);
            return result.messages;
          });
          if (label === 'fire' || label === 'smoke')
            expect(events.map((e) => e.kind === 'event' && e.type)).toEqual([label]);
          else if (label === 'car') expect(events).toEqual([]);
          else {
            expect(events.length).toBeLessThanOrEqual(RESTRICTED.length + 1);
            const zonesReported = events.flatMap((e) =>
              e.kind === 'event' ? ((e.data['restrictedZones'] as string[]) ?? []) : [],
            );
            expect(new Set(zonesReported).size).toBe(zonesReported.length);
            const everRestricted = RESTRICTED.filter((z) => entered.includes(z));
            expect([...zonesReported].sort()).toEqual(everRestricted.sort());
          }
        },
      ),
      RUNS,
    );
  });
});
