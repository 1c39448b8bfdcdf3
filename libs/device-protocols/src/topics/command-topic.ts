import { z } from 'zod';
import { DEVICE_COMMANDS, type DeviceCommand } from '../commands/device-commands';
import type { GatewayEntry } from '../sites/check-gateways';

/**
 * Commands to devices behind edge gateways, the province topology (docs/protocol.md, "Which
 * broker"): an alert-service replica publishes, QoS 1, on
 * `platform/v1/command/{GATEWAY_ID}/{school}/{device}`; the gateway (its uplink session) relays it
 * to its own broker and publishes the device's answer on `platform/v1/command-result/{GATEWAY_ID}`.
 * Only that gateway's account may read its command topic and write its result topic; only
 * alert-service accounts may write commands and read results (`npm run broker-config`).
 */
export const COMMAND_TOPIC_ROOT = 'platform/v1/command';
export const COMMAND_RESULT_TOPIC_ROOT = 'platform/v1/command-result';
/** What a replica reads: every gateway's results (a replica that did not send one ignores it). */
export const COMMAND_RESULT_SUBSCRIPTION = `${COMMAND_RESULT_TOPIC_ROOT}/+`;

export interface GatewayCommandAddress {
  gatewayId: string;
  school: string;
  device: string;
}

export function gatewayCommandTopic({ gatewayId, school, device }: GatewayCommandAddress): string {
  return `${COMMAND_TOPIC_ROOT}/${gatewayId}/${school}/${device}`;
}

/** What one gateway reads: its own command topics. */
export function gatewayCommandSubscription(gatewayId: string): string {
  return `${COMMAND_TOPIC_ROOT}/${gatewayId}/#`;
}

export function commandResultTopic(gatewayId: string): string {
  return `${COMMAND_RESULT_TOPIC_ROOT}/${gatewayId}`;
}

/** The address in a command topic, or undefined when the topic is not one (wrong depth, empty level). */
export function parseGatewayCommandTopic(topic: string): GatewayCommandAddress | undefined {
  const prefix = `${COMMAND_TOPIC_ROOT}/`;
  if (!topic.startsWith(prefix)) return undefined;
  const levels = topic.slice(prefix.length).split('/');
  if (levels.length !== 3 || levels.some((l) => l === '')) return undefined;
  const [gatewayId, school, device] = levels as [string, string, string];
  return { gatewayId, school, device };
}

/** The gateway that serves `school` (the registry's `gateways:`), or undefined. */
export function gatewayServing(gateways: readonly GatewayEntry[], school: string): GatewayEntry | undefined {
  return gateways.find((g) => g.schools.includes(school));
}

/**
 * The payload on a command topic: the platform's command (its id names the answer) and its
 * deadline (epoch ms) — the sender stops waiting then, so the gateway does not relay it later
 * (a gateway back from an outage does not sound a siren for an old alarm).
 */
export const gatewayCommandMessageSchema = z.strictObject({
  v: z.literal(1),
  id: z.string().min(1).max(100),
  command: z.enum(DEVICE_COMMANDS),
  params: z.record(z.string(), z.unknown()),
  at: z.number().int().nonnegative(),
  deadline: z.number().int().nonnegative(),
});
export type GatewayCommandMessage = z.output<typeof gatewayCommandMessageSchema>;

export function gatewayCommandMessage(command: DeviceCommand, deadline: number): GatewayCommandMessage {
  return {
    v: 1,
    id: command.id,
    command: command.command,
    params: { ...command.params },
    at: command.at,
    deadline,
  };
}

/** The payload on a result topic: the device's answer, the gateway's refusal, or its timeout. */
export const gatewayCommandResultSchema = z.strictObject({
  v: z.literal(1),
  id: z.string().min(1),
  result: z.enum(['acknowledged', 'failed', 'timeout']),
  error: z.string().optional(),
});
export type GatewayCommandResult = z.output<typeof gatewayCommandResultSchema>;
