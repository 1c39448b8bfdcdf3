import type { Device } from '../model/device';
import { NATIVE_CHANNELS, isNativeChannel, type NativeChannel } from '../topics/native-topic';
import type { DecodeContext } from './decode-context';
import { rejected, type DecodeResult } from './decode-result';
import { isJsonObject, quoteForDetail, wrongType, type JsonObject } from './json-shape';
import { decodeNativeCommandAck } from './native-command-ack';
import { decodeNativeEvent } from './native-event';
import { decodeNativeStatus } from './native-status';
import { decodeNativeTelemetry } from './native-telemetry';
import { parseJsonPayload } from './payload-text';

type NativeChannelDecoder = (device: Device, payload: JsonObject, ctx: DecodeContext) => DecodeResult;

const CHANNEL_DECODERS: Record<NativeChannel, NativeChannelDecoder> = {
  telemetry: decodeNativeTelemetry,
  event: decodeNativeEvent,
  status: decodeNativeStatus,
  'command/ack': decodeNativeCommandAck,
};

/**
 * Decodes a payload on `campus/v1/{school}/{device}/{channel}` published by `device` itself
 * (the gateway has already checked the topic belongs to it). Unknown keys are ignored.
 */
export function decodeNative(
  device: Device,
  channel: string,
  payload: Uint8Array,
  ctx: DecodeContext,
  maxBytes: number,
): DecodeResult {
  if (!isNativeChannel(channel)) {
    return rejected(
      'unknown_channel',
      `channel ${quoteForDetail(channel)} is not one of ${NATIVE_CHANNELS.join(', ')}`,
    );
  }
  const json = parseJsonPayload(payload, maxBytes);
  if (!json.ok) return json;
  if (!isJsonObject(json.value)) return wrongType('payload', 'a JSON object', json.value);
  return CHANNEL_DECODERS[channel](device, json.value, ctx);
}
