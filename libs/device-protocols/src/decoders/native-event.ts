import type { Device } from '../model/device';
import { EVENT_TYPE_PATTERN } from '../model/messages';
import type { DecodeContext } from './decode-context';
import { decoded, rejected, type DecodeResult } from './decode-result';
import { exceedsJsonDepth, isJsonObject, quoteForDetail, wrongType, type JsonObject } from './json-shape';
import { readNativeTimestamp } from './timestamp';

/** How deep event `data` may nest; deeper data could not be serialised again downstream. */
export const MAX_EVENT_DATA_DEPTH = 16;

/**
 * `campus/v1/{school}/{device}/event`: `{"ts"?: epoch ms, "type": "smoke", "data"?: {…}}` → one DeviceEvent.
 * Types beyond the known list are kept as long as they are snake_case words.
 */
export function decodeNativeEvent(device: Device, payload: JsonObject, ctx: DecodeContext): DecodeResult {
  const ts = readNativeTimestamp(payload, 'ts', ctx.now);
  if (!ts.ok) return ts;

  const type = payload['type'];
  if (typeof type !== 'string') return wrongType('type', 'an event type (a string)', type);
  if (!EVENT_TYPE_PATTERN.test(type)) {
    return rejected(
      'wrong_type',
      `type: expected an event type matching ${EVENT_TYPE_PATTERN.source}, got ${quoteForDetail(type)}`,
    );
  }

  const data = payload['data'] ?? {};
  if (!isJsonObject(data)) return wrongType('data', 'an object', data);
  if (exceedsJsonDepth(data, MAX_EVENT_DATA_DEPTH)) {
    return rejected('wrong_type', `data: nested more than ${MAX_EVENT_DATA_DEPTH} levels deep`);
  }

  return decoded([{ kind: 'event', device: device.id, ts: ts.value, type, data }]);
}
