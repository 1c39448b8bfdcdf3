import { describe, expect, it } from 'vitest';
import type { DecodeResult } from './decode-result';
import { TEST_NOW, testDecodeContext, testDevice } from '../testing/decode-context.fixture';
import { sharedFixture, sharedFixtureNames } from '../testing/fixture-path';
import { utf8 } from '../testing/json-arbitraries';
import type { Device } from '../model/device';
import { DEFAULT_MAX_PAYLOAD_BYTES } from './decode-context';
import { decodeZigbee2mqtt } from './zigbee2mqtt-decoder';

const bridge = testDevice('z2m-01', 'zigbee_bridge', { protocol: 'zigbee2mqtt', baseTopic: 'zigbee2mqtt' });
const behind = (id: string, kind: Device['kind'], name: string): Device =>
  testDevice(id, kind, { protocol: 'zigbee2mqtt', via: { bridge: 'z2m-01', name } });
const devices = [
  bridge,
  behind('smk-lab101', 'smoke_detector', 'smoke_detector_lab101'),
  behind('leak-server', 'water_leak', 'water_leak_server_room'),
  behind('door-main', 'door_contact', 'door_main_entrance'),
  behind('gas-cafe', 'gas_detector', 'gas_detector_cafeteria'),
  behind('sos-reception', 'one_key_alarm', 'sos_button_reception'),
  behind('sos-library', 'one_key_alarm', 'panic_button_library'),
  behind('th-weather', 'temperature_sensor', 'weather_sensor'),
  behind('th-docs', 'temperature_sensor', 'docs_sensor'),
  behind('btn-docs', 'one_key_alarm', 'docs_switch'),
  behind('th-living', 'temperature_sensor', 'livingroom/temp_humidity'),
  behind('window-living', 'door_contact', 'livingroom/window'),
];
const ctx = testDecodeContext(devices);
const decode = (subtopic: string, payload: Uint8Array): DecodeResult =>
  decodeZigbee2mqtt(bridge, subtopic, payload, ctx, DEFAULT_MAX_PAYLOAD_BYTES);
const decodeFixture = (file: string, subtopic: string): DecodeResult =>
  decode(subtopic, sharedFixture(`zigbee2mqtt/${file}`));

const reading = (device: string, metrics: Record<string, number>, ts = TEST_NOW) => ({
  kind: 'reading',
  device,
  ts,
  metrics,
});
const event = (
  device: string,
  type: string,
  name: string,
  field: string,
  extra: Record<string, unknown> = {},
) => ({
  kind: 'event',
  device,
  ts: TEST_NOW,
  type,
  data: { source: 'zigbee2mqtt', name, field, ...extra },
});
const availability = (device: string, online: boolean) => ({
  kind: 'availability',
  device,
  ts: TEST_NOW,
  online,
});
const nothing = { ok: true, messages: [] };

