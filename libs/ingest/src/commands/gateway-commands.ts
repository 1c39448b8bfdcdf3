import type { Logger } from 'pino';
import {
  buildCommand,
  commandResultTopic,
  COMMAND_PARAMS_SCHEMAS,
  gatewayCommandMessageSchema,
  parseGatewayCommandTopic,
  sendCommand,
  type CommandRequest,
  type CommandTransport,
  type GatewayCommandResult,
  type Sites,
} from '@campus/device-protocols';
import type { ServedSchools } from '../config/served-schools';

/** How many command ids a gateway remembers: far more than a burst of alarms sends in one QoS 1 redelivery window. */
export const RECENT_COMMAND_IDS = 10_000;

/** Ids seen lately, oldest forgotten first: a QoS 1 redelivery of a command is not relayed twice. */
export class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity = RECENT_COMMAND_IDS) {}

  /** True the first time `id` is seen (and remembers it), false for a repeat. */
  remember(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value!);
    return true;
  }
}

export type CheckedCommand =
  | { kind: 'relay'; id: string; request: CommandRequest; deadline: number }
  /** Answered at once with `failed` and the reason (the sender records it). */
  | { kind: 'refuse'; id: string; error: string }
  /** Not answerable: no id to answer to, or the sender stopped waiting already. */
  | { kind: 'drop'; why: string };

/**
 * A command from the central broker, checked before anything reaches a device: the topic is this
 * gateway's, the school one it serves, the device one of that school in its sites, the payload a
 * command the device's kind and protocol take, and the deadline not passed. Pure.
 */
export function checkGatewayCommand(input: {
  gatewayId: string;
  served: ServedSchools;
  sites: Sites;
  topic: string;
  payload: Buffer;
  now: number;
}): CheckedCommand {
  const { gatewayId, served, sites, topic, payload, now } = input;
  let json: unknown;
  try {
    json = JSON.parse(payload.toString('utf8'));
  } catch {
    return { kind: 'drop', why: 'the payload is not JSON' };
  }
  const parsed = gatewayCommandMessageSchema.safeParse(json);
  if (!parsed.success)
    return { kind: 'drop', why: `not a command message (${parsed.error.issues[0]?.message ?? 'shape'})` };
  const message = parsed.data;
  const refuse = (error: string): CheckedCommand => ({ kind: 'refuse', id: message.id, error });
  const address = parseGatewayCommandTopic(topic);
  if (address === undefined)
    return refuse(`${topic} is not a command topic (platform/v1/command/{gateway}/{school}/{device})`);
  if (address.gatewayId !== gatewayId)
    return refuse(`the command is for gateway ${address.gatewayId}, not ${gatewayId}`);
  if (!served.servesSchool(address.school) || !sites.schoolByCode.has(address.school))
    return refuse(
      `gateway ${gatewayId} does not serve school ${address.school} (GATEWAY_SCHOOLS=${served.describe()}): ` +
        `the registry's gateways: names the gateway that does`,
    );
  const device = sites.deviceById.get(address.device);
  if (device === undefined || device.org.school !== address.school)
    return refuse(`no device ${address.device} of school ${address.school} at gateway ${gatewayId}`);
  if (message.deadline <= now)
    return { kind: 'drop', why: 'its deadline has passed (the sender recorded a timeout)' };
  const params = COMMAND_PARAMS_SCHEMAS[message.command].safeParse(message.params);
  if (!params.success)
    return refuse(`${message.command}: ${params.error.issues[0]?.message ?? 'bad parameters'}`);
  const built = buildCommand(sites, device.id, {
    id: message.id,
    command: message.command,
    params: params.data,
    at: message.at,
  });
  if (!built.ok) return refuse(built.error);
  return { kind: 'relay', id: message.id, request: built.request, deadline: message.deadline };
}

export interface GatewayCommandsOptions {
  gatewayId: string;
  served: ServedSchools;
  sites: Sites;
  /** The devices' broker (the embedded broker's command port). */
  devices: CommandTransport;
  /** Publishes a result on the central broker (QoS 1, over the uplink's session). */
  publishResult: (topic: string, payload: string) => Promise<void>;
  logger: Logger;
  now?: () => number;
}

/**
 * The gateway's side of commands in the province topology (docs/protocol.md, "Which broker"):
 * each command from its topic on the central broker is checked, relayed once to the device on the
 * gateway's own broker, and the answer (or the refusal, or the timeout at the deadline) published
 * on the gateway's result topic.
 */
export class GatewayCommands {
  private readonly recent = new RecentIds();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: GatewayCommandsOptions) {}

  /** One message from the command topic; never throws (the outcome is logged and answered). */
  receive(topic: string, payload: Buffer): void {
    const { gatewayId, served, sites, logger } = this.options;
    const now = (this.options.now ?? Date.now)();
    const checked = checkGatewayCommand({ gatewayId, served, sites, topic, payload, now });
    if (checked.kind === 'drop') return logger.warn({ topic, why: checked.why }, 'command not relayed');
    if (!this.recent.remember(checked.id))
      return logger.info(
        { topic, id: checked.id },
        'command repeated (QoS 1 redelivery): relayed once already',
      );
    if (checked.kind === 'refuse') {
      logger.warn({ topic, id: checked.id, error: checked.error }, 'command refused');
      return void this.answer({ v: 1, id: checked.id, result: 'failed', error: checked.error });
    }
    this.track(this.relay(topic, checked.id, checked.request, checked.deadline - now));
  }

  /** Waits for the commands still waiting for their device (each until its deadline at most). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private async relay(topic: string, id: string, request: CommandRequest, waitMs: number): Promise<void> {
    const outcome = await sendCommand(this.options.devices, request, waitMs);
    this.options.logger.info({ topic, id, to: request.topic, result: outcome.result }, 'command relayed');
    // not awaited: with the central broker away the publish waits for it, and stopping must not
    void this.answer({
      v: 1,
      id,
      result: outcome.result,
      ...(outcome.result === 'failed' ? { error: outcome.error } : {}),
    });
  }

  private async answer(result: GatewayCommandResult): Promise<void> {
    try {
      await this.options.publishResult(commandResultTopic(this.options.gatewayId), JSON.stringify(result));
    } catch (err) {
      // the sender then records a timeout: the outcome is not lost silently
      this.options.logger.error({ err, id: result.id }, 'command result not published on the central broker');
    }
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }
}
