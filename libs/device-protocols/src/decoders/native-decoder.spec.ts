import { describe, expect, it } from 'vitest';
import { TEST_NOW, testDecodeContext, testDevice } from '../testing/decode-context.fixture';
import { utf8 } from '../testing/json-arbitraries';
import { DEFAULT_MAX_PAYLOAD_BYTES } from './decode-context';
import { decodeNative } from './native-decoder';

const smoke = testDevice('smk-0001', 'smoke_detector');
const ctx = testDecodeContext([smoke]);
const decode = (channel: string, payload: unknown) =>
  decodeNative(
    smoke,
    channel,
    utf8(typeof payload === 'string' ? payload : JSON.stringify(payload)),
    ctx,
    DEFAULT_MAX_PAYLOAD_BYTES,
  );
const TS = 1764300000000; // 2025-11-28T03:20:00Z, the example in docs/protocol.md

describe('decodeNative telemetry', () => {
  it('decodes the contract example', () => {
    expect(decode('telemetry', { ts: TS, metrics: { temperature: 23.5, battery: 87 } })).toEqual({
      ok: true,
      messages: [
        { kind: 'reading', device: 'smk-0001', ts: TS, metrics: { temperature: 23.5, battery: 87 } },
      ],
    });
  });

  it('uses the gateway time when ts is absent, and ignores unknown keys', () => {
    expect(decode('telemetry', { metrics: { temperature: -4 }, fw: '1.2', extra: { a: 1 } })).toEqual({
      ok: true,
      messages: [{ kind: 'reading', device: 'smk-0001', ts: TEST_NOW, metrics: { temperature: -4 } }],
    });
  });

  it('carries booleans as 1/0', () => {
    expect(decode('telemetry', { metrics: { contact: true, alarm: false } })).toMatchObject({
      ok: true,
      messages: [{ metrics: { contact: 1, alarm: 0 } }],
    });
  });

  it('refuses strings, null and nested values with the metric named', () => {
    expect(decode('telemetry', { metrics: { temperature: '23.5' } })).toEqual({
      ok: false,
      reason: 'wrong_type',
      detail: 'metrics.temperature: expected a finite number, got a string',
    });
    expect(decode('telemetry', { metrics: { t: null } })).toMatchObject({
      reason: 'wrong_type',
      detail: 'metrics.t: expected a finite number, got null',
    });
    expect(decode('telemetry', { metrics: { t: { v: 1 } } })).toMatchObject({ reason: 'wrong_type' });
    expect(decode('telemetry', { metrics: { t: [1] } })).toMatchObject({ reason: 'wrong_type' });
  });

  it('refuses a number that overflows to Infinity as non_finite', () => {
    expect(decode('telemetry', '{"metrics":{"temperature":1e999}}')).toEqual({
      ok: false,
      reason: 'non_finite',
      detail: 'metrics.temperature: expected a finite number',
    });
    expect(decode('telemetry', '{"metrics":{"temperature":-1e999}}')).toMatchObject({ reason: 'non_finite' });
  });

  it('refuses bad metric names, an empty or missing metrics object', () => {
    expect(decode('telemetry', { metrics: { 'temp-1': 1 } })).toEqual({
      ok: false,
      reason: 'wrong_type',
      detail: 'metrics["temp-1"]: metric name must match ^[A-Za-z][A-Za-z0-9_]{0,63}$',
    });
    expect(decode('telemetry', { metrics: { __proto__x: 1 } })).toMatchObject({ reason: 'wrong_type' });
    expect(decode('telemetry', '{"metrics":{"__proto__":1}}')).toMatchObject({ reason: 'wrong_type' });
    expect(decode('telemetry', { metrics: {} })).toEqual({
      ok: false,
      reason: 'wrong_type',
      detail: 'metrics: expected at least one metric',
    });
    expect(decode('telemetry', { temperature: 1 })).toEqual({
      ok: false,
      reason: 'wrong_type',
      detail: 'metrics: expected an object of metric values, got nothing',
    });
    expect(decode('telemetry', { metrics: [1, 2] })).toMatchObject({ reason: 'wrong_type' });
  });

  it('keeps a metric called like an Object.prototype member as a plain own value', () => {
    const result = decode('telemetry', { metrics: { constructor: 1, toString: 2 } });
    expect(result).toMatchObject({ ok: true, messages: [{ metrics: { constructor: 1, toString: 2 } }] });
  });

  it('refuses a payload that is not a JSON object', () => {
    expect(decode('telemetry', [1])).toEqual({
      ok: false,
      reason: 'wrong_type',
      detail: 'payload: expected a JSON object, got an array',
    });
    expect(decode('telemetry', 'null')).toMatchObject({ reason: 'wrong_type' });
    expect(decode('telemetry', '42')).toMatchObject({ reason: 'wrong_type' });
  });
});

