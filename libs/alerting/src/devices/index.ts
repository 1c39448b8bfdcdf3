export { DevicesController } from './devices.controller';
export { DevicesService } from './devices.service';
export { DEVICE_STATUSES, deviceListQuerySchema, type DeviceStatus } from './device.schemas';
export { deviceView, type DeviceView } from './device-view';
export {
  eventDayKey,
  FAULT_CLEARED_EVENTS,
  FAULT_EVENTS,
  isLowBattery,
  LOW_BATTERY_PERCENT,
  reduceDeviceState,
} from './device-state-reducer';
export {
  DeviceStateTracker,
  type DeviceStateStore,
  type DeviceStateTrackerOptions,
} from './device-state-tracker';
export { withDeviceState, type WithDeviceStateOptions } from './uplink-device-state';
export { locationView, SiteDirectory, type LocationView, type OrgEntry } from './site-directory';