/** Every file in shared/fixtures/devices/zigbee2mqtt, the topic it is published on, and what it decodes to. */
const FIXTURES: Record<string, { subtopic: string; expected: unknown }> = {
  'availability-legacy-online.txt': {
    subtopic: 'smoke_detector_lab101/availability',
    expected: { ok: true, messages: [availability('smk-lab101', true)] },
  },
  'availability-online.json': {
    subtopic: 'smoke_detector_lab101/availability',
    expected: { ok: true, messages: [availability('smk-lab101', true)] },
  },
  'availability-online.captured.json': {
    subtopic: 'smoke_detector_lab101/availability',
    expected: { ok: true, messages: [availability('smk-lab101', true)] },
  },
  'availability-offline.captured.json': {
    subtopic: 'smoke_detector_lab101/availability',
    expected: { ok: true, messages: [availability('smk-lab101', false)] },
  },
  'bridge-state-online.captured.json': {
    subtopic: 'bridge/state',
    expected: { ok: true, messages: [availability('z2m-01', true)] },
  },
  'bridge-devices.captured-subset.json': { subtopic: 'bridge/devices', expected: nothing },
  'docs-bridge-event-device_interview-successful.json': { subtopic: 'bridge/event', expected: nothing },
  'docs-bridge-event-device_joined.json': { subtopic: 'bridge/event', expected: nothing },
  'docs-bridge-event-device_leave.json': { subtopic: 'bridge/event', expected: nothing },
  'docs-bridge-logging.json': { subtopic: 'bridge/logging', expected: nothing },
  'docs-state-action-WXKG01LM.json': { subtopic: 'docs_switch', expected: nothing },
  'docs-state-temp-humidity-WSDCGQ01LM.json': {
    subtopic: 'docs_sensor',
    expected: { ok: true, messages: [reading('th-docs', { temperature: 27.34, humidity: 44.72 })] },
  },
  'frontend-mock-state-contact-window.json': {
    subtopic: 'livingroom/window',
    expected: {
      ok: true,
      messages: [
        reading(
          'window-living',
          { battery: 100, linkquality: 152, voltage: 3045, contact: 1 },
          Date.parse('2022-05-16T12:50:02Z'),
        ),
      ],
    },
  },
  'frontend-mock-state-temp-humidity.json': {
    subtopic: 'livingroom/temp_humidity',
    expected: {
      ok: true,
      messages: [
        reading(
          'th-living',
          { battery: 100, humidity: 65.59, linkquality: 90, temperature: 25.84, voltage: 3035 },
          Date.parse('2022-05-16T12:37:54Z'),
        ),
      ],
    },
  },
  'state-contact-HS1DS-closed.json': {
    subtopic: 'door_main_entrance',
    expected: { ok: true, messages: [reading('door-main', { battery: 95, linkquality: 123, contact: 1 })] },
  },
  'state-contact-HS1DS-open.json': {
    subtopic: 'door_main_entrance',
    expected: { ok: true, messages: [reading('door-main', { battery: 95, linkquality: 120, contact: 0 })] },
  },
  'state-gas-HS1CG-M-alarm.json': {
    subtopic: 'gas_detector_cafeteria',
    expected: {
      ok: true,
      messages: [
        reading('gas-cafe', { linkquality: 210 }),
        event('gas-cafe', 'gas', 'gas_detector_cafeteria', 'gas'),
      ],
    },
  },
  'state-smoke-HS3SA-HS1SA-alarm.json': {
    subtopic: 'smoke_detector_lab101',
    expected: {
      ok: true,
      messages: [
        reading('smk-lab101', { battery: 100, linkquality: 148 }),
        event('smk-lab101', 'smoke', 'smoke_detector_lab101', 'smoke'),
      ],
    },
  },
  'state-smoke-HS3SA-HS1SA-clear.json': {
    subtopic: 'smoke_detector_lab101',
    expected: { ok: true, messages: [reading('smk-lab101', { battery: 100, linkquality: 151 })] },
  },
  'state-smoke-HS3SA-HS1SA-initial-with-nulls.json': {
    subtopic: 'smoke_detector_lab101',
    expected: { ok: true, messages: [reading('smk-lab101', { battery: 100, linkquality: 148 })] },
  },
  'state-sos-SEB01ZB-sos-true.json': {
    subtopic: 'panic_button_library',
    expected: {
      ok: true,
      messages: [
        reading('sos-library', { linkquality: 77 }),
        event('sos-library', 'sos', 'panic_button_library', 'sos'),
      ],
    },
  },
  'state-sos-TS0215A_sos-action-topic.txt': {
    subtopic: 'sos_button_reception/action',
    expected: {
      ok: true,
      messages: [event('sos-reception', 'sos', 'sos_button_reception', 'action', { action: 'emergency' })],
    },
  },
  'state-sos-TS0215A_sos-emergency.json': {
    subtopic: 'sos_button_reception',
    expected: {
      ok: true,
      messages: [
        reading('sos-reception', { battery: 90, linkquality: 87, voltage: 2900 }),
        event('sos-reception', 'sos', 'sos_button_reception', 'action', { action: 'emergency' }),
      ],
    },
  },
  'state-temp-humidity-WSDCGQ11LM.json': {
    subtopic: 'weather_sensor',
    expected: {
      ok: true,
      messages: [reading('th-weather', { humidity: 45.67, linkquality: 102, temperature: 21.84 })],
    },
  },
  'state-water-leak-HS1WL-leak.json': {
    subtopic: 'water_leak_server_room',
    expected: {
      ok: true,
      messages: [
        reading('leak-server', { battery: 85, linkquality: 96 }),
        event('leak-server', 'water_leak', 'water_leak_server_room', 'water_leak'),
      ],
    },
  },
};

describe('decodeZigbee2mqtt on the shared fixtures', () => {
  it('has an expectation for every file in shared/fixtures/devices/zigbee2mqtt', () => {
    expect(sharedFixtureNames('zigbee2mqtt')).toEqual(Object.keys(FIXTURES).sort());
  });

  for (const [file, { subtopic, expected }] of Object.entries(FIXTURES)) {
    it(`${file} on zigbee2mqtt/${subtopic}`, () => {
      expect(decodeFixture(file, subtopic)).toEqual(expected);
    });
  }
});

