import { isJsonObject } from '../decoders/json-shape';
import type { DeviceKind } from '../model/device';
import type { CommandChannel } from './command-channel';
import { DEFAULT_SIREN_SECONDS, type DeviceCommand } from './device-commands';

/**
 * Zigbee2MQTT devices, behind a bridge: the device's payload on `{baseTopic}/{friendly_name}/set`
 * (a siren: the `warning` command; locks, relays, strobes: `state`). Zigbee2MQTT answers with the
 * device's next state message on `{baseTopic}/{friendly_name}`; none within the timeout is a timeout.
 */
export const zigbee2mqttCommands: CommandChannel = ({ device, bridge }, command) => {
  if (device.via === undefined || bridge?.baseTopic === undefined) {
    return { ok: false, error: `${device.id} is not behind a Zigbee2MQTT bridge (via) in the sites file` };
  }
  const payload = zigbeePayload(device.kind, command);
  if (payload === undefined) {
    return { ok: false, error: `a ${device.kind} behind Zigbee2MQTT takes no ${command.command} command` };
  }
  const stateTopic = `${bridge.baseTopic}/${device.via.name}`;
  return {
    ok: true,
    request: {
      topic: `${stateTopic}/set`,
      payload: JSON.stringify(payload),
      answerTopic: stateTopic,
      readAnswer: (bytes) => (isStateMessage(bytes) ? { ok: true } : undefined),
    },
  };
};

function zigbeePayload(kind: DeviceKind, { command, params }: DeviceCommand): object | undefined {
  if (kind === 'siren') {
    if (command === 'sound') {
      const duration = params.duration ?? DEFAULT_SIREN_SECONDS;
      return { warning: { mode: params.mode ?? 'emergency', level: 'very_high', strobe: true, duration } };
    }
    if (command === 'silence')
      return { warning: { mode: 'stop', level: 'very_high', strobe: false, duration: 0 } };
    return undefined;
  }
  switch (command) {
    case 'unlock':
      return { state: 'UNLOCK' };
    case 'lock':
      return { state: 'LOCK' };
    case 'switch_on':
      return { state: 'ON' };
    case 'switch_off':
      return { state: 'OFF' };
    default:
      return undefined;
  }
}

function isStateMessage(bytes: Uint8Array): boolean {
  try {
    return isJsonObject(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)));
  } catch {
    return false;
  }
}
