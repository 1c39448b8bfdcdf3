import { parseSites } from '@campus/device-protocols';
import { sitesYaml } from '@campus/test-kit';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_BY_ID } from '../rules/default-rules';
import { parseRuleConfig } from '../rules/rule-config';
import { makeAlert } from '../testing/alert-builder';
import { linkageDevices, planActions } from './action-plan';
import type { RuleAction } from './rule-actions';

const SCHOOL = '2161010001';
const place = (building: string, floor: number, room: string) => ({ building, floor, room, use: 'lab' });
const sites = parseSites(
  sitesYaml({
    schools: [
      {
        code: SCHOOL,
        name: '雁塔区第一小学',
        devices: [
          { id: 'z2m-1', kind: 'zigbee_bridge', protocol: 'zigbee2mqtt', secret: 's' },
          { id: 'smk-lab', kind: 'smoke_detector', secret: 's', location: place('实验楼', 2, '化学实验室') },
          { id: 'sos-gate', kind: 'one_key_alarm', secret: 's', location: place('东门', 1, '门卫室') },
          { id: 'cam-lab', kind: 'camera', secret: 's', location: place('实验楼', 1, '走廊') },
          {
            id: 'siren-lab-1',
            kind: 'siren',
            via: { bridge: 'z2m-1', name: 'lab_siren_1' },
            location: place('实验楼', 1, '大厅'),
          },
          { id: 'siren-lab-3', kind: 'siren', secret: 's', location: place('实验楼', 3, '走廊') },
          { id: 'siren-teach', kind: 'siren', secret: 's', location: place('教学楼', 1, '大厅') },
          {
            id: 'lock-lab-2',
            kind: 'door_lock',
            via: { bridge: 'z2m-1', name: 'fire_door_2f' },
            location: place('实验楼', 2, '防火门'),
          },
          { id: 'lock-lab-1', kind: 'door_lock', secret: 's', location: place('实验楼', 1, '正门') },
          { id: 'spk', kind: 'broadcast_speaker', secret: 's', location: place('教学楼', 1, '广播室') },
          { id: 'lights-lab', kind: 'relay', secret: 's', location: place('实验楼', 2, '走廊照明') },
        ],
      },
      {
        code: '2161010002',
        name: '雁塔区第二小学',
        devices: [{ id: 'siren-other', kind: 'siren', secret: 's', location: place('实验楼', 2, '走廊') }],
      },
    ],
  }),
  'test sites',
);
const alert = (type: string, device: string | null, rule = `default:${type}`) =>
  makeAlert({ id: 'a1', openedAt: '2026-12-07T10:00:00.000Z', type, device, rule });
const actionsOf = (id: string): RuleAction[] => DEFAULT_RULE_BY_ID.get(id)?.actions ?? [];

describe('the default pack', () => {
  it('sounds every siren of the building of a smoke or fire alert, mode fire — not another building or school', () => {
    for (const type of ['smoke', 'fire']) {
      const plan = planActions(alert(type, 'smk-lab'), actionsOf(`default:${type}`), sites);
      expect(plan).toEqual([
        {
          device: 'siren-lab-1',
          deviceKind: 'siren',
          command: 'sound',
          params: { mode: 'fire' },
          confirm: false,
        },
        {
          device: 'siren-lab-3',
          deviceKind: 'siren',
          command: 'sound',
          params: { mode: 'fire' },
          confirm: false,
        },
      ]);
    }
  });

  it('sounds the building’s sirens in mode emergency for an sos', () => {
    const plan = planActions(alert('sos', 'smk-lab'), actionsOf('default:sos'), sites);
    expect(plan.map((p) => [p.device, p.params.mode])).toEqual([
      ['siren-lab-1', 'emergency'],
      ['siren-lab-3', 'emergency'],
    ]);
  });

  it('has nothing to sound in a building without sirens, and no actions for other alert types', () => {
    expect(planActions(alert('sos', 'sos-gate'), actionsOf('default:sos'), sites)).toEqual([]);
    for (const id of ['default:gas', 'default:intrusion', 'default:heat', 'default:device_offline']) {
      expect(actionsOf(id), id).toEqual([]);
    }
  });

  it('widens to the school when the alert has no device', () => {
    const plan = planActions(alert('fire', null), actionsOf('default:fire'), sites);
    expect(plan.map((p) => p.device)).toEqual(['siren-lab-1', 'siren-lab-3', 'siren-teach']);
  });
});

describe('rule actions', () => {
  const rules = parseRuleConfig(
    [
      {
        id: 'lab-intrusion',
        kind: 'event',
        match: { eventTypes: ['intrusion'] },
        alert: { type: 'intrusion', severity: 'high' },
        actions: [
          { command: 'unlock', deviceKinds: ['door_lock'], scope: 'floor' },
          { command: 'switch_on', devices: ['lights-lab'] },
          { command: 'play', scope: 'school', params: { text: '请勿靠近实验楼' } },
        ],
      },
      {
        id: 'lab-fire-doors',
        kind: 'event',
        match: { eventTypes: ['fire'] },
        alert: { type: 'fire', severity: 'critical' },
        actions: [{ command: 'unlock', deviceKinds: ['door_lock'], scope: 'floor' }],
      },
    ],
    { sites },
  );
  const rule = (id: string) => rules.find((r) => r.id === id)!.actions!;

  it('picks the devices of the scope that take the command, and holds an unlock on an intrusion for a person', () => {
    const plan = planActions(alert('intrusion', 'smk-lab', 'lab-intrusion'), rule('lab-intrusion'), sites);
    expect(plan).toEqual([
      { device: 'lock-lab-2', deviceKind: 'door_lock', command: 'unlock', params: {}, confirm: true },
      { device: 'lights-lab', deviceKind: 'relay', command: 'switch_on', params: {}, confirm: false },
      {
        device: 'spk',
        deviceKind: 'broadcast_speaker',
        command: 'play',
        params: { text: '请勿靠近实验楼' },
        confirm: false,
      },
    ]);
  });

  it('releases the fire doors of the floor on a fire without asking', () => {
    const plan = planActions(alert('fire', 'smk-lab', 'lab-fire-doors'), rule('lab-fire-doors'), sites);
    expect(plan).toEqual([
      { device: 'lock-lab-2', deviceKind: 'door_lock', command: 'unlock', params: {}, confirm: false },
    ]);
  });

  it('an override may turn the default sirens off', () => {
    const quiet = parseRuleConfig([{ id: 'default:smoke', actions: [] }], { sites });
    expect(quiet.find((r) => r.id === 'default:smoke')?.actions).toEqual([]);
  });
});

describe('the 联动 panel', () => {
  it('lists the actuators of the alert’s building, same floor first, and the school’s speakers', () => {
    const devices = linkageDevices(alert('smoke', 'smk-lab'), sites);
    expect(devices.map((d) => [d.id, d.sameFloor])).toEqual([
      ['lock-lab-2', true],
      ['lights-lab', true],
      ['spk', false],
      ['lock-lab-1', false],
      ['siren-lab-1', false],
      ['siren-lab-3', false],
    ]);
    expect(devices.find((d) => d.id === 'lock-lab-2')?.commands).toEqual(['unlock', 'lock']);
  });
});
