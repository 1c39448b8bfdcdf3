import { describe, expect, it, vi } from 'vitest';
import type { Device } from '../model/device';
import type { DeviceEvent } from '../model/messages';
import {
  TEST_NOW,
  TEST_ORG,
  testDecodeContext,
  testDevice,
  type TestContextOptions,
} from '../testing/decode-context.fixture';
import { sharedFixture, sharedFixtureNames } from '../testing/fixture-path';
import { utf8 } from '../testing/json-arbitraries';
import { DEFAULT_MAX_PAYLOAD_BYTES } from './decode-context';
import type { DecodeResult } from './decode-result';
import { decodeFrigate } from './frigate-decoder';

const nvr = testDevice('nvr-01', 'nvr', { protocol: 'frigate', baseTopic: 'frigate' });
const camera = (restrictedZones?: string[]): Device =>
  testDevice('cam-front', 'camera', {
    protocol: 'frigate',
    via: { bridge: 'nvr-01', name: 'front_door' },
    restrictedZones,
  });

function decoderFor(restrictedZones: string[] | undefined, options: TestContextOptions = {}) {
  const ctx = testDecodeContext([nvr, camera(restrictedZones)], options);
  return (subtopic: string, payload: Uint8Array): DecodeResult =>
    decodeFrigate(nvr, subtopic, payload, ctx, DEFAULT_MAX_PAYLOAD_BYTES);
}
const nothing = { ok: true, messages: [] };
const nvrOnline = (online: boolean) => ({
  ok: true,
  messages: [{ kind: 'availability', device: 'nvr-01', ts: TEST_NOW, online }],
});
const notJson = { ok: false, reason: 'not_json', detail: 'payload is not valid JSON' };

/** Every file in shared/fixtures/devices/frigate, its topic, and what it decodes to (camera front_door, zone `yard` restricted). */
const FIXTURES: Record<string, { subtopic: string; expected: unknown }> = {
  'available-online.txt': { subtopic: 'available', expected: nvrOnline(true) },
  'available-offline.txt': { subtopic: 'available', expected: nvrOnline(false) },
  'available-stopped.txt': { subtopic: 'available', expected: nvrOnline(false) },
  'camera-motion-on.txt': { subtopic: 'front_door/motion', expected: nothing },
  'camera-object-count.txt': { subtopic: 'front_door/person', expected: nothing },
  'camera-review_status-alert.txt': { subtopic: 'front_door/review_status', expected: nothing },
  // An update where the person enters no new zone: opens nothing.
  'events-update.json': { subtopic: 'events', expected: nothing },
  'events-update.wire.derived.json': { subtopic: 'events', expected: nothing },
  'events-update-v0.12.json': { subtopic: 'events', expected: nothing },
  // The docs' JSONC (with // comments) is not what Frigate sends: it is not JSON.
  'events-update.docs.jsonc': { subtopic: 'events', expected: notJson },
  'events-update-v0.12.docs.jsonc': { subtopic: 'events', expected: notJson },
  'reviews-update.json': { subtopic: 'reviews', expected: nothing },
  'reviews-update.wire.derived.json': { subtopic: 'reviews', expected: nothing },
  'reviews-update.docs.jsonc': { subtopic: 'reviews', expected: nothing },
  'tracked_object_update-classification-attribute.json': {
    subtopic: 'tracked_object_update',
    expected: nothing,
  },
  'tracked_object_update-classification-sublabel.json': {
    subtopic: 'tracked_object_update',
    expected: nothing,
  },
  'tracked_object_update-description.json': { subtopic: 'tracked_object_update', expected: nothing },
  'tracked_object_update-face.json': { subtopic: 'tracked_object_update', expected: nothing },
  'tracked_object_update-face.docs.jsonc': { subtopic: 'tracked_object_update', expected: nothing },
  'tracked_object_update-lpr.json': { subtopic: 'tracked_object_update', expected: nothing },
  'tracked_object_update-lpr.docs.jsonc': { subtopic: 'tracked_object_update', expected: nothing },
  'triggers.json': { subtopic: 'triggers', expected: nothing },
};

describe('decodeFrigate on the shared fixtures', () => {
  it('has an expectation for every file in shared/fixtures/devices/frigate', () => {
    expect(sharedFixtureNames('frigate')).toEqual(Object.keys(FIXTURES).sort());
  });

  const decode = decoderFor(['yard'], { schoolOpen: false });
  for (const [file, { subtopic, expected }] of Object.entries(FIXTURES)) {
    it(`${file} on frigate/${subtopic}`, () => {
      expect(decode(subtopic, sharedFixture(`frigate/${file}`))).toEqual(expected);
    });
  }
});

type JsonRecord = Record<string, unknown>;
interface EventFixture {
  type: string;
  before: JsonRecord;
  after: JsonRecord;
}

function loadEventFixture(file: string): EventFixture {
  return JSON.parse(new TextDecoder().decode(sharedFixture(`frigate/${file}`))) as EventFixture;
}

