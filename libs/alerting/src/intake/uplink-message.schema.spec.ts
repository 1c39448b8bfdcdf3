import { describe, expect, it } from 'vitest';
import { T0, uplinkAvailability, uplinkEvent, uplinkReading } from '../testing/intake.fixture';
import { parseUplinkPayload } from './uplink-message.schema';

const json = (v: unknown) => Buffer.from(JSON.stringify(v));

describe('parseUplinkPayload', () => {
  const availability = uplinkAvailability('smk-red', false);

  it.each([
    ['reading', uplinkReading('temp-red', { temperature: 21.5, battery: 80 })],
    ['event', { ...uplinkEvent('smk-red', 'smoke'), data: { zone: 3, nested: { a: [1] } } }],
    ['availability', availability],
  ])('accepts a %s', (_kind, msg) => {
    expect(parseUplinkPayload(json(msg))).toEqual({ ok: true, message: msg });
  });

  it('drops unknown keys (additive fields of later gateways)', () => {
    const msg = uplinkEvent('smk-red', 'smoke');
    expect(parseUplinkPayload(json({ ...msg, extra: 1 }))).toEqual({ ok: true, message: msg });
  });

  it.each([
    ['not JSON', Buffer.from('{nope'), /not JSON/],
    ['another version', json({ ...uplinkEvent('smk-red', 'smoke'), v: 2 }), /^v:/],
    ['an unknown kind', json({ ...uplinkEvent('smk-red', 'smoke'), kind: 'status' }), /kind/],
    [
      'a short school code',
      json({
        ...uplinkEvent('smk-red', 'smoke'),
        org: { province: '610000', city: '610100', county: '610113', school: '123' },
      }),
      /org\.school/,
    ],
    ['a bad metric name', json(uplinkReading('temp-red', { 'temp-c': 1 })), /metrics/],
    [
      'a missing org level',
      json({
        ...uplinkEvent('smk-red', 'smoke'),
        org: { province: '610000', city: '610100', school: '2161010001' },
      }),
      /org\.county/,
    ],
    [
      'a non-numeric metric',
      json({ ...uplinkReading('temp-red', {}), metrics: { temperature: 'hot' } }),
      /metrics\.temperature/,
    ],
    ['a bad event type', json(uplinkEvent('smk-red', 'Smoke!')), /^type:/],
    ['a non-boolean online', json({ ...availability, online: 'no' }), /online/],
    ['a missing ts', json({ ...uplinkEvent('smk-red', 'smoke'), ts: undefined }), /^ts:/],
    ['no deviceKind', json({ ...uplinkEvent('smk-red', 'smoke'), deviceKind: '' }), /deviceKind/],
    ['an array', json([uplinkEvent('smk-red', 'smoke')]), /./],
  ])('refuses %s, naming the problem', (_what, payload, reason) => {
    const out = parseUplinkPayload(payload);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.reason).toMatch(reason);
  });

  it('accepts a string payload too', () => {
    expect(parseUplinkPayload(JSON.stringify(uplinkEvent('smk-red', 'smoke', T0))).ok).toBe(true);
  });
});