describe('decodeNative ts', () => {
  it('rounds fractional milliseconds', () => {
    expect(decode('telemetry', { ts: TS + 0.6, metrics: { t: 1 } })).toMatchObject({
      messages: [{ ts: TS + 1 }],
    });
  });

  it('refuses seconds instead of milliseconds, with a hint', () => {
    const result = decode('telemetry', { ts: 1764300000, metrics: { t: 1 } });
    expect(result).toMatchObject({ ok: false, reason: 'wrong_type' });
    expect(result.ok ? '' : result.detail).toMatch(
      /^ts: expected epoch milliseconds between 2000-01-01T00:00:00.000Z .*got 1764300000 \(seconds instead of milliseconds\?\)$/,
    );
  });

  it('accepts up to one day ahead of the gateway clock, not more', () => {
    const day = 24 * 60 * 60 * 1000;
    expect(decode('telemetry', { ts: TEST_NOW + day, metrics: { t: 1 } }).ok).toBe(true);
    expect(decode('telemetry', { ts: TEST_NOW + day + 1, metrics: { t: 1 } })).toMatchObject({
      reason: 'wrong_type',
    });
    expect(decode('telemetry', { ts: Date.UTC(1999, 11, 31), metrics: { t: 1 } })).toMatchObject({
      reason: 'wrong_type',
    });
  });

  it('refuses a ts that is not a number, or not finite', () => {
    expect(decode('event', { ts: '2025-11-28T03:20:00Z', type: 'smoke' })).toEqual({
      ok: false,
      reason: 'wrong_type',
      detail: 'ts: expected epoch milliseconds (a number), got a string',
    });
    expect(decode('event', { ts: null, type: 'smoke' })).toMatchObject({ reason: 'wrong_type' });
    expect(decode('status', '{"ts":1e999,"online":true}')).toEqual({
      ok: false,
      reason: 'non_finite',
      detail: 'ts: expected a finite number',
    });
  });
});

describe('decodeNative event', () => {
  it('decodes the contract example', () => {
    expect(decode('event', { ts: TS, type: 'smoke', data: {} })).toEqual({
      ok: true,
      messages: [{ kind: 'event', device: 'smk-0001', ts: TS, type: 'smoke', data: {} }],
    });
  });

  it('keeps data and types beyond the known list; data defaults to {}', () => {
    expect(decode('event', { type: 'patrol_checkin', data: { guard: '张伟', n: 3 } })).toMatchObject({
      messages: [{ type: 'patrol_checkin', ts: TEST_NOW, data: { guard: '张伟', n: 3 } }],
    });
    expect(decode('event', { type: 'smoke_sensor_dirty' })).toMatchObject({
      messages: [{ type: 'smoke_sensor_dirty', data: {} }],
    });
  });

  it('refuses a missing or malformed type', () => {
    expect(decode('event', { data: {} })).toEqual({
      ok: false,
      reason: 'wrong_type',
      detail: 'type: expected an event type (a string), got nothing',
    });
    expect(decode('event', { type: 'Smoke Alarm' })).toEqual({
      ok: false,
      reason: 'wrong_type',
      detail: 'type: expected an event type matching ^[a-z][a-z0-9_]{0,63}$, got "Smoke Alarm"',
    });
  });

  it('refuses data that is not an object, or nested too deep to serialise again', () => {
    expect(decode('event', { type: 'smoke', data: [1] })).toEqual({
      ok: false,
      reason: 'wrong_type',
      detail: 'data: expected an object, got an array',
    });
    const deep = `{"type":"smoke","data":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
    expect(decode('event', deep)).toEqual({
      ok: false,
      reason: 'wrong_type',
      detail: 'data: nested more than 16 levels deep',
    });
  });
});

describe('decodeNative status', () => {
  it('decodes online and the will message', () => {
    expect(decode('status', { online: true })).toEqual({
      ok: true,
      messages: [{ kind: 'availability', device: 'smk-0001', ts: TEST_NOW, online: true }],
    });
    expect(decode('status', { online: false })).toMatchObject({ messages: [{ online: false }] });
  });

  it('refuses a non-boolean online', () => {
    expect(decode('status', { online: 'true' })).toEqual({
      ok: false,
      reason: 'wrong_type',
      detail: 'online: expected a boolean, got a string',
    });
    expect(decode('status', { online: 1 })).toMatchObject({ reason: 'wrong_type' });
  });
});

describe('decodeNative topic and payload checks', () => {
  it('refuses an unknown channel before reading the payload', () => {
    expect(decode('config', { anything: true })).toEqual({
      ok: false,
      reason: 'unknown_channel',
      detail: 'channel "config" is not one of telemetry, event, status, command/ack',
    });
  });

  it('refuses oversized, non-UTF-8 and non-JSON payloads', () => {
    expect(decodeNative(smoke, 'event', utf8('{"type":"smoke"}'), ctx, 10)).toMatchObject({
      reason: 'too_large',
    });
    expect(decodeNative(smoke, 'event', new Uint8Array([0x7b, 0xff, 0x7d]), ctx, 100)).toMatchObject({
      reason: 'invalid_utf8',
    });
    expect(decode('event', 'smoke')).toMatchObject({ reason: 'not_json' });
  });
});

describe('decodeNative command/ack', () => {
  const ack = (v: unknown) => decode('command/ack', v);
  it('accepts an answer and stores nothing', () => {
    expect(ack({ id: 'act-1', ok: true })).toEqual({ ok: true, messages: [] });
    expect(ack({ id: 'act-1', ok: false, error: 'jammed' })).toEqual({ ok: true, messages: [] });
  });
  it('refuses an answer without the command id or the outcome', () => {
    expect(ack({ ok: true })).toMatchObject({ ok: false, reason: 'wrong_type' });
    expect(ack({ id: 'act-1', ok: 'yes' })).toMatchObject({ ok: false, reason: 'wrong_type' });
    expect(ack({ id: 'act-1', ok: false, error: 7 })).toMatchObject({ ok: false, reason: 'wrong_type' });
  });
  it('refuses the command channel itself: the platform publishes there, not the device', () => {
    expect(decode('command', {})).toMatchObject({
      ok: false,
      reason: 'unknown_channel',
    });
  });
});
