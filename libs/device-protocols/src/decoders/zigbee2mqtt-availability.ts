import { rejected, type DecodeRejection } from './decode-result';
import { isJsonObject, quoteForDetail, wrongType } from './json-shape';
import { parseJsonOrTextPayload } from './payload-text';

export type OnlineState = { ok: true; online: boolean } | DecodeRejection;

/**
 * A Zigbee2MQTT availability payload (`…/availability` and `bridge/state`): `{"state":"online"}`
 * since 2.0, plain `online` / `offline` in 1.x (`legacy_availability_payload`, also the 1.x bridge/state).
 */
export function readZigbee2mqttAvailability(payload: Uint8Array, maxBytes: number): OnlineState {
  const parsed = parseJsonOrTextPayload(payload, maxBytes);
  if (!parsed.ok) return parsed;
  if (parsed.format === 'text') return onlineWord(parsed.text, 'payload');
  const value = parsed.value;
  if (typeof value === 'string') return onlineWord(value, 'payload');
  if (!isJsonObject(value))
    return wrongType('payload', '{"state": "online" | "offline"} or a bare word', value);
  const state = value['state'];
  if (typeof state !== 'string') return wrongType('state', '"online" or "offline"', state);
  return onlineWord(state, 'state');
}

function onlineWord(word: string, path: string): OnlineState {
  if (word === 'online') return { ok: true, online: true };
  if (word === 'offline') return { ok: true, online: false };
  return rejected('wrong_type', `${path}: expected "online" or "offline", got ${quoteForDetail(word)}`);
}
