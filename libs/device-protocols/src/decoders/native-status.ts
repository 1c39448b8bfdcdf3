import type { Device } from '../model/device';
import type { DecodeContext } from './decode-context';
import { decoded, type DecodeResult } from './decode-result';
import { wrongType, type JsonObject } from './json-shape';
import { readNativeTimestamp } from './timestamp';

/** `campus/v1/{school}/{device}/status`: `{"online": boolean}` (retained; the will says false) → Availability. */
export function decodeNativeStatus(device: Device, payload: JsonObject, ctx: DecodeContext): DecodeResult {
  const ts = readNativeTimestamp(payload, 'ts', ctx.now);
  if (!ts.ok) return ts;
  const online = payload['online'];
  if (typeof online !== 'boolean') return wrongType('online', 'a boolean', online);
  return decoded([{ kind: 'availability', device: device.id, ts: ts.value, online }]);
}