describe('decodeZigbee2mqtt availability', () => {
  it('reads legacy 1.x plain words, with or without a newline, for devices and the bridge', () => {
    expect(decode('smoke_detector_lab101/availability', utf8('offline\n'))).toEqual({
      ok: true,
      messages: [availability('smk-lab101', false)],
    });
    expect(decode('bridge/state', utf8('offline'))).toEqual({
      ok: true,
      messages: [availability('z2m-01', false)],
    });
    expect(decode('bridge/state', utf8('{"state":"offline"}'))).toEqual({
      ok: true,
      messages: [availability('z2m-01', false)],
    });
  });

  it('refuses other words and shapes', () => {
    expect(decode('smoke_detector_lab101/availability', utf8('{"state":"maybe"}'))).toEqual({
      ok: false,
      reason: 'wrong_type',
      detail: 'state: expected "online" or "offline", got "maybe"',
    });
    expect(decode('bridge/state', utf8('up'))).toMatchObject({ ok: false, reason: 'wrong_type' });
    expect(decode('bridge/state', utf8('{"state":true}'))).toMatchObject({ ok: false, reason: 'wrong_type' });
    expect(decode('bridge/state', utf8('[1]'))).toMatchObject({ ok: false, reason: 'wrong_type' });
    expect(decode('bridge/state', new Uint8Array([0xfe]))).toMatchObject({
      ok: false,
      reason: 'invalid_utf8',
    });
  });
});

describe('decodeZigbee2mqtt state mapping', () => {
  const state = (payload: unknown) => decode('smoke_detector_lab101', utf8(JSON.stringify(payload)));

  it('contact true is closed (1), false is open (0)', () => {
    expect(state({ contact: true })).toMatchObject({ messages: [{ metrics: { contact: 1 } }] });
    expect(state({ contact: false })).toMatchObject({ messages: [{ metrics: { contact: 0 } }] });
  });

  it('opens tamper and low_battery events, and one sos for action + sos together', () => {
    const result = state({ tamper: true, battery_low: true, sos: true, action: 'emergency' });
    expect(result).toEqual({
      ok: true,
      messages: [
        event('smk-lab101', 'tamper', 'smoke_detector_lab101', 'tamper'),
        event('smk-lab101', 'sos', 'smoke_detector_lab101', 'sos'),
        event('smk-lab101', 'low_battery', 'smoke_detector_lab101', 'battery_low'),
      ],
    });
  });

  it('turns every finite number into telemetry and ignores strings, objects, unknown booleans, odd keys', () => {
    expect(
      state({
        illuminance: 320,
        co2: 415,
        update: { state: 'idle', installed_version: 1 },
        power_on_behavior: 'previous',
        test: true,
        'odd-key': 5,
        action: 'single',
      }),
    ).toEqual({ ok: true, messages: [reading('smk-lab101', { illuminance: 320, co2: 415 })] });
  });

  it('gives nothing for an empty or all-null state', () => {
    expect(state({})).toEqual(nothing);
    expect(state({ battery: null, smoke: null, contact: null })).toEqual(nothing);
  });

  it('takes the time from last_seen (ISO with offset, or epoch ms) when plausible', () => {
    const at = Date.UTC(2026, 10, 28, 9, 59, 0);
    expect(state({ battery: 1, last_seen: new Date(at).toISOString() })).toMatchObject({
      messages: [{ ts: at }],
    });
    expect(state({ battery: 1, last_seen: at })).toEqual({
      ok: true,
      messages: [reading('smk-lab101', { battery: 1 }, at)],
    });
    expect(state({ battery: 1, last_seen: '2026-11-28 09:59' })).toMatchObject({
      messages: [{ ts: TEST_NOW }],
    });
    expect(state({ battery: 1, last_seen: '2126-11-28T09:59:00Z' })).toMatchObject({
      messages: [{ ts: TEST_NOW }],
    });
    expect(state({ battery: 1, last_seen: 12 })).toMatchObject({ messages: [{ ts: TEST_NOW }] });
  });

  it('refuses a state that is not an object', () => {
    expect(decode('smoke_detector_lab101', utf8('[1,2]'))).toEqual({
      ok: false,
      reason: 'wrong_type',
      detail: 'payload: expected a JSON object of device state, got an array',
    });
    expect(decode('smoke_detector_lab101', utf8('"ON"'))).toMatchObject({ reason: 'wrong_type' });
    expect(decode('smoke_detector_lab101', utf8('ON'))).toMatchObject({ reason: 'not_json' });
  });

  it('refuses wrong types in the fields it maps, and non-finite numbers', () => {
    expect(state({ smoke: 'true' })).toEqual({
      ok: false,
      reason: 'wrong_type',
      detail: 'smoke: expected a boolean, got a string',
    });
    expect(state({ contact: 1 })).toMatchObject({
      reason: 'wrong_type',
      detail: 'contact: expected a boolean, got a number',
    });
    expect(state({ action: 7 })).toMatchObject({ reason: 'wrong_type' });
    expect(state({ temperature: '21.5' })).toEqual({
      ok: false,
      reason: 'wrong_type',
      detail: 'temperature: expected a number, got a string',
    });
    expect(decode('smoke_detector_lab101', utf8('{"temperature":1e999}'))).toEqual({
      ok: false,
      reason: 'non_finite',
      detail: 'temperature: expected a finite number',
    });
    expect(decode('smoke_detector_lab101', utf8('{"co2":-1e999}'))).toMatchObject({ reason: 'non_finite' });
  });
});

