import { describe, expect, it } from 'vitest';
import {
  commandResultTopic,
  COMMAND_RESULT_SUBSCRIPTION,
  gatewayCommandMessage,
  gatewayCommandMessageSchema,
  gatewayCommandResultSchema,
  gatewayCommandSubscription,
  gatewayCommandTopic,
  gatewayServing,
  parseGatewayCommandTopic,
} from './command-topic';

describe('command topics of the province path', () => {
  const address = { gatewayId: 'gw-xian', school: '2161010001', device: 'siren-1' };

  it('builds and parses a gateway command topic', () => {
    const topic = gatewayCommandTopic(address);
    expect(topic).toBe('platform/v1/command/gw-xian/2161010001/siren-1');
    expect(parseGatewayCommandTopic(topic)).toEqual(address);
    expect(gatewayCommandSubscription('gw-xian')).toBe('platform/v1/command/gw-xian/#');
    expect(commandResultTopic('gw-xian')).toBe('platform/v1/command-result/gw-xian');
    expect(COMMAND_RESULT_SUBSCRIPTION).toBe('platform/v1/command-result/+');
  });

  it('refuses what is not a command topic', () => {
    for (const topic of [
      'platform/v1/command/gw-xian/2161010001',
      'platform/v1/command/gw-xian/2161010001/siren-1/extra',
      'platform/v1/command/gw-xian//siren-1',
      'platform/v1/uplink/gw-xian/2161010001/siren-1',
      'platform/v1/commandx/gw-xian/2161010001/siren-1',
    ]) {
      expect(parseGatewayCommandTopic(topic), topic).toBeUndefined();
    }
  });

  it('finds the gateway that serves a school', () => {
    const gateways = [
      { id: 'gw-a', schools: ['1', '2'] },
      { id: 'gw-b', schools: ['3'] },
    ];
    expect(gatewayServing(gateways, '3')?.id).toBe('gw-b');
    expect(gatewayServing(gateways, '9')).toBeUndefined();
  });

  it('carries the command with its deadline, strictly', () => {
    const message = gatewayCommandMessage(
      { id: 'act-1', command: 'sound', params: { mode: 'fire' }, at: 1000 },
      11_000,
    );
    expect(message).toEqual({
      v: 1,
      id: 'act-1',
      command: 'sound',
      params: { mode: 'fire' },
      at: 1000,
      deadline: 11_000,
    });
    expect(gatewayCommandMessageSchema.parse(JSON.parse(JSON.stringify(message)))).toEqual(message);
    expect(gatewayCommandMessageSchema.safeParse({ ...message, command: 'explode' }).success).toBe(false);
    expect(gatewayCommandMessageSchema.safeParse({ ...message, extra: 1 }).success).toBe(false);
    expect(gatewayCommandResultSchema.safeParse({ v: 1, id: 'act-1', result: 'acknowledged' }).success).toBe(
      true,
    );
    expect(gatewayCommandResultSchema.safeParse({ v: 1, id: 'act-1', result: 'sent' }).success).toBe(false);
  });
});
