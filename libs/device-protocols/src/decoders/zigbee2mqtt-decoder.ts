import type { Device } from '../model/device';
import { undeclaredBridgedDevice } from './bridged-device';
import type { DecodeContext } from './decode-context';
import { decoded, type DecodeResult } from './decode-result';
import { decodePayloadText, parseJsonPayload } from './payload-text';
import { readZigbee2mqttAvailability } from './zigbee2mqtt-availability';
import { ZIGBEE2MQTT_ACTION_EVENTS, decodeZigbee2mqttState } from './zigbee2mqtt-state';
import { classifyZigbee2mqttTopic } from './zigbee2mqtt-topic';

/**
 * Decodes a message a Zigbee2MQTT bridge published under its base topic; `subtopic` is the topic
 * after `{baseTopic}/`. Devices behind the bridge are found through `ctx.resolveVia(bridge.id, name)`.
 * Topics that carry no device data (bridge logs, commands) decode to nothing without reading the payload.
 */
export function decodeZigbee2mqtt(
  bridge: Device,
  subtopic: string,
  payload: Uint8Array,
  ctx: DecodeContext,
  maxBytes: number,
): DecodeResult {
  const topic = classifyZigbee2mqttTopic(subtopic, (name) => ctx.resolveVia(bridge.id, name));
  switch (topic.kind) {
    case 'bridge_other':
    case 'command':
      return decoded([]);
    case 'undeclared_device':
      return undeclaredBridgedDevice(bridge, 'zigbee2mqtt name', topic.name);
    case 'bridge_state':
    case 'device_availability': {
      const state = readZigbee2mqttAvailability(payload, maxBytes);
      if (!state.ok) return state;
      const device = topic.kind === 'bridge_state' ? bridge : topic.device;
      return decoded([{ kind: 'availability', device: device.id, ts: ctx.now, online: state.online }]);
    }
    case 'device_action': {
      const text = decodePayloadText(payload, maxBytes);
      if (!text.ok) return text;
      const action = text.text.trim();
      const type = ZIGBEE2MQTT_ACTION_EVENTS.get(action);
      if (!type) return decoded([]);
      const data = { source: 'zigbee2mqtt', name: topic.name, field: 'action', action };
      return decoded([{ kind: 'event', device: topic.device.id, ts: ctx.now, type, data }]);
    }
    case 'device_state': {
      const json = parseJsonPayload(payload, maxBytes);
      if (!json.ok) return json;
      return decodeZigbee2mqttState(topic.device, topic.name, json.value, ctx);
    }
  }
}
