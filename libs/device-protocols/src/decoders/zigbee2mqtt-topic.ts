import type { Device } from '../model/device';

/** What a topic under a Zigbee2MQTT bridge's base topic is, once the friendly_name is resolved. */
export type Zigbee2mqttTopic =
  /** `bridge/state`: the bridge's own availability. */
  | { kind: 'bridge_state' }
  /** Any other `bridge/…` topic (devices, info, event, logging, health, request, response). */
  | { kind: 'bridge_other' }
  /** `{name}`: the device's whole cached state as JSON. */
  | { kind: 'device_state'; device: Device; name: string }
  /** `{name}/availability`. */
  | { kind: 'device_availability'; device: Device; name: string }
  /** `{name}/action`: the action as plain text (published when HA integration is on). */
  | { kind: 'device_action'; device: Device; name: string }
  /** `{name}/set`, `{name}/get`, `{name}/set/{attribute}`, `{name}/get/{attribute}`: commands to Z2M. */
  | { kind: 'command' }
  /** A device topic whose friendly_name no device declares on this bridge. */
  | { kind: 'undeclared_device'; name: string };

const NAMED_SUFFIXES = { availability: 'device_availability', action: 'device_action' } as const;
const COMMAND_WORDS = new Set(['set', 'get']);

/**
 * Classifies `subtopic` (the topic after `{baseTopic}/`). A friendly_name may contain `/`, so the
 * longest name wins: the whole subtopic is tried as a device name before a known suffix is split off.
 */
export function classifyZigbee2mqttTopic(
  subtopic: string,
  resolveName: (name: string) => Device | undefined,
): Zigbee2mqttTopic {
  if (subtopic === 'bridge/state') return { kind: 'bridge_state' };
  if (subtopic === 'bridge' || subtopic.startsWith('bridge/')) return { kind: 'bridge_other' };

  const whole = resolveName(subtopic);
  if (whole) return { kind: 'device_state', device: whole, name: subtopic };

  const segments = subtopic.split('/');
  const last = segments.at(-1) ?? '';
  if (segments.length >= 2) {
    if (COMMAND_WORDS.has(last)) return { kind: 'command' };
    if (segments.length >= 3 && COMMAND_WORDS.has(segments.at(-2) ?? '')) return { kind: 'command' };
    if (last === 'availability' || last === 'action') {
      const name = segments.slice(0, -1).join('/');
      const device = resolveName(name);
      return device ? { kind: NAMED_SUFFIXES[last], device, name } : { kind: 'undeclared_device', name };
    }
  }
  return { kind: 'undeclared_device', name: subtopic };
}
