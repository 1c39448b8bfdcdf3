import type {
  DeviceCreateBody,
  DeviceEnrolment,
  DeviceImportReport,
  DevicePatchBody,
  ProvisionedDevice,
  RegistryDevice,
  RegistryDeviceList,
} from '@campus/api-contract';
import { api } from './http';

// The wire types are libs/api-contract's, shared with the backend (docs/registry.md).
export {
  DEVICE_PROTOCOLS,
  type DeviceConnection,
  type DeviceCreateBody,
  type DeviceEnrolment,
  type DeviceImportReport,
  type DeviceImportRow,
  type DevicePatchBody,
  type DeviceProtocol,
  type ProvisionedDevice,
  type RegistryDevice,
  type RegistryDeviceLocation,
} from '@campus/api-contract';

const path = (id: string) => `/api/devices/${encodeURIComponent(id)}`;

/** A school's devices as the registry holds them (no credentials). */
export const listRegistryDevices = (school: string) =>
  api<RegistryDeviceList>('GET', `/api/devices/registry?school=${encodeURIComponent(school)}`).then(
    (r) => r.items,
  );

/** Adds a device: the answer carries its secret, once. */
export const addDevice = (body: DeviceCreateBody) => api<ProvisionedDevice>('POST', '/api/devices', body);

export const updateDevice = (id: string, patch: DevicePatchBody) =>
  api<RegistryDevice>('PATCH', path(id), patch);

export const retireDevice = (id: string) => api<void>('DELETE', path(id));

/** A new secret, once; the old one is refused from the device's next connection. */
export const rotateSecret = (id: string) => api<ProvisionedDevice>('POST', `${path(id)}/secret`);

/** A one-time code valid 24 h, exchanged by the installer at POST /api/enrol. */
export const issueEnrolment = (id: string) => api<DeviceEnrolment>('POST', `${path(id)}/enrolment`);

/** Bulk import of a CSV file: a dry run unless `apply`. */
export const importDevices = (school: string, csv: string, apply: boolean) =>
  api<DeviceImportReport>(
    'POST',
    `/api/schools/${encodeURIComponent(school)}/devices/import${apply ? '?apply=1' : ''}`,
    new Blob([csv], { type: 'text/csv' }),
  );
