import type { MqttProtocol } from '../decoders/decoders';
import type { Sites } from '../sites/sites-model';
import type { BuiltCommand, CommandChannel } from './command-channel';
import { commandKindProblem, type DeviceCommand } from './device-commands';
import { nativeCommands } from './native-commands';
import { zigbee2mqttCommands } from './zigbee2mqtt-commands';

/**
 * Every protocol's command channel, once (like DECODERS): a new one is its file and one line here.
 * A protocol without a line takes no commands (Frigate cameras only report).
 */
export const COMMAND_CHANNELS: { readonly [P in MqttProtocol]?: CommandChannel } = {
  native: nativeCommands,
  zigbee2mqtt: zigbee2mqttCommands,
};

/** The message that carries `command` to the sites file's device `deviceId`, or why there is none. */
export function buildCommand(sites: Sites, deviceId: string, command: DeviceCommand): BuiltCommand {
  const device = sites.deviceById.get(deviceId);
  if (device === undefined) return { ok: false, error: `no device "${deviceId}" in the sites file` };
  const problem = commandKindProblem(device.kind, command.command);
  if (problem !== undefined) return { ok: false, error: `${deviceId}: ${problem}` };
  const channel = Object.hasOwn(COMMAND_CHANNELS, device.protocol)
    ? COMMAND_CHANNELS[device.protocol as MqttProtocol]
    : undefined;
  if (channel === undefined) {
    return { ok: false, error: `${deviceId} speaks ${device.protocol}, which carries no commands` };
  }
  const bridge = device.via === undefined ? undefined : sites.deviceById.get(device.via.bridge);
  return channel(bridge === undefined ? { device } : { device, bridge }, command);
}
