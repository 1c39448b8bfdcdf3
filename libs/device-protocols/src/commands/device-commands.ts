import { z } from 'zod';
import type { DeviceKind } from '../model/device';

/**
 * What the platform can ask of a device (docs/protocol.md, "Commands to devices"). The zh-CN and
 * English labels are in libs/api-contract's vocabulary (DEVICE_COMMAND_LABELS).
 */
export const DEVICE_COMMANDS = [
  'sound',
  'silence',
  'unlock',
  'lock',
  'play',
  'switch_on',
  'switch_off',
] as const;
export type DeviceCommandName = (typeof DEVICE_COMMANDS)[number];

/** A siren's warning modes (Zigbee2MQTT's `warning.mode`, less `stop`, which is `silence`). */
export const SIREN_MODES = ['fire', 'emergency', 'burglar'] as const;
export type SirenMode = (typeof SIREN_MODES)[number];

/** The commands each actuator kind takes; a kind not listed takes none. */
export const COMMANDS_BY_KIND: Readonly<Partial<Record<DeviceKind, readonly DeviceCommandName[]>>> = {
  siren: ['sound', 'silence'],
  strobe: ['switch_on', 'switch_off'],
  door_lock: ['unlock', 'lock'],
  broadcast_speaker: ['play', 'silence'],
  relay: ['switch_on', 'switch_off'],
};

/** Kinds that take commands. */
export const ACTUATOR_KINDS = Object.keys(COMMANDS_BY_KIND) as DeviceKind[];

/** Seconds a siren sounds when the command names no duration (Zigbee2MQTT's `warning.duration`). */
export const DEFAULT_SIREN_SECONDS = 120;
export const MAX_COMMAND_SECONDS = 1800;
export const MAX_BROADCAST_TEXT = 500;

/** `sound`: `mode` (default `emergency`), `duration` in seconds; `play`: an optional `text` to speak. */
export interface CommandParams {
  mode?: SirenMode;
  duration?: number;
  text?: string;
}

/** One command as sent: the platform's id for it (the answer names it), what, and when (epoch ms). */
export interface DeviceCommand {
  id: string;
  command: DeviceCommandName;
  params: CommandParams;
  at: number;
}

const noParams = z.strictObject({});

/** The parameters each command accepts (strict: an unknown key is refused). */
export const COMMAND_PARAMS_SCHEMAS: Readonly<Record<DeviceCommandName, z.ZodType<CommandParams>>> = {
  sound: z.strictObject({
    mode: z.enum(SIREN_MODES).optional(),
    duration: z.number().int().min(1).max(MAX_COMMAND_SECONDS).optional(),
  }),
  silence: noParams,
  unlock: noParams,
  lock: noParams,
  play: z.strictObject({ text: z.string().min(1).max(MAX_BROADCAST_TEXT).optional() }),
  switch_on: noParams,
  switch_off: noParams,
};

export function isDeviceCommand(value: string): value is DeviceCommandName {
  return (DEVICE_COMMANDS as readonly string[]).includes(value);
}

/** Why `kind` cannot take `command`, or undefined when it can. */
export function commandKindProblem(kind: DeviceKind, command: DeviceCommandName): string | undefined {
  const accepted = COMMANDS_BY_KIND[kind];
  if (accepted === undefined) {
    return `a ${kind} takes no commands — devices that do: ${ACTUATOR_KINDS.join(', ')}`;
  }
  if (!accepted.includes(command)) return `a ${kind} takes ${accepted.join(' or ')}, not ${command}`;
  return undefined;
}
