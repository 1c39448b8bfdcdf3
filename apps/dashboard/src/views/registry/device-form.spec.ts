import { describe, expect, it } from 'vitest';
import {
  createBodyOf,
  emptyDeviceForm,
  formOf,
  formProblems,
  patchBodyOf,
  placeOf,
  protocolForKind,
} from './device-form';

describe('device form', () => {
  it('asks for an id and a kind, a whole floor, and a bridge with its name', () => {
    expect(formProblems(emptyDeviceForm(), true)).toEqual(['id', 'kind']);
    const f = {
      ...emptyDeviceForm(),
      id: 'smk 1',
      kind: 'smoke_detector' as const,
      floor: '2.5',
      bridge: 'z2m-1',
    };
    expect(formProblems(f, true)).toEqual(['id', 'floor', 'bridge']);
    expect(formProblems({ ...f, id: 'x' }, false)).toEqual(['floor', 'bridge']);
  });

  it('builds the create body with only what was filled in', () => {
    const f = {
      ...emptyDeviceForm(),
      id: ' smk-9 ',
      kind: 'smoke_detector' as const,
      building: '实验楼',
      floor: '2',
      use: 'lab' as const,
      risk: 'red' as const,
    };
    expect(createBodyOf(f, '2161010001')).toEqual({
      school: '2161010001',
      id: 'smk-9',
      kind: 'smoke_detector',
      location: { building: '实验楼', floor: 2, use: 'lab' },
      risk: 'red',
    });
    expect(
      createBodyOf(
        { ...emptyDeviceForm(), id: 'd', kind: 'door_contact', bridge: 'z', bridgeName: 'door' },
        'S',
      ),
    ).toEqual({
      school: 'S',
      id: 'd',
      kind: 'door_contact',
      via: { bridge: 'z', name: 'door' },
    });
  });

  it('patches every field, clearing the emptied ones, and round-trips a device', () => {
    const d = {
      id: 'smk-1',
      school: 'S',
      kind: 'smoke_detector' as const,
      protocol: 'native' as const,
      location: { building: 'A', floor: 0 },
      risk: 'blue' as const,
      via: null,
      baseTopic: null,
      address: null,
      restrictedZones: null,
      hasSecret: true,
    };
    const form = formOf(d);
    expect(form.floor).toBe('0');
    expect(patchBodyOf({ ...form, risk: '' })).toEqual({
      kind: 'smoke_detector',
      location: { building: 'A', floor: 0 },
      risk: null,
      via: null,
    });
  });

  it('knows the protocol of bridges and panels', () => {
    expect(protocolForKind('zigbee_bridge')).toBe('zigbee2mqtt');
    expect(protocolForKind('nvr')).toBe('frigate');
    expect(protocolForKind('fire_alarm_panel')).toBe('gb26875');
    expect(protocolForKind('smoke_detector')).toBe('native');
  });
});

describe('placeOf', () => {
  it('fills the absent parts with null', () => {
    expect(placeOf({ building: 'A' })).toEqual({ building: 'A', floor: null, room: null, use: null });
    expect(placeOf(null)).toBeNull();
  });
});
