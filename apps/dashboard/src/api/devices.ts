import type { Device, DeviceStatus, ItemList, RiskPoint } from '@campus/api-contract';
import { api } from './http';
import { queryString } from './query';

// The wire types are libs/api-contract's, shared with the backend (docs/alerting.md).
export {
  DEVICE_STATUSES,
  RISK_GRADES,
  type Device,
  type DeviceStatus,
  type PlaceView as DeviceLocation,
  type RiskGrade,
  type RiskPoint,
} from '@campus/api-contract';

/** Devices of `org` (default: the user's org), optionally only those with `status`. */
export const listDevices = (org: string | null, status?: DeviceStatus) =>
  api<ItemList<Device>>('GET', `/api/devices${queryString({ org, status })}`).then((r) => r.items);

/** The risk register of one school (or of the user's whole org when `school` is null). */
export const listRiskPoints = (school: string | null) =>
  api<ItemList<RiskPoint>>('GET', `/api/risk-points${queryString({ school })}`).then((r) => r.items);
