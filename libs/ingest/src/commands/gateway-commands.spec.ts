import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { parseSites, type CommandTransport } from '@campus/device-protocols';
import { sitesYaml } from '@campus/test-kit';
import { ServedSchools } from '../config/served-schools';
import { checkGatewayCommand, GatewayCommands, RecentIds } from './gateway-commands';

const A = '2161010001';
const B = '2161010002';
const sites = parseSites(
  sitesYaml({
    schools: [
      {
        code: A,
        name: '一小',
        devices: [
          { id: 'z2m-1', kind: 'zigbee_bridge', protocol: 'zigbee2mqtt', baseTopic: 'z2m-a', secret: 's' },
          { id: 'siren-1', kind: 'siren', via: { bridge: 'z2m-1', name: 'lab_siren' } },
          { id: 'smk-1', kind: 'smoke_detector', secret: 's' },
        ],
      },
      { code: B, name: '二中', devices: [{ id: 'relay-b', kind: 'relay', secret: 's' }] },
    ],
  }),
  'test sites',
);
const served = ServedSchools.of([A], sites);
const NOW = 1_764_300_000_000;
const message = (over: Record<string, unknown> = {}): Buffer =>
  Buffer.from(
    JSON.stringify({
      v: 1,
      id: 'act-1',
      command: 'sound',
      params: { mode: 'fire' },
      at: NOW,
      deadline: NOW + 5_000,
      ...over,
    }),
  );
const check = (topic: string, payload: Buffer = message()) =>
  checkGatewayCommand({ gatewayId: 'gw-a', served, sites, topic, payload, now: NOW });

describe('checkGatewayCommand', () => {
  it('relays a command for a device of a school it serves, through the protocol’s channel', () => {
    const checked = check(`platform/v1/command/gw-a/${A}/siren-1`);
    expect(checked.kind).toBe('relay');
    if (checked.kind !== 'relay') return;
    expect(checked.request.topic).toBe('z2m-a/lab_siren/set');
    expect(JSON.parse(checked.request.payload)).toEqual({
      warning: { mode: 'fire', level: 'very_high', strobe: true, duration: 120 },
    });
    expect(checked.deadline).toBe(NOW + 5_000);
  });

  it('refuses, with the reason, a school it does not serve, a device not of that school, a command the device does not take', () => {
    const refusal = (topic: string, payload: Buffer = message()) => {
      const checked = check(topic, payload);
      return checked.kind === 'refuse' ? checked.error : checked.kind;
    };
    expect(refusal(`platform/v1/command/gw-a/${B}/relay-b`)).toMatch(
      /^gateway gw-a does not serve school 2161010002 \(GATEWAY_SCHOOLS=2161010001\)/,
    );
    expect(refusal(`platform/v1/command/gw-a/${A}/relay-b`)).toBe(
      'no device relay-b of school 2161010001 at gateway gw-a',
    );
    expect(refusal(`platform/v1/command/gw-b/${A}/siren-1`)).toBe(
      'the command is for gateway gw-b, not gw-a',
    );
    expect(refusal(`platform/v1/command/gw-a/${A}/smk-1`)).toMatch(/a smoke_detector takes no commands/);
    expect(refusal(`platform/v1/command/gw-a/${A}/siren-1`, message({ params: { mode: 'party' } }))).toMatch(
      /^sound: /,
    );
  });

  it('drops what it cannot answer, and a command whose deadline has passed', () => {
    expect(check(`platform/v1/command/gw-a/${A}/siren-1`, Buffer.from('nope')).kind).toBe('drop');
    expect(check(`platform/v1/command/gw-a/${A}/siren-1`, message({ id: undefined })).kind).toBe('drop');
    expect(check(`platform/v1/command/gw-a/${A}/siren-1`, message({ deadline: NOW })).kind).toBe('drop');
  });
});

describe('RecentIds', () => {
  it('says new once per id, and forgets the oldest beyond its capacity', () => {
    const ids = new RecentIds(2);
    expect(ids.remember('a')).toBe(true);
    expect(ids.remember('a')).toBe(false);
    expect(ids.remember('b')).toBe(true);
    expect(ids.remember('c')).toBe(true);
    expect(ids.remember('b')).toBe(false);
    expect(ids.remember('a')).toBe(true);
  });
});

describe('GatewayCommands', () => {
  const setup = (answer: boolean) => {
    const sent: string[] = [];
    const results: { topic: string; payload: unknown }[] = [];
    const listeners = new Map<string, (payload: Uint8Array) => void>();
    const devices: CommandTransport = {
      publish: async (topic) => {
        sent.push(topic);
        if (answer) listeners.get('z2m-a/lab_siren')?.(Buffer.from('{"battery":90}'));
      },
      subscribe: async (topic, onMessage) => {
        listeners.set(topic, onMessage);
        return async () => void listeners.delete(topic);
      },
    };
    const commands = new GatewayCommands({
      gatewayId: 'gw-a',
      served,
      sites,
      devices,
      publishResult: async (topic, payload) => void results.push({ topic, payload: JSON.parse(payload) }),
      logger: pino({ level: 'silent' }),
      now: () => Date.now(),
    });
    return { commands, sent, results };
  };
  const fresh = (over: Record<string, unknown> = {}) =>
    message({ at: Date.now(), deadline: Date.now() + 200, ...over });

  it('relays once, even when QoS 1 delivers the command twice, and publishes the answer', async () => {
    const { commands, sent, results } = setup(true);
    const topic = `platform/v1/command/gw-a/${A}/siren-1`;
    const payload = fresh();
    commands.receive(topic, payload);
    commands.receive(topic, payload);
    await commands.settled();
    expect(sent).toEqual(['z2m-a/lab_siren/set']);
    expect(results).toEqual([
      { topic: 'platform/v1/command-result/gw-a', payload: { v: 1, id: 'act-1', result: 'acknowledged' } },
    ]);
  });

  it('answers a timeout at the deadline, and a refusal at once', async () => {
    const { commands, sent, results } = setup(false);
    commands.receive(`platform/v1/command/gw-a/${A}/siren-1`, fresh());
    commands.receive(`platform/v1/command/gw-a/${B}/relay-b`, fresh({ id: 'act-2' }));
    await commands.settled();
    expect(sent).toEqual(['z2m-a/lab_siren/set']);
    expect(results.map((r) => r.payload)).toEqual([
      expect.objectContaining({
        id: 'act-2',
        result: 'failed',
        error: expect.stringMatching(/does not serve/),
      }),
      { v: 1, id: 'act-1', result: 'timeout' },
    ]);
  });
});
