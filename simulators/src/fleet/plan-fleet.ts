import { DEFAULT_BASE_TOPIC, type Device, type Sites } from '@campus/device-protocols';
import type { Gb26875Endpoint } from '../gb26875/gb26875-panel';

export interface PlannedConnection {
  device: Device;
  password: string;
}

export interface PlannedBridge extends PlannedConnection {
  baseTopic: string;
  children: Device[];
}

export interface SkippedDevice {
  id: string;
  reason: string;
  /** `warn` when the user probably wanted it simulated (e.g. a hashed secret without `--secret`). */
  severity: 'warn' | 'info';
}

/** Which connections the simulator opens for a sites file: one per native device, one per bridge. */
export interface FleetPlan {
  natives: PlannedConnection[];
  zigbeeBridges: PlannedBridge[];
  frigateNvrs: PlannedBridge[];
  /** GB/T 26875.3 panels, each with its own TCP connection (only when the gateway's port is known). */
  gb26875Panels: Device[];
  skipped: SkippedDevice[];
}

export interface FleetPlanOptions {
  /** School codes to simulate; all when absent or empty. */
  schools?: readonly string[];
  /** Password for devices whose sites entry has only a `secretHash`. */
  secretOverride?: string;
  /** The gateway's GB/T 26875.3 listener; without it gb26875 panels are skipped. */
  gb26875?: Gb26875Endpoint;
}

export class UnknownSchoolError extends Error {
  constructor(
    readonly codes: string[],
    known: string[],
  ) {
    const shown = known.slice(0, 12).join(', ') + (known.length > 12 ? ', …' : '');
    super(`unknown school code${codes.length > 1 ? 's' : ''} ${codes.join(', ')} (known: ${shown})`);
    this.name = 'UnknownSchoolError';
  }
}

export function planFleet(sites: Sites, options: FleetPlanOptions = {}): FleetPlan {
  const selected = selectSchools(sites, options.schools);
  const plan: FleetPlan = { natives: [], zigbeeBridges: [], frigateNvrs: [], gb26875Panels: [], skipped: [] };
  const bridgesById = new Map<string, PlannedBridge>();

  for (const device of sites.devices) {
    if (!selected.has(device.org.school) || device.via) continue;
    if (device.protocol === 'gb26875') {
      if (options.gb26875 && device.address !== undefined) plan.gb26875Panels.push(device);
      else
        plan.skipped.push({
          id: device.id,
          reason:
            'GB/T 26875.3 transmitter over TCP: pass --gb26875-port (the gateway GB26875_PORT) to simulate it',
          severity: 'info',
        });
      continue;
    }
    const password = passwordFor(device, options.secretOverride);
    if (typeof password !== 'string') {
      plan.skipped.push({ id: device.id, reason: password.reason, severity: 'warn' });
      continue;
    }
    if (device.protocol === 'native') {
      plan.natives.push({ device, password });
      continue;
    }
    const baseTopic = device.baseTopic ?? DEFAULT_BASE_TOPIC[device.protocol] ?? device.protocol;
    const bridge: PlannedBridge = { device, password, baseTopic, children: [] };
    bridgesById.set(device.id, bridge);
    (device.protocol === 'zigbee2mqtt' ? plan.zigbeeBridges : plan.frigateNvrs).push(bridge);
  }

  for (const device of sites.devices) {
    if (!device.via) continue;
    const bridge = bridgesById.get(device.via.bridge);
    if (bridge) bridge.children.push(device);
    else if (selected.has(device.org.school)) {
      plan.skipped.push({
        id: device.id,
        reason: `its bridge ${device.via.bridge} is not simulated`,
        severity: 'info',
      });
    }
  }
  return plan;
}

function selectSchools(sites: Sites, wanted: readonly string[] | undefined): Set<string> {
  if (!wanted || wanted.length === 0) return new Set(sites.schools.map((school) => school.code));
  const unknown = wanted.filter((code) => !sites.schoolByCode.has(code));
  if (unknown.length > 0)
    throw new UnknownSchoolError(
      unknown,
      sites.schools.map((school) => school.code),
    );
  return new Set(wanted);
}

/** Plain secret first (demo files); the override stands in for devices whose secret is only hashed. */
function passwordFor(device: Device, override: string | undefined): string | { reason: string } {
  if (device.secret !== undefined) return device.secret;
  if (override !== undefined) return override;
  return {
    reason: device.secretHash
      ? 'sites file has only a secretHash for it; pass --secret to simulate it'
      : 'sites file has no secret for it',
  };
}
