import { buildCommand, parseSites } from '@campus/device-protocols';
import { sitesYaml } from '@campus/test-kit';
import { describe, expect, it } from 'vitest';
import { sendCommand, type CommandTransport } from './command-sender';

const sites = parseSites(
  sitesYaml({
    schools: [{ code: '2161010001', name: '一小', devices: [{ id: 'relay-1', kind: 'relay', secret: 's' }] }],
  }),
  'test sites',
);
const request = () => {
  const built = buildCommand(sites, 'relay-1', { id: 'act-1', command: 'switch_on', params: {}, at: 0 });
  if (!built.ok) throw new Error(built.error);
  return built.request;
};

/** A broker in memory: what was published, and a way to answer on a topic. */
function memoryBroker(
  onPublish: (topic: string, answer: (payload: unknown) => void) => void,
): CommandTransport & {
  listeners: Map<string, (payload: Uint8Array) => void>;
} {
  const listeners = new Map<string, (payload: Uint8Array) => void>();
  const answer = (topic: string) => (payload: unknown) =>
    listeners.get(topic)?.(new TextEncoder().encode(JSON.stringify(payload)));
  return {
    listeners,
    publish: async (topic) => onPublish(topic, answer(`${topic}/ack`)),
    subscribe: async (topic, onMessage) => {
      listeners.set(topic, onMessage);
      return async () => void listeners.delete(topic);
    },
  };
}

describe('sendCommand', () => {
  it('listens before publishing, so an answer at once is not missed; stops listening after', async () => {
    const broker = memoryBroker((_topic, answer) => answer({ id: 'act-1', ok: true }));
    expect(await sendCommand(broker, request(), 5_000)).toEqual({ result: 'acknowledged' });
    expect(broker.listeners.size).toBe(0);
  });

  it('reports the device’s refusal', async () => {
    const broker = memoryBroker((_topic, answer) => answer({ id: 'act-1', ok: false, error: 'jammed' }));
    expect(await sendCommand(broker, request(), 5_000)).toEqual({ result: 'failed', error: 'jammed' });
  });

  it('ignores other commands’ answers and times out', async () => {
    const broker = memoryBroker((_topic, answer) => answer({ id: 'act-2', ok: true }));
    expect(await sendCommand(broker, request(), 50)).toEqual({ result: 'timeout' });
  });

  it('fails, without throwing, when the broker refuses the publish', async () => {
    const broker = memoryBroker(() => {
      throw new Error('broker closed');
    });
    expect(await sendCommand(broker, request(), 5_000)).toEqual({
      result: 'failed',
      error: 'not sent: broker closed',
    });
  });
});
