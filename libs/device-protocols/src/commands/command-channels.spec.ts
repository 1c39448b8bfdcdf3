import { describe, expect, it } from 'vitest';
import { parseSites } from '../sites/parse-sites';
import { baseWith, device } from '../testing/sites.fixture';
import { buildCommand, COMMAND_CHANNELS } from './command-channels';
import { COMMAND_PARAMS_SCHEMAS, DEVICE_COMMANDS, type DeviceCommand } from './device-commands';

const sites = parseSites(
  baseWith({
    14: [
      device('{ id: door-1, kind: door_contact, via: { bridge: z2m-1, name: gate } }'),
      device('{ id: siren-1, kind: siren, via: { bridge: z2m-1, name: lab/siren } }'),
      device('{ id: lock-1, kind: door_lock, via: { bridge: z2m-1, name: fire_door_2f } }'),
      device('{ id: spk-1, kind: broadcast_speaker, via: { bridge: z2m-1, name: speaker } }'),
      device('{ id: relay-1, kind: relay, secret: s }'),
      device('{ id: nsiren-1, kind: siren, secret: s }'),
    ].join('\n'),
  }),
  'test.yaml',
);

const cmd = (command: DeviceCommand['command'], params: DeviceCommand['params'] = {}): DeviceCommand => ({
  id: 'act-1',
  command,
  params,
  at: 1_764_300_000_000,
});
const bytes = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

describe('command channels', () => {
  it('has one channel per protocol that takes commands', () => {
    expect(Object.keys(COMMAND_CHANNELS).sort()).toEqual(['native', 'zigbee2mqtt']);
  });

  it('native: {id, command, params, at} on …/command, answered on …/command/ack by id', () => {
    const built = buildCommand(sites, 'relay-1', cmd('switch_on'));
    if (!built.ok) throw new Error(built.error);
    const { request } = built;
    expect(request.topic).toBe('campus/v1/2161010001/relay-1/command');
    expect(JSON.parse(request.payload)).toEqual({
      id: 'act-1',
      command: 'switch_on',
      params: {},
      at: 1_764_300_000_000,
    });
    expect(request.answerTopic).toBe('campus/v1/2161010001/relay-1/command/ack');
    expect(request.readAnswer(bytes({ id: 'act-1', ok: true }))).toEqual({ ok: true });
    expect(request.readAnswer(bytes({ id: 'act-1', ok: false, error: 'jammed' }))).toEqual({
      ok: false,
      error: 'jammed',
    });
    expect(request.readAnswer(bytes({ id: 'act-1', ok: false }))).toEqual({
      ok: false,
      error: 'refused by the device',
    });
    // another command's answer, or no answer at all
    expect(request.readAnswer(bytes({ id: 'act-2', ok: true }))).toBeUndefined();
    expect(request.readAnswer(bytes('not json'))).toBeUndefined();
    expect(request.readAnswer(bytes({ id: 'act-1' }))).toBeUndefined();
  });

  it('native siren: the parameters travel as given', () => {
    const built = buildCommand(sites, 'nsiren-1', cmd('sound', { mode: 'fire', duration: 60 }));
    expect(built.ok && JSON.parse(built.request.payload)).toMatchObject({
      command: 'sound',
      params: { mode: 'fire', duration: 60 },
    });
  });

  it('Zigbee2MQTT siren: the warning command on {base}/{name}/set, answered by its next state message', () => {
    const built = buildCommand(sites, 'siren-1', cmd('sound', { mode: 'fire' }));
    if (!built.ok) throw new Error(built.error);
    expect(built.request.topic).toBe('zigbee2mqtt/lab/siren/set');
    expect(JSON.parse(built.request.payload)).toEqual({
      warning: { mode: 'fire', level: 'very_high', strobe: true, duration: 120 },
    });
    expect(built.request.answerTopic).toBe('zigbee2mqtt/lab/siren');
    expect(built.request.readAnswer(bytes({ battery: 90, linkquality: 120 }))).toEqual({ ok: true });
    expect(built.request.readAnswer(bytes('online'))).toBeUndefined();

    const emergency = buildCommand(sites, 'siren-1', cmd('sound', { mode: 'emergency', duration: 30 }));
    expect(emergency.ok && JSON.parse(emergency.request.payload)).toEqual({
      warning: { mode: 'emergency', level: 'very_high', strobe: true, duration: 30 },
    });
    const stop = buildCommand(sites, 'siren-1', cmd('silence'));
    expect(stop.ok && JSON.parse(stop.request.payload)).toMatchObject({ warning: { mode: 'stop' } });
  });

  it('Zigbee2MQTT lock and relay: state', () => {
    const unlock = buildCommand(sites, 'lock-1', cmd('unlock'));
    expect(unlock.ok && [unlock.request.topic, JSON.parse(unlock.request.payload)]).toEqual([
      'zigbee2mqtt/fire_door_2f/set',
      { state: 'UNLOCK' },
    ]);
    const lock = buildCommand(sites, 'lock-1', cmd('lock'));
    expect(lock.ok && JSON.parse(lock.request.payload)).toEqual({ state: 'LOCK' });
  });

  it('says why a command cannot be built', () => {
    expect(buildCommand(sites, 'nope', cmd('sound'))).toEqual({
      ok: false,
      error: 'no device "nope" in the sites file',
    });
    const sensor = buildCommand(sites, 'smk-1', cmd('sound'));
    expect(!sensor.ok && sensor.error).toMatch(/^smk-1: a smoke_detector takes no commands/);
    const wrong = buildCommand(sites, 'lock-1', cmd('sound'));
    expect(!wrong.ok && wrong.error).toBe('lock-1: a door_lock takes unlock or lock, not sound');
    const speaker = buildCommand(sites, 'spk-1', cmd('play'));
    expect(!speaker.ok && speaker.error).toMatch(/takes no play command/);
  });

  it('checks parameters strictly, per command', () => {
    for (const c of DEVICE_COMMANDS) expect(COMMAND_PARAMS_SCHEMAS[c].safeParse({}).success).toBe(true);
    expect(COMMAND_PARAMS_SCHEMAS.sound.safeParse({ mode: 'fire', duration: 60 }).success).toBe(true);
    expect(COMMAND_PARAMS_SCHEMAS.sound.safeParse({ mode: 'party' }).success).toBe(false);
    expect(COMMAND_PARAMS_SCHEMAS.unlock.safeParse({ mode: 'fire' }).success).toBe(false);
  });
});