/**
 * One tracked object's life built from a fixture's `update`: `new` (the fixture's `before` state),
 * the `update` itself, and `end`. `edit` changes every state (label, zones …).
 */
function lifecycle(
  file: string,
  edit: (state: JsonRecord, step: 'first' | 'second') => JsonRecord = (s) => s,
): Uint8Array[] {
  const fixture = loadEventFixture(file);
  const first = edit({ ...fixture.before }, 'first');
  const second = edit({ ...fixture.after }, 'second');
  const ended = { ...second, end_time: Number(second['frame_time']) + 5, active: false };
  return [
    { type: 'new', before: first, after: first },
    { type: 'update', before: first, after: second },
    { type: 'end', before: second, after: ended },
  ].map((m) => utf8(JSON.stringify(m)));
}

function eventsOf(decode: (s: string, p: Uint8Array) => DecodeResult, messages: Uint8Array[]): DeviceEvent[] {
  return messages.flatMap((payload) => {
    const result = decode('events', payload);
    if (!result.ok) throw new Error(result.detail);
    return result.messages.filter((m): m is DeviceEvent => m.kind === 'event');
  });
}

const EVENT_FILES = ['events-update.json', 'events-update.wire.derived.json', 'events-update-v0.12.json'];

describe.each(EVENT_FILES)('decodeFrigate: one object from %s', (file) => {
  it('a person in a restricted zone: new, update, end open exactly one intrusion', () => {
    const events = eventsOf(decoderFor(['yard'], { schoolOpen: true }), lifecycle(file));
    expect(events).toEqual([
      {
        kind: 'event',
        device: 'cam-front',
        ts: 1607123961838, // before.frame_time 1607123961.837752 s
        type: 'intrusion',
        data: {
          source: 'frigate',
          frigateId: '1607123955.475377-mxklsc',
          camera: 'front_door',
          label: 'person',
          score: 0.7890625,
          topScore: 0.958984375,
          zones: ['driveway'],
          reason: 'restricted_zone',
          restrictedZones: ['yard'],
        },
      },
    ]);
  });

  it('a person outside school hours, no restricted zone: exactly one intrusion', () => {
    const events = eventsOf(decoderFor([], { schoolOpen: false }), lifecycle(file));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'intrusion', data: { reason: 'outside_school_hours' } });
  });

  it('a person in unrestricted zones during school hours: nothing', () => {
    expect(eventsOf(decoderFor(undefined, { schoolOpen: true }), lifecycle(file))).toEqual([]);
    expect(eventsOf(decoderFor(['playground'], { schoolOpen: true }), lifecycle(file))).toEqual([]);
  });

  it('fire and smoke labels: exactly one event each, whatever the zone or hour', () => {
    for (const label of ['fire', 'smoke']) {
      const events = eventsOf(
        decoderFor(['yard'], { schoolOpen: false }),
        lifecycle(file, (s) => ({ ...s, label })),
      );
      expect(events.map((e) => [e.type, e.data['label']])).toEqual([[label, label]]);
    }
  });

  it('other labels open nothing', () => {
    expect(
      eventsOf(
        decoderFor(['yard'], { schoolOpen: false }),
        lifecycle(file, (s) => ({ ...s, label: 'car' })),
      ),
    ).toEqual([]);
  });

  it('false positives open nothing', () => {
    const messages = lifecycle(file, (s) => ({ ...s, false_positive: true, label: 'fire' }));
    expect(eventsOf(decoderFor(['yard'], { schoolOpen: false }), messages)).toEqual([]);
  });

  it('an update that enters a restricted zone opens the intrusion, once', () => {
    const messages = lifecycle(file, (s, step) =>
      step === 'first'
        ? { ...s, current_zones: ['driveway'], entered_zones: ['driveway'] }
        : { ...s, current_zones: ['yard'], entered_zones: ['driveway', 'yard'] },
    );
    const events = eventsOf(decoderFor(['yard'], { schoolOpen: true }), messages);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'intrusion',
      ts: 1607123962083, // after.frame_time of the update
      data: { reason: 'restricted_zone', restrictedZones: ['yard'], zones: ['yard'] },
    });
  });

  it('each further restricted zone entered opens one more intrusion', () => {
    const messages = lifecycle(file, (s, step) =>
      step === 'first'
        ? { ...s, current_zones: ['yard'], entered_zones: ['yard'] }
        : { ...s, current_zones: ['roof'], entered_zones: ['yard', 'roof'] },
    );
    const events = eventsOf(decoderFor(['yard', 'roof'], { schoolOpen: true }), messages);
    expect(events.map((e) => e.data['restrictedZones'])).toEqual([['yard'], ['roof']]);
  });
});

