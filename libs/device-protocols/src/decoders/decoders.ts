import type { Device, Protocol } from '../model/device';
import type { DecodeContext } from './decode-context';
import type { DecodeResult } from './decode-result';
import { decodeFrigate } from './frigate-decoder';
import { decodeNative } from './native-decoder';
import { decodeZigbee2mqtt } from './zigbee2mqtt-decoder';

/**
 * Decodes one MQTT message of a protocol. `device` is the publisher: a native device, or the
 * bridge for a vendor protocol. `subtopic` is what follows its root: the channel of
 * `campus/v1/{school}/{device}/{channel}`, or the topic after the bridge's `{baseTopic}/`.
 */
export type TopicDecoder = (
  device: Device,
  subtopic: string,
  payload: Uint8Array,
  ctx: DecodeContext,
  maxBytes: number,
) => DecodeResult;

/**
 * The protocols that arrive over MQTT. GB/T 26875.3 (`gb26875`) is not one: its transmitters
 * speak binary frames over their own TCP connection, known by source address rather than topic,
 * with acknowledgements and link state; its codec is gb26875/ and its listener ingest's gb26875/.
 */
export type MqttProtocol = Exclude<Protocol, 'gb26875'>;

/**
 * Every MQTT protocol's decoder, once: the gateway's router picks from this table by the
 * publisher's protocol. A new protocol is its decoder file and one line here (the type asks for
 * the line as soon as the protocol is added to PROTOCOLS).
 */
export const DECODERS: Readonly<Record<MqttProtocol, TopicDecoder>> = {
  native: decodeNative,
  zigbee2mqtt: decodeZigbee2mqtt,
  frigate: decodeFrigate,
};

export function isMqttProtocol(protocol: Protocol): protocol is MqttProtocol {
  return Object.hasOwn(DECODERS, protocol);
}