describe('decodeZigbee2mqtt topics', () => {
  const nested = [
    bridge,
    behind('a', 'door_contact', 'a'),
    behind('ab', 'door_contact', 'a/b'),
    behind('abc-avail', 'door_contact', 'a/b/availability'),
  ];
  const nestedCtx = testDecodeContext(nested);
  const decodeNested = (subtopic: string, payload: string) =>
    decodeZigbee2mqtt(bridge, subtopic, utf8(payload), nestedCtx, DEFAULT_MAX_PAYLOAD_BYTES);

  it('resolves friendly names containing "/" longest first', () => {
    expect(decodeNested('a/b', '{"contact":true}')).toMatchObject({ messages: [{ device: 'ab' }] });
    expect(decodeNested('a/availability', 'online')).toMatchObject({
      messages: [{ device: 'a', kind: 'availability' }],
    });
    expect(decodeNested('a/b/availability', '{"contact":false}')).toMatchObject({
      messages: [{ device: 'abc-avail', kind: 'reading' }],
    });
    expect(decodeNested('a/b/availability/availability', 'offline')).toMatchObject({
      messages: [{ device: 'abc-avail', online: false }],
    });
  });

  it('resolves a slash name with a suffix when the whole topic names no device', () => {
    expect(decode('livingroom/window/availability', utf8('{"state":"online"}'))).toEqual({
      ok: true,
      messages: [availability('window-living', true)],
    });
  });

  it('ignores undeclared devices without calling them malformed, and says why', () => {
    expect(decode('0x00124b00cafe0099', utf8('{"smoke":true}'))).toEqual({
      ok: true,
      messages: [],
      ignored: 'no device declares zigbee2mqtt name "0x00124b00cafe0099" on bridge z2m-01',
    });
    expect(decode('hall/lamp/availability', utf8('online'))).toEqual({
      ok: true,
      messages: [],
      ignored: 'no device declares zigbee2mqtt name "hall/lamp" on bridge z2m-01',
    });
    expect(decode('ghost/action', utf8('emergency'))).toMatchObject({
      ok: true,
      messages: [],
      ignored: expect.any(String),
    });
  });

  it('ignores commands and bridge topics without reading the payload', () => {
    const garbage = new Uint8Array([0xff, 0x00, 0xfe]);
    for (const subtopic of [
      'smoke_detector_lab101/set',
      'smoke_detector_lab101/get',
      'livingroom/window/set/state',
      'ghost/get/battery',
      'bridge',
      'bridge/devices',
      'bridge/request/permit_join',
      'bridge/response/permit_join',
    ]) {
      expect(decode(subtopic, garbage), subtopic).toEqual(nothing);
    }
    expect(decodeZigbee2mqtt(bridge, 'bridge/devices', new Uint8Array(100), ctx, 10)).toEqual(nothing);
  });

  it('opens sos only for the emergency action on the action topic', () => {
    expect(decode('sos_button_reception/action', utf8('single'))).toEqual(nothing);
    expect(decode('sos_button_reception/action', utf8(''))).toEqual(nothing);
    expect(decode('sos_button_reception/action', new Uint8Array([0xc3]))).toMatchObject({
      reason: 'invalid_utf8',
    });
  });

  it('refuses oversized device payloads', () => {
    expect(decodeZigbee2mqtt(bridge, 'smoke_detector_lab101', utf8('{"smoke":true}'), ctx, 8)).toMatchObject({
      ok: false,
      reason: 'too_large',
    });
  });
});
