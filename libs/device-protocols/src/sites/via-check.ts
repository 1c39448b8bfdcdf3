import type { Protocol } from '../model/device';
import { didYouMean } from './did-you-mean';
import { BRIDGE_PROTOCOL, isBridgeKind } from './device-rules';
import { FirstSeen } from './first-seen';
import type { SitesLocator, SitesPath } from './locator';
import type { School } from './sites-model';
import type { RawDevice } from './sites-schema';

/** A device declaration with where it is in the file and its school. */
export interface DeclaredDevice {
  raw: RawDevice;
  path: SitesPath;
  school: School;
}

/** The key under which a bridged device is found: the bridge's id and the name the bridge uses. */
export const viaKey = (bridge: string, name: string): string => `${bridge}\u0000${name}`;

/**
 * Checks a device's `via` against the file: the bridge exists, is a bridge, is in the same school,
 * is the right kind (cameras through an nvr, everything else through a zigbee_bridge), and no
 * other device of that bridge has the same name. Returns the protocol the device inherits.
 */
export function checkVia(
  d: DeclaredDevice,
  via: { bridge: string; name: string },
  byId: ReadonlyMap<string, DeclaredDevice>,
  names: FirstSeen,
  locator: SitesLocator,
): Protocol {
  const at: SitesPath = [...d.path, 'via', 'bridge'];
  const target = byId.get(via.bridge);
  if (!target) {
    const bridges = [...byId.values()].filter(
      (b) => isBridgeKind(b.raw.kind) && b.school.code === d.school.code,
    );
    const hint = didYouMean(
      via.bridge,
      bridges.map((b) => b.raw.id),
    );
    const known = bridges.length
      ? ` (this school's bridges: ${bridges.map((b) => b.raw.id).join(', ')})`
      : '';
    locator.fail(
      at,
      `no bridge "${via.bridge}" in the file${hint} — via.bridge must name a zigbee_bridge or nvr of this school${known}`,
    );
  }
  const kind = target.raw.kind;
  if (!isBridgeKind(kind))
    locator.fail(at, `"${via.bridge}" is a ${kind}, not a bridge (zigbee_bridge or nvr)`);
  if (target.school.code !== d.school.code) {
    locator.fail(
      at,
      `bridge "${via.bridge}" belongs to another school, ${target.school.code} ${target.school.name}; ` +
        `a device is reached only through a bridge of its own school (${d.school.code} ${d.school.name})`,
    );
  }
  if (d.raw.kind === 'camera' && kind !== 'nvr') {
    locator.fail(at, `a camera is reached through an nvr (Frigate), not through the ${kind} "${via.bridge}"`);
  }
  if (d.raw.kind !== 'camera' && kind === 'nvr') {
    locator.fail(
      at,
      `only cameras are reached through an nvr (Frigate); a ${d.raw.kind} goes through a zigbee_bridge`,
    );
  }
  const protocol = BRIDGE_PROTOCOL[kind];
  if (d.raw.protocol !== undefined && d.raw.protocol !== protocol) {
    locator.fail(
      [...d.path, 'protocol'],
      `protocol ${d.raw.protocol} does not match its bridge "${via.bridge}", which speaks ${protocol} — remove protocol`,
    );
  }
  if (protocol === 'zigbee2mqtt' && (via.name === 'bridge' || via.name.startsWith('bridge/'))) {
    locator.fail(
      [...d.path, 'via', 'name'],
      '"bridge" is Zigbee2MQTT\'s own topic (zigbee2mqtt/bridge/…) — use the device\'s friendly_name',
    );
  }
  names.claim(
    viaKey(via.bridge, via.name),
    [...d.path, 'via', 'name'],
    `via name "${via.name}" is already used on bridge "${via.bridge}"`,
  );
  return protocol;
}
