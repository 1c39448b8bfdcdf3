import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testDecodeContext, testDevice } from '../testing/decode-context.fixture';
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
import { decodeZigbee2mqtt } from './zigbee2mqtt-decoder';

const bridge = testDevice('z2m-01', 'zigbee_bridge', { protocol: 'zigbee2mqtt', baseTopic: 'zigbee2mqtt' });
const devices = [
  bridge,
  testDevice('smk', 'smoke_detector', { protocol: 'zigbee2mqtt', via: { bridge: 'z2m-01', name: 'smoke' } }),
  testDevice('win', 'door_contact', {
    protocol: 'zigbee2mqtt',
    via: { bridge: 'z2m-01', name: 'living/window' },
  }),
];
const ctx = testDecodeContext(devices);
const RUNS = { numRuns: 500 };

const subtopic = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'bridge/state',
      'bridge/devices',
      'smoke',
      'smoke/availability',
      'smoke/action',
      'smoke/set',
      'living/window',
      'living/window/availability',
      'living/window/action',
      'undeclared',
      'undeclared/availability',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 24 }) },
);
const structuredState = arbitraryJsonObjectBytes({
  smoke: mostly([true, false, null]),
  gas: mostly([true, false, null]),
  water_leak: mostly([true, false, null]),
  tamper: mostly([true, false, null]),
  sos: mostly([true, false, null]),
  battery_low: mostly([true, false, null]),
  contact: mostly([true, false, null]),
  action: mostly(['emergency', 'single', null]),
  battery: mostly([100, 0, null]),
  temperature: mostly([21.5, -40, null]),
  linkquality: arbitraryRawJsonValue(),
  last_seen: mostly(['2026-11-28T09:00:00+08:00', 1764300000000, 'yesterday']),
  state: mostly(['online', 'offline', 'ON']),
  co2: arbitraryRawJsonValue(),
  'odd key': arbitraryRawJsonValue(),
  constructor: arbitraryRawJsonValue(),
});
/** Mostly topics whose payload is read, so the structured payloads reach the state mapping. */
const readTopic = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('smoke', 'living/window') },
  { weight: 1, arbitrary: subtopic },
);
const plainWords = fc.constantFrom('online', 'offline', 'emergency', 'single', '', ' online\n').map(utf8);

function assertWellFormed(topic: string, payload: Uint8Array): void {
  expect(
    decodeResultProblems(decodeZigbee2mqtt(bridge, topic, payload, ctx, DEFAULT_MAX_PAYLOAD_BYTES)),
  ).toEqual([]);
}

describe('decodeZigbee2mqtt properties', () => {
  it('never throws on arbitrary bytes and always returns a well-formed result', () => {
    fc.assert(fc.property(subtopic, arbitraryBytes(), assertWellFormed), RUNS);
  });

  it('never throws on arbitrary JSON or plain words', () => {
    fc.assert(fc.property(subtopic, fc.oneof(arbitraryJsonBytes(), plainWords), assertWellFormed), RUNS);
  });

  it('never throws on states with the expected keys and random value types; readings are finite', () => {
    fc.assert(fc.property(readTopic, structuredState, assertWellFormed), RUNS);
  });

  it('decodes every well-typed state: one reading of its numbers at most, one event per true alarm', () => {
    const alarms = fc.record({
      smoke: fc.boolean(),
      gas: fc.boolean(),
      tamper: fc.boolean(),
      battery_low: fc.boolean(),
      contact: fc.option(fc.boolean(), { nil: null }),
      battery: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
    });
    fc.assert(
      fc.property(alarms, (state) => {
        const result = decodeZigbee2mqtt(
          bridge,
          'smoke',
          utf8(JSON.stringify(state)),
          ctx,
          DEFAULT_MAX_PAYLOAD_BYTES,
        );
        if (!result.ok) throw new Error(result.detail);
        const events = result.messages.filter((m) => m.kind === 'event').map((m) => m.type);
        const expected = (['smoke', 'gas', 'tamper'] as const).filter((k) => state[k]);
        expect(events).toEqual(state.battery_low ? [...expected, 'low_battery'] : expected);
        expect(result.messages.filter((m) => m.kind === 'reading')).toHaveLength(
          state.contact === null && state.battery === null ? 0 : 1,
        );
      }),
      RUNS,
    );
  });
});
