import { describe, expect, it } from 'vitest';
import { registryDocument } from '../../testing/registry-document.fixture';
import { RegistryValidationError } from '../registry-store';
import {
  addDevice,
  deviceEntryOf,
  patchDevice,
  registryDeviceOf,
  retireDevice,
  schoolDevices,
  setDeviceSecret,
} from './devices';
import { checkDocument, findDevice } from './sites-document';

const A = '2161010001';
const smoke = deviceEntryOf({
  id: 'smk-new',
  kind: 'smoke_detector',
  risk: 'red',
  location: { building: '实验楼', floor: 3 },
});

describe('device transforms', () => {
  it('adds a device to a school, leaving the given document as it was', () => {
    const doc = registryDocument();
    const before = JSON.stringify(doc);
    const next = addDevice(doc, A, { ...smoke, secret: 'generated-secret-0123456789' });
    expect(JSON.stringify(doc)).toBe(before);
    expect(findDevice(next, 'smk-new')?.school.code).toBe(A);
    expect(checkDocument(next).deviceById.get('smk-new')).toMatchObject({
      kind: 'smoke_detector',
      risk: 'red',
    });
  });

  it('refuses an unknown school and a taken id with what to do', () => {
    const doc = registryDocument();
    expect(() => addDevice(doc, '2169999999', smoke)).toThrow(/no school 2169999999.*add it first/);
    expect(() => addDevice(doc, A, { ...smoke, id: 'smk-0002' })).toThrow(
      /"smk-0002" is taken by a device of school 2161010002/,
    );
    expect(() => addDevice(doc, A, { ...smoke, id: 'smk-0002' })).toThrow(RegistryValidationError);
  });

  it('patches fields, a null removing one', () => {
    const next = patchDevice(registryDocument(), 'smk-0001', {
      risk: null,
      location: { building: '新楼', use: 'lab' },
    });
    const d = schoolDevices(next, A).find((x) => x.id === 'smk-0001');
    expect(d).toMatchObject({ risk: null, location: { building: '新楼', use: 'lab' } });
    expect(() => patchDevice(registryDocument(), 'nope', { risk: 'red' })).toThrow(/no device nope/);
  });

  it('retires a device', () => {
    const next = retireDevice(registryDocument(), 'sos-0001');
    expect(findDevice(next, 'sos-0001')).toBeUndefined();
    expect(schoolDevices(next, A).map((d) => d.id)).toEqual(['smk-0001', 'off-0001']);
  });

  it('sets a new plain secret in place of a hash, and refuses a device behind a bridge', () => {
    const next = setDeviceSecret(registryDocument(), 'smk-0001', 'rotated-0123456789abcdef');
    expect(findDevice(next, 'smk-0001')?.entry).toMatchObject({ secret: 'rotated-0123456789abcdef' });
    const bridged = addDevice(
      addDevice(registryDocument(), A, {
        id: 'z2m-1',
        kind: 'zigbee_bridge',
        protocol: 'zigbee2mqtt',
        secret: 'x',
      }),
      A,
      { id: 'door-1', kind: 'door_contact', via: { bridge: 'z2m-1', name: 'door_1' } },
    );
    expect(() => setDeviceSecret(bridged, 'door-1', 's')).toThrow(/behind a bridge/);
  });

  it('views a device without its credentials', () => {
    const view = registryDeviceOf({ ...smoke, secret: 'x', secretHash: 'y' }, A);
    expect(view).toEqual({
      id: 'smk-new',
      school: A,
      kind: 'smoke_detector',
      protocol: 'native',
      location: { building: '实验楼', floor: 3 },
      risk: 'red',
      via: null,
      baseTopic: null,
      address: null,
      restrictedZones: null,
      hasSecret: true,
    });
    expect(JSON.stringify(view)).not.toMatch(/secret"/);
  });
});
