import {
  COMMANDS_BY_KIND,
  type CommandParams,
  type Device,
  type DeviceCommandName,
  type DeviceKind,
  type Sites,
} from '@campus/device-protocols';
import type { LinkageDevice } from '../domain/action';
import type { Alert } from '../domain/alert';
import type { ActionScope, RuleAction } from './rule-actions';
import { needsConfirmation } from './safety-list';

/** One command for one device, as a rule's actions decide it for an alert. */
export interface PlannedAction {
  device: string;
  deviceKind: DeviceKind;
  command: DeviceCommandName;
  params: CommandParams;
  /** On the safety list, or the rule asks: proposed, not run. */
  confirm: boolean;
}

/**
 * What the rule's actions do for this alert: the devices of the alert's school that take each
 * command, within its scope of the alert's device (or those named), each (device, command) once.
 * Pure: the sites file and the alert in, the plan out.
 */
export function planActions(alert: Alert, actions: readonly RuleAction[], sites: Sites): PlannedAction[] {
  const origin = alert.device === null ? undefined : sites.deviceById.get(alert.device);
  const inSchool = sites.devices.filter((d) => d.org.school === alert.school);
  const planned = new Map<string, PlannedAction>();
  for (const action of actions) {
    const candidates =
      action.devices !== undefined
        ? inSchool.filter((d) => action.devices!.includes(d.id))
        : inSchool.filter(
            (d) => (action.deviceKinds ?? allKinds).includes(d.kind) && withinScope(d, origin, action.scope),
          );
    for (const device of candidates) {
      if (!COMMANDS_BY_KIND[device.kind]?.includes(action.command)) continue;
      const key = `${device.id}\u0000${action.command}`;
      if (planned.has(key)) continue;
      planned.set(key, {
        device: device.id,
        deviceKind: device.kind,
        command: action.command,
        params: action.params,
        confirm: needsConfirmation(alert.type, action.command, action.confirm),
      });
    }
  }
  return [...planned.values()];
}

const allKinds = Object.keys(COMMANDS_BY_KIND) as DeviceKind[];

/**
 * Whether `device` lies within `scope` of `origin`. A place the origin does not have widens the
 * scope (no floor: the building; no building, or no origin: the school).
 */
export function withinScope(device: Device, origin: Device | undefined, scope: ActionScope): boolean {
  const at = origin?.location;
  const here = device.location;
  if (scope === 'school' || at?.building === undefined) return true;
  if (here?.building !== at.building) return false;
  if (scope === 'building' || at.floor === undefined) return true;
  if (here.floor !== at.floor) return false;
  if (scope === 'floor' || at.room === undefined) return true;
  return here.room === at.room;
}

/**
 * The 联动 panel's devices for an alert: the actuators of the alert device's building (the whole
 * school when it has none), and the school's broadcast speakers; same floor first.
 */
export function linkageDevices(alert: Alert, sites: Sites): LinkageDevice[] {
  const origin = alert.device === null ? undefined : sites.deviceById.get(alert.device);
  const floor = origin?.location?.floor;
  return sites.devices
    .filter((d) => d.org.school === alert.school && COMMANDS_BY_KIND[d.kind] !== undefined)
    .filter((d) => d.kind === 'broadcast_speaker' || withinScope(d, origin, 'building'))
    .map((d) => ({
      id: d.id,
      kind: d.kind,
      location: d.location
        ? {
            building: d.location.building ?? null,
            floor: d.location.floor ?? null,
            room: d.location.room ?? null,
            use: d.location.use ?? null,
          }
        : null,
      commands: [...(COMMANDS_BY_KIND[d.kind] ?? [])],
      sameFloor:
        floor !== undefined &&
        d.location?.building === origin?.location?.building &&
        d.location?.floor === floor,
    }))
    .sort(
      (a, b) =>
        Number(b.sameFloor) - Number(a.sameFloor) || a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id),
    );
}
