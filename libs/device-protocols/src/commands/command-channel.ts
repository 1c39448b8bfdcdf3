import type { Device } from '../model/device';
import type { DeviceCommand } from './device-commands';

/** A device's answer to a command: done, or refused with the device's reason. */
export type CommandAnswer = { ok: true } | { ok: false; error: string };

/** One command ready for the broker, and how to recognise its answer. */
export interface CommandRequest {
  topic: string;
  payload: string;
  /** Where the answer comes (a native device's `command/ack`, a Zigbee2MQTT device's state topic). */
  answerTopic: string;
  /** The answer in a message on `answerTopic`, or undefined when the message is not one to this command. */
  readAnswer(payload: Uint8Array): CommandAnswer | undefined;
}

/** The device that acts and, for a device behind a bridge, the bridge it is reached through. */
export interface CommandTarget {
  device: Device;
  bridge?: Device;
}

export type BuiltCommand = { ok: true; request: CommandRequest } | { ok: false; error: string };

/**
 * How one protocol carries commands: builds the message for the broker the device is on. Pure;
 * the kind's acceptance of the command and its parameters are checked before (device-commands.ts).
 */
export type CommandChannel = (target: CommandTarget, command: DeviceCommand) => BuiltCommand;
