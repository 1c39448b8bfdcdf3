import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { CentralCommands, type CentralBrokerPort } from './central-commands';

const command = { id: 'act-1', command: 'sound' as const, params: { mode: 'fire' as const }, at: 1000 };
const address = { gatewayId: 'gw-a', school: '2161010001', device: 'siren-1' };
const result = (r: Record<string, unknown>) => Buffer.from(JSON.stringify({ v: 1, id: 'act-1', ...r }));

function broker(onPublish: (topic: string, payload: Record<string, unknown>) => void): CentralBrokerPort {
  return {
    ready: async () => undefined,
    publish: async (topic, payload) => onPublish(topic, JSON.parse(payload) as Record<string, unknown>),
  };
}

describe('CentralCommands', () => {
  it('publishes on the gateway’s topic with the deadline and records the gateway’s result by id', async () => {
    const published: { topic: string; payload: Record<string, unknown> }[] = [];
    const relay: CentralCommands = new CentralCommands(
      broker((topic, payload) => {
        published.push({ topic, payload });
        relay.receive(Buffer.from(JSON.stringify({ v: 1, id: 'act-other', result: 'failed' }))); // not ours
        relay.receive(result({ result: 'acknowledged' }));
      }),
      pino({ level: 'silent' }),
      () => 50_000,
    );
    expect(await relay.send(address, command, 5_000)).toEqual({ result: 'acknowledged' });
    expect(published).toEqual([
      {
        topic: 'platform/v1/command/gw-a/2161010001/siren-1',
        payload: {
          v: 1,
          id: 'act-1',
          command: 'sound',
          params: { mode: 'fire' },
          at: 1000,
          deadline: 55_000,
        },
      },
    ]);
  });

  it('records a refusal with the gateway’s reason', async () => {
    const relay: CentralCommands = new CentralCommands(
      broker(() =>
        relay.receive(result({ result: 'failed', error: 'gateway gw-a does not serve school 1' })),
      ),
      pino({ level: 'silent' }),
    );
    expect(await relay.send(address, command, 5_000)).toEqual({
      result: 'failed',
      error: 'gateway gw-a does not serve school 1',
    });
  });

  it('times out when no result comes (a gateway offline), and ignores a result after that', async () => {
    const relay = new CentralCommands(
      broker(() => undefined),
      pino({ level: 'silent' }),
    );
    expect(await relay.send(address, command, 50)).toEqual({ result: 'timeout' });
    expect(() => relay.receive(result({ result: 'acknowledged' }))).not.toThrow();
  });

  it('fails, without throwing, when the central broker refuses the publish', async () => {
    const relay = new CentralCommands(
      {
        ready: async () => undefined,
        publish: async () => {
          throw new Error('not authorised');
        },
      },
      pino({ level: 'silent' }),
    );
    expect(await relay.send(address, command, 5_000)).toEqual({
      result: 'failed',
      error: 'not sent to gateway gw-a: not authorised',
    });
  });
});
