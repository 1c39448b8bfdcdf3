import type { Alert as WireAlert } from '@campus/api-contract';
import type { Alert } from '../domain/alert';
import { locationView, type SiteDirectory } from '../devices/site-directory';

/**
 * The Alert as REST answers and socket.io events carry it: every Alert field unchanged (docs/alerting.md)
 * plus names and the device's place from the sites file (additive): the wire type of libs/api-contract.
 */
export type AlertView = WireAlert;

/** Adds the sites-file fields to an alert. Pure; unknown codes and devices give nulls. */
export function alertView(alert: Alert, directory: SiteDirectory): AlertView {
  const device = directory.device(alert.device);
  return {
    ...alert,
    schoolName: directory.nameOf(alert.school),
    countyName: directory.nameOf(alert.county),
    cityName: directory.nameOf(alert.city),
    deviceKind: device?.kind ?? null,
    location: locationView(device?.location),
    risk: device?.risk ?? null,
  };
}