describe('decodeFrigate details', () => {
  const newPerson = (after: JsonRecord) => utf8(JSON.stringify({ type: 'new', before: null, after }));
  const person = { id: 'x-1', camera: 'front_door', label: 'person', score: 0.9, frame_time: 1764300000.5 };

  it("asks whether the camera's school is open at the frame time", () => {
    const isOpen = vi.fn(() => false);
    const decode = decoderFor([], { schoolOpen: isOpen });
    expect(decode('events', newPerson(person))).toMatchObject({ messages: [{ ts: 1764300000500 }] });
    expect(isOpen).toHaveBeenCalledWith(TEST_ORG.school, 1764300000500);
  });

  it('falls back to start_time, then the gateway time, when frame_time is missing or implausible', () => {
    const decode = decoderFor([], { schoolOpen: false });
    expect(
      decode('events', newPerson({ ...person, frame_time: null, start_time: 1764299999 })),
    ).toMatchObject({
      messages: [{ ts: 1764299999000 }],
    });
    expect(decode('events', newPerson({ ...person, frame_time: 1764300000000 }))).toMatchObject({
      messages: [{ ts: TEST_NOW }],
    });
    expect(decode('events', newPerson({ ...person, frame_time: undefined }))).toMatchObject({
      messages: [{ ts: TEST_NOW }],
    });
  });

  it('ignores events of a camera no device declares, and says why', () => {
    expect(decoderFor([])('events', newPerson({ ...person, camera: 'back_gate' }))).toEqual({
      ok: true,
      messages: [],
      ignored: 'no device declares frigate camera "back_gate" on bridge nvr-01',
    });
  });

  it('ignores unknown keys (0.17 snapshot, attributes, HEAD path_data …)', () => {
    const extra = {
      ...person,
      path_data: [[[1, 2], 3]],
      max_severity: 'alert',
      snapshot: { score: 1 },
      future: {},
    };
    expect(decoderFor([], { schoolOpen: false })('events', newPerson(extra))).toMatchObject({
      ok: true,
      messages: [{}],
    });
  });

  it('refuses malformed event messages with the field named', () => {
    const decode = decoderFor([]);
    const send = (message: unknown) => decode('events', utf8(JSON.stringify(message)));
    expect(send({ type: 'start', after: person })).toEqual({
      ok: false,
      reason: 'wrong_type',
      detail: 'type: expected "new", "update" or "end", got "start"',
    });
    expect(send({ after: person })).toMatchObject({
      reason: 'wrong_type',
      detail: 'type: expected "new", "update" or "end", got nothing',
    });
    expect(send({ type: 'new' })).toEqual({
      ok: false,
      reason: 'wrong_type',
      detail: 'after: expected a tracked object, got nothing',
    });
    expect(send({ type: 'new', after: { ...person, camera: 7 } })).toEqual({
      ok: false,
      reason: 'wrong_type',
      detail: 'after.camera: expected a non-empty string, got a number',
    });
    expect(send({ type: 'new', after: { ...person, label: '' } })).toMatchObject({
      detail: 'after.label: expected a non-empty string, got an empty string',
    });
    expect(send({ type: 'update', before: { ...person, entered_zones: 'yard' }, after: person })).toEqual({
      ok: false,
      reason: 'wrong_type',
      detail: 'before.entered_zones: expected an array of strings, got a string',
    });
    expect(send({ type: 'new', after: { ...person, current_zones: ['yard', 1] } })).toMatchObject({
      detail: 'after.current_zones[1]: expected a string, got a number',
    });
    expect(send({ type: 'new', after: { ...person, false_positive: 'no' } })).toMatchObject({
      reason: 'wrong_type',
    });
    expect(send([person])).toMatchObject({
      reason: 'wrong_type',
      detail: 'payload: expected a JSON object, got an array',
    });
    expect(
      decode('events', utf8('{"type":"new","after":{"camera":"front_door","label":"person","score":1e999}}')),
    ).toEqual({
      ok: false,
      reason: 'non_finite',
      detail: 'after.score: expected a finite number',
    });
  });

  it('refuses words other than online, offline, stopped on available', () => {
    expect(decoderFor([])('available', utf8('ON'))).toEqual({
      ok: false,
      reason: 'wrong_type',
      detail: 'payload: expected "online", "offline" or "stopped", got "ON"',
    });
    expect(decoderFor([])('available', utf8('online\n'))).toEqual(nvrOnline(true));
  });

  it('does not read payloads of topics it ignores (JPEG snapshots, stats)', () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new Array<number>(100).fill(0)]);
    expect(decodeFrigate(nvr, 'front_door/person/snapshot', jpeg, testDecodeContext([nvr]), 10)).toEqual(
      nothing,
    );
    expect(decoderFor([])('stats', utf8('{"cpu_usages":{}}'))).toEqual(nothing);
  });

  it('refuses oversized and non-UTF-8 event payloads', () => {
    const ctx = testDecodeContext([nvr, camera([])]);
    expect(decodeFrigate(nvr, 'events', newPerson(person), ctx, 16)).toMatchObject({ reason: 'too_large' });
    expect(decodeFrigate(nvr, 'events', new Uint8Array([0x7b, 0xc0, 0x7d]), ctx, 100)).toMatchObject({
      reason: 'invalid_utf8',
    });
  });
});
