import type { DeviceCreateBody, DevicePatchBody, RegistryDevice } from '@campus/api-contract';
import { RegistryValidationError, type SitesDocument } from '../registry-store';
import { copyOf, devicesOf, findDevice, findSchool, type DocEntry } from './sites-document';

/**
 * Pure changes of a school's devices in the sites document (docs/registry.md). Each returns a new
 * document; the store checks the result whole. The errors here are the ones an installer can fix
 * from the message: an unknown school, a taken id, an unknown device.
 */

/** The device entry a create body stands for (the sites file's keys; no secret yet). */
export function deviceEntryOf(body: Omit<DeviceCreateBody, 'school'>): DocEntry {
  const entry: DocEntry = { id: body.id, kind: body.kind };
  if (body.protocol !== undefined && body.protocol !== 'native') entry['protocol'] = body.protocol;
  if (body.location !== undefined && Object.keys(body.location).length > 0) entry['location'] = body.location;
  if (body.risk !== undefined) entry['risk'] = body.risk;
  if (body.via !== undefined) entry['via'] = body.via;
  if (body.baseTopic !== undefined) entry['baseTopic'] = body.baseTopic;
  if (body.address !== undefined) entry['address'] = body.address;
  if (body.restrictedZones !== undefined) entry['restrictedZones'] = body.restrictedZones;
  return entry;
}

/** Whether a device entry logs in to MQTT with a secret: not behind a bridge, not a GB/T 26875 panel. */
export function needsSecret(entry: DocEntry): boolean {
  return entry['via'] === undefined && entry['protocol'] !== 'gb26875';
}

/** Adds devices to a school (`secret` in an entry is hashed by the store on the way in). */
export function addDevices(doc: SitesDocument, school: string, added: readonly DocEntry[]): SitesDocument {
  const next = copyOf(doc);
  const target = findSchool(next, school);
  if (target === undefined)
    throw new RegistryValidationError(
      'school',
      `no school ${school} in the registry: add it first (POST /api/orgs)`,
    );
  for (const entry of added) {
    const id = String(entry['id']);
    const taken = findDevice(next, id);
    if (taken !== undefined)
      throw new RegistryValidationError(
        'id',
        `device id "${id}" is taken by a device of school ${taken.school.code}: ids are unique in the province, choose another`,
      );
    target.entry['devices'] = [...devicesOf(target.entry), structuredClone(entry)];
  }
  return next;
}

export function addDevice(doc: SitesDocument, school: string, entry: DocEntry): SitesDocument {
  return addDevices(doc, school, [entry]);
}

function deviceOrThrow(doc: SitesDocument, id: string) {
  const found = findDevice(doc, id);
  if (found === undefined) throw new RegistryValidationError('id', `no device ${id} in the registry`);
  return found;
}

/** Replaces the fields the patch gives; a null removes the field. */
export function patchDevice(doc: SitesDocument, id: string, patch: DevicePatchBody): SitesDocument {
  const next = copyOf(doc);
  const { entry } = deviceOrThrow(next, id);
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) delete entry[key];
    else entry[key] = value;
  }
  return next;
}

/** Retires a device: it leaves the registry (its history keeps it). */
export function retireDevice(doc: SitesDocument, id: string): SitesDocument {
  const next = copyOf(doc);
  const { school, index } = deviceOrThrow(next, id);
  const devices = devicesOf(school.entry);
  devices.splice(index, 1);
  school.entry['devices'] = devices;
  return next;
}

/** Gives a device a new secret (the old one stops working at its next CONNECT). */
export function setDeviceSecret(doc: SitesDocument, id: string, secret: string): SitesDocument {
  const next = copyOf(doc);
  const { entry } = deviceOrThrow(next, id);
  if (!needsSecret(entry))
    throw new RegistryValidationError(
      'id',
      `device ${id} has no secret of its own (it is behind a bridge or a GB/T 26875 panel): rotate its bridge's secret instead`,
    );
  delete entry['secretHash'];
  entry['secret'] = secret;
  return next;
}

/** The wire view of a device entry (credentials left out). */
export function registryDeviceOf(entry: DocEntry, school: string): RegistryDevice {
  const opt = <T>(key: string): T | null => (entry[key] === undefined ? null : (entry[key] as T));
  return {
    id: String(entry['id']),
    school,
    kind: entry['kind'] as RegistryDevice['kind'],
    protocol: (entry['protocol'] as RegistryDevice['protocol'] | undefined) ?? 'native',
    location: opt('location'),
    risk: opt('risk'),
    via: opt('via'),
    baseTopic: opt('baseTopic'),
    address: opt('address'),
    restrictedZones: opt('restrictedZones'),
    hasSecret: needsSecret(entry),
  };
}

/** The devices of a school, in document order. */
export function schoolDevices(doc: SitesDocument, school: string): RegistryDevice[] {
  const found = findSchool(doc, school);
  return found === undefined ? [] : devicesOf(found.entry).map((d) => registryDeviceOf(d, school));
}
