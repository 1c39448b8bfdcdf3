import type { Device } from '../model/device';
import type { DecodeContext } from './decode-context';
import { decoded, type DecodeResult } from './decode-result';
import { wrongType, type JsonObject } from './json-shape';

/**
 * `campus/v1/{school}/{device}/command/ack`: `{"id", "ok", "error"?}`, the device's answer to a
 * command. Nothing to store: the alert service's command waiter reads it off the broker; checked
 * here so a malformed answer is counted and dropped like any other payload.
 */
export function decodeNativeCommandAck(
  _device: Device,
  payload: JsonObject,
  _ctx: DecodeContext,
): DecodeResult {
  const { id, ok, error } = payload;
  if (typeof id !== 'string' || id === '') return wrongType('id', 'the command id (a string)', id);
  if (typeof ok !== 'boolean') return wrongType('ok', 'a boolean', ok);
  if (error !== undefined && typeof error !== 'string') return wrongType('error', 'a string', error);
  return decoded([]);
}
