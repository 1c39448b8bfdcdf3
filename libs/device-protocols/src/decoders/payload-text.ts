import { rejected, type DecodeRejection } from './decode-result';

/**
 * The first checks every payload goes through: size, UTF-8, JSON. Pure; never throws.
 *
 * Plain-text variants exist for vendor topics that carry bare words instead of JSON:
 * Zigbee2MQTT 1.x availability (`online`), `…/action` (`emergency`), Frigate `available`.
 */

export type PayloadText = { ok: true; text: string } | DecodeRejection;
export type JsonPayload = { ok: true; value: unknown } | DecodeRejection;
export type JsonOrTextPayload =
  { ok: true; format: 'json'; value: unknown } | { ok: true; format: 'text'; text: string } | DecodeRejection;

/** Strict decoder: invalid byte sequences throw instead of becoming U+FFFD. A leading BOM is dropped. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Checks the size limit and decodes UTF-8. */
export function decodePayloadText(payload: Uint8Array, maxBytes: number): PayloadText {
  if (payload.byteLength > maxBytes) {
    return rejected('too_large', `payload is ${payload.byteLength} bytes, over the limit of ${maxBytes}`);
  }
  try {
    return { ok: true, text: strictUtf8.decode(payload) };
  } catch {
    return rejected('invalid_utf8', 'payload is not valid UTF-8');
  }
}

/** Checks the size limit, decodes UTF-8 and parses JSON. */
export function parseJsonPayload(payload: Uint8Array, maxBytes: number): JsonPayload {
  const text = decodePayloadText(payload, maxBytes);
  if (!text.ok) return text;
  const value = tryParseJson(text.text);
  if (value === NOT_JSON) return rejected('not_json', describeJsonFailure(text.text));
  return { ok: true, value };
}

/**
 * For topics that carry JSON in one version and a bare word in another: JSON when the text
 * parses as JSON, otherwise the text with surrounding whitespace trimmed.
 */
export function parseJsonOrTextPayload(payload: Uint8Array, maxBytes: number): JsonOrTextPayload {
  const text = decodePayloadText(payload, maxBytes);
  if (!text.ok) return text;
  const value = tryParseJson(text.text);
  if (value === NOT_JSON) return { ok: true, format: 'text', text: text.text.trim() };
  return { ok: true, format: 'json', value };
}

const NOT_JSON: unique symbol = Symbol('not JSON');

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // SyntaxError, or RangeError for absurdly deep nesting: either way not usable JSON.
    return NOT_JSON;
  }
}

function describeJsonFailure(text: string): string {
  if (text.trim() === '') return 'payload is empty, expected JSON';
  return 'payload is not valid JSON';
}
