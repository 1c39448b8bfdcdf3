import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sharedFixtureText } from '../testing/shared-fixture';
import { stableStringify, type JsonValue } from './stable-json';
import {
  composeZigbeeState,
  idleZigbeeFlags,
  zigbeeAvailabilityPayload,
  zigbeeBridgeStatePayload,
  zigbeeStatePayload,
} from './zigbee2mqtt-payloads';

function keysSortedEverywhere(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(keysSortedEverywhere);
  if (value === null || typeof value !== 'object') return true;
  const keys = Object.keys(value);
  return (
    keys.every((key, i) => i === 0 || (keys[i - 1] ?? '') < key) &&
    Object.values(value).every(keysSortedEverywhere)
  );
}

/** JSON values whose keys are not integer-like: JS objects list those first, which would hide the text's key order. */
const { stateLike } = fc.letrec<{ stateLike: JsonValue }>((tie) => ({
  stateLike: fc.oneof(
    { depthSize: 'small' },
    fc.oneof(
      fc.boolean(),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.string(),
      fc.constant(null),
    ),
    fc.array(tie('stateLike'), { maxLength: 4 }),
    fc.dictionary(
      fc.string().map((key) => `k${key}`),
      tie('stateLike'),
      { maxKeys: 6 },
    ),
  ),
}));

const keysOf = (json: string): string[] => Object.keys(JSON.parse(json) as Record<string, unknown>);

describe('Zigbee2MQTT state payloads', () => {
  it('serialise with keys sorted alphabetically at every depth, compact', () => {
    fc.assert(
      fc.property(stateLike, (value) => {
        const text = stableStringify(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(keysSortedEverywhere(JSON.parse(text))).toBe(true);
        expect(text.length).toBe(JSON.stringify(value).length);
      }),
    );
    expect(stableStringify({ b: 1, a: { d: true, c: null } })).toBe('{"a":{"c":null,"d":true},"b":1}');
  });

  it('carry the whole cached state of a smoke detector, with the exposes of the real HS1SA', () => {
    const state = composeZigbeeState(
      'smoke_detector',
      { battery: 100, linkquality: 148 },
      { ...idleZigbeeFlags('smoke_detector'), smoke: true },
    );
    const payload = zigbeeStatePayload(state);
    const keys = keysOf(payload);
    expect(keys).toEqual([...keys].sort());
    expect(keys).toEqual(keysOf(sharedFixtureText('zigbee2mqtt/state-smoke-HS3SA-HS1SA-alarm.json')));
    expect(JSON.parse(payload)).toMatchObject({
      smoke: true,
      battery: 100,
      battery_low: false,
      linkquality: 148,
      tamper: false,
    });
  });

  it('report contact true when the door is closed and false when it is open', () => {
    const closed = composeZigbeeState(
      'door_contact',
      { battery: 95, linkquality: 120 },
      idleZigbeeFlags('door_contact'),
    );
    expect(closed['contact']).toBe(true);
    const opened = composeZigbeeState(
      'door_contact',
      { battery: 95, linkquality: 120 },
      { ...idleZigbeeFlags('door_contact'), contact: false },
    );
    expect(zigbeeStatePayload(opened)).toBe(sharedFixtureText('zigbee2mqtt/state-contact-HS1DS-open.json'));
  });

  it('use the boolean exposes gas, water_leak and tamper', () => {
    const gas = composeZigbeeState(
      'gas_detector',
      { linkquality: 210 },
      { ...idleZigbeeFlags('gas_detector'), gas: true },
    );
    expect(zigbeeStatePayload(gas)).toBe(sharedFixtureText('zigbee2mqtt/state-gas-HS1CG-M-alarm.json'));
    const leak = composeZigbeeState(
      'water_leak',
      { battery: 85, linkquality: 96 },
      { ...idleZigbeeFlags('water_leak'), water_leak: true },
    );
    expect(zigbeeStatePayload(leak)).toBe(sharedFixtureText('zigbee2mqtt/state-water-leak-HS1WL-leak.json'));
  });

  it('send an SOS button action once, with the cached state, and never cache it', () => {
    const cached = composeZigbeeState(
      'one_key_alarm',
      { battery: 90, linkquality: 87 },
      idleZigbeeFlags('one_key_alarm'),
    );
    const withAction = JSON.parse(zigbeeStatePayload(cached, { action: 'emergency' })) as Record<
      string,
      unknown
    >;
    expect(withAction).toMatchObject({ action: 'emergency', battery: 90, linkquality: 87 });
    expect(keysOf(zigbeeStatePayload(cached, { action: 'emergency' }))).toEqual(
      keysOf(sharedFixtureText('zigbee2mqtt/state-sos-TS0215A_sos-emergency.json')),
    );
    expect(cached).not.toHaveProperty('action');
  });

  it('mark a low battery', () => {
    const state = composeZigbeeState(
      'water_leak',
      { battery: 4, linkquality: 50 },
      idleZigbeeFlags('water_leak'),
    );
    expect(state['battery_low']).toBe(true);
  });

  it('announce availability and bridge state like Z2M 2.x', () => {
    expect(zigbeeAvailabilityPayload(true)).toBe(
      sharedFixtureText('zigbee2mqtt/availability-online.captured.json'),
    );
    expect(zigbeeAvailabilityPayload(false)).toBe(
      sharedFixtureText('zigbee2mqtt/availability-offline.captured.json'),
    );
    expect(zigbeeBridgeStatePayload(true)).toBe(
      sharedFixtureText('zigbee2mqtt/bridge-state-online.captured.json'),
    );
  });
});
