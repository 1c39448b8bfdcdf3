import type { RiskGrade } from '@campus/device-protocols';
import type { Alert } from '../domain/alert';
import { locationView, type LocationView, type SiteDirectory } from '../devices/site-directory';

/**
 * The Alert as REST answers and socket.io events carry it: every Alert field unchanged (docs/alerting.md)
 * plus names and the device's place from the sites file (plan §A, additive).
 */
export interface AlertView extends Alert {
  schoolName: string | null;
  countyName: string | null;
  cityName: string | null;
  /** Null when the alert has no device (or the sites file no longer has it). */
  deviceKind: string | null;
  location: LocationView | null;
  /** The device's risk-point grade from the sites file. */
  risk: RiskGrade | null;
}

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
