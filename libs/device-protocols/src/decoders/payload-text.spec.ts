import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryBytes, utf8 } from '../testing/json-arbitraries';
import { decodePayloadText, parseJsonOrTextPayload, parseJsonPayload } from './payload-text';

describe('parseJsonPayload', () => {
  it('parses JSON within the size limit', () => {
    expect(parseJsonPayload(utf8('{"a":[1,true,null]}'), 100)).toEqual({
      ok: true,
      value: { a: [1, true, null] },
    });
  });

  it('accepts exactly maxBytes and refuses one byte more', () => {
    expect(parseJsonPayload(utf8('"abcd"'), 6).ok).toBe(true);
    expect(parseJsonPayload(utf8('"abcde"'), 6)).toEqual({
      ok: false,
      reason: 'too_large',
      detail: 'payload is 7 bytes, over the limit of 6',
    });
  });

  it('refuses invalid UTF-8: a stray continuation byte, an overlong form, a CESU surrogate', () => {
    for (const bytes of [
      [0x22, 0x80, 0x22],
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
    ]) {
      expect(parseJsonPayload(new Uint8Array(bytes), 100)).toMatchObject({
        ok: false,
        reason: 'invalid_utf8',
      });
    }
  });

  it('refuses text that is not JSON, and says when it is empty', () => {
    expect(parseJsonPayload(utf8('online'), 100)).toMatchObject({ ok: false, reason: 'not_json' });
    expect(parseJsonPayload(utf8('{"a":1,}'), 100)).toMatchObject({ ok: false, reason: 'not_json' });
    expect(parseJsonPayload(new Uint8Array(), 100)).toEqual({
      ok: false,
      reason: 'not_json',
      detail: 'payload is empty, expected JSON',
    });
  });

  it('reads a number too large for a double as Infinity (the decoders then refuse it as non_finite)', () => {
    expect(parseJsonPayload(utf8('1e999'), 100)).toEqual({ ok: true, value: Infinity });
  });

  it('drops a UTF-8 byte order mark', () => {
    expect(parseJsonPayload(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('{"x":1}')]), 100)).toEqual({
      ok: true,
      value: { x: 1 },
    });
  });

  it('survives absurdly deep nesting (parsed, or refused as not_json) without throwing', () => {
    const deep = '['.repeat(50_000) + ']'.repeat(50_000);
    const result = parseJsonPayload(utf8(deep), 1_000_000);
    expect(result.ok === true || result.reason === 'not_json').toBe(true);
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(arbitraryBytes(), fc.integer({ min: 0, max: 400 }), (bytes, max) => {
        const result = parseJsonPayload(bytes, max);
        if (bytes.byteLength > max) expect(result).toMatchObject({ ok: false, reason: 'too_large' });
        else expect(result.ok || ['invalid_utf8', 'not_json'].includes(result.reason)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('decodePayloadText and parseJsonOrTextPayload (plain-text topics)', () => {
  it('returns the text as is', () => {
    expect(decodePayloadText(utf8('emergency'), 100)).toEqual({ ok: true, text: 'emergency' });
    expect(decodePayloadText(utf8('校门'), 100)).toEqual({ ok: true, text: '校门' });
    expect(decodePayloadText(new Uint8Array([0xff]), 100)).toMatchObject({
      ok: false,
      reason: 'invalid_utf8',
    });
    expect(decodePayloadText(utf8('online'), 3)).toMatchObject({ ok: false, reason: 'too_large' });
  });

  it('gives JSON when the text parses, the trimmed word otherwise', () => {
    expect(parseJsonOrTextPayload(utf8('{"state":"online"}'), 100)).toEqual({
      ok: true,
      format: 'json',
      value: { state: 'online' },
    });
    expect(parseJsonOrTextPayload(utf8(' online\n'), 100)).toEqual({
      ok: true,
      format: 'text',
      text: 'online',
    });
    expect(parseJsonOrTextPayload(new Uint8Array([0xc3]), 100)).toMatchObject({
      ok: false,
      reason: 'invalid_utf8',
    });
  });
});
