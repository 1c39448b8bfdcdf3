import type { PlaceView } from './common';
import type { DeviceCommandName, DeviceKind, SirenMode } from './vocabulary';

/**
 * Linkage (物物联动, docs/alerting.md "Linkage"): commands to devices run for an alert — by its
 * rule when it opens, or by a person from the alert detail.
 */

/**
 * Where an action stands: `awaiting_confirmation` (proposed, waits for a person: the safety list),
 * `sent` (on the broker, no answer yet), then `acknowledged` (the device did it), `failed` (refused,
 * or it could not be sent) or `timeout` (no answer in time).
 */
export const ACTION_RESULTS = ['awaiting_confirmation', 'sent', 'acknowledged', 'failed', 'timeout'] as const;
export type ActionResult = (typeof ACTION_RESULTS)[number];

/** A command's parameters: a siren's `mode` and `duration` (seconds), a broadcast's `text`. */
export interface ActionParams {
  mode?: SirenMode;
  duration?: number;
  text?: string;
}

/** One command to one device for one alert (`GET /api/alerts/{id}/actions`). */
export interface AlertAction {
  id: string;
  alertId: string;
  device: string;
  deviceKind: DeviceKind | null;
  command: DeviceCommandName;
  params: ActionParams;
  result: ActionResult;
  /** The rule that proposed or ran it; null when a person asked for it. */
  rule: string | null;
  /** Who asked (`system` for a rule). */
  requestedBy: string;
  confirmedBy: string | null;
  error: string | null;
  createdAt: string;
  answeredAt: string | null;
}

/** A device that can act for an alert: an actuator of the alert's building (or school), and what it takes. */
export interface LinkageDevice {
  id: string;
  kind: DeviceKind;
  location: PlaceView | null;
  commands: DeviceCommandName[];
  /** Whether it is on the alert device's floor (listed first). */
  sameFloor: boolean;
}

/** `GET /api/alerts/{id}/actions`. */
export interface LinkageAnswer {
  items: AlertAction[];
  devices: LinkageDevice[];
}

/** `POST /api/alerts/{id}/actions`: run a command now (the dashboard asks the person to confirm first). */
export interface RunActionBody {
  device: string;
  command: DeviceCommandName;
  params?: ActionParams;
}
