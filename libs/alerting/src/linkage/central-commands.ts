import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import {
  COMMAND_RESULT_SUBSCRIPTION,
  gatewayCommandMessage,
  gatewayCommandResultSchema,
  gatewayCommandTopic,
  type DeviceCommand,
  type GatewayCommandAddress,
} from '@campus/device-protocols';
import type { SendOutcome } from './command-sender';

/** The central broker as the command relay needs it. */
export interface CentralBrokerPort {
  /** Subscribes to the results (once, before the first command); resolves when the broker granted it. */
  ready(): Promise<void>;
  publish(topic: string, payload: string): Promise<void>;
}

/**
 * Commands to devices behind edge gateways (docs/protocol.md, "Which broker"): publishes the
 * command on the gateway's topic of the central broker and waits for its result by id until the
 * deadline. Results of commands this replica did not send, or that come after their deadline, are
 * ignored. Never rejects: a gateway that is offline gives a timeout, as a silent device does.
 */
export class CentralCommands {
  private readonly waiting = new Map<string, (outcome: SendOutcome) => void>();

  constructor(
    private readonly broker: CentralBrokerPort,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async send(
    address: GatewayCommandAddress,
    command: DeviceCommand,
    timeoutMs: number,
  ): Promise<SendOutcome> {
    let settle!: (outcome: SendOutcome) => void;
    const outcome = new Promise<SendOutcome>((resolve) => (settle = resolve));
    this.waiting.set(command.id, settle);
    const timer = setTimeout(() => settle({ result: 'timeout' }), timeoutMs);
    try {
      await this.broker.ready();
      const message = gatewayCommandMessage(command, this.now() + timeoutMs);
      await this.broker.publish(gatewayCommandTopic(address), JSON.stringify(message));
    } catch (err) {
      settle({
        result: 'failed',
        error: `not sent to gateway ${address.gatewayId}: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
    const result = await outcome;
    clearTimeout(timer);
    this.waiting.delete(command.id);
    return result;
  }

  /** One message on a result topic. */
  receive(payload: Buffer): void {
    let json: unknown;
    try {
      json = JSON.parse(payload.toString('utf8'));
    } catch {
      return this.logger.warn('command result that is not JSON: ignored');
    }
    const parsed = gatewayCommandResultSchema.safeParse(json);
    if (!parsed.success) return this.logger.warn('command result of an unknown shape: ignored');
    const { id, result, error } = parsed.data;
    // another replica's command, a repeat, or one whose sender stopped waiting: not ours to record
    const settle = this.waiting.get(id);
    if (settle === undefined) return;
    this.waiting.delete(id);
    settle(result === 'failed' ? { result, error: error ?? 'refused by the gateway' } : { result });
  }
}

/**
 * The relay's own session on the central broker (the alert service's account), opened at the
 * first command: a deployment whose registry names no gateway never connects.
 */
export function startCentralCommands(options: {
  url: string;
  username: string;
  password: string;
  clientId: string;
  logger: Logger;
}): { commands: CentralCommands; stop(): Promise<void> } {
  const { logger } = options;
  let client: MqttClient | undefined;
  let subscribed: Promise<void> | undefined;
  const open = (): MqttClient => {
    const connected = mqtt.connect(options.url, {
      username: options.username,
      password: options.password,
      clientId: options.clientId,
      clean: true,
      protocolVersion: 4,
      reconnectPeriod: 1000,
      reconnectOnConnackError: true,
      // mqtt.js subscribes again on every reconnect (a clean session)
      resubscribe: true,
    });
    connected.on('error', (err) => logger.warn({ err: err.message }, 'commands: central broker error'));
    connected.on('message', (_topic, payload) => commands.receive(payload));
    return connected;
  };
  const subscribe = async (connected: MqttClient): Promise<void> => {
    const granted = await connected.subscribeAsync(COMMAND_RESULT_SUBSCRIPTION, { qos: 1 });
    if (granted.some((g) => g.qos >= 128))
      throw new Error(
        `the central broker refused ${COMMAND_RESULT_SUBSCRIPTION}: regenerate its ACL (npm run broker-config)`,
      );
  };
  const ready = (): Promise<void> => {
    const connected = (client ??= open());
    subscribed ??= (
      connected.connected
        ? subscribe(connected)
        : new Promise<void>((resolve, reject) =>
            connected.once('connect', () => subscribe(connected).then(resolve, reject)),
          )
    ).catch((err: unknown) => {
      subscribed = undefined; // tried again at the next command
      logger.error({ err }, 'commands: results not read from the central broker');
      throw err;
    });
    return subscribed;
  };
  const commands = new CentralCommands(
    {
      ready,
      publish: async (topic, payload) => {
        await client!.publishAsync(topic, payload, { qos: 1 });
      },
    },
    logger,
  );
  return {
    commands,
    stop: async () => {
      await client?.endAsync(true);
    },
  };
}
