import { BRIDGE_KINDS, type DeviceKind, type Protocol } from '../model/device';
import type { RawDevice } from './sites-schema';

export type BridgeKind = (typeof BRIDGE_KINDS)[number];

/** The one protocol each bridge kind speaks. */
export const BRIDGE_PROTOCOL = { zigbee_bridge: 'zigbee2mqtt', nvr: 'frigate' } as const satisfies Record<
  BridgeKind,
  Protocol
>;

export function isBridgeKind(kind: DeviceKind): kind is BridgeKind {
  return (BRIDGE_KINDS as readonly DeviceKind[]).includes(kind);
}

/** A problem with one device on its own: `key` is the offending key, absent for the device as a whole. */
export interface DeviceProblem {
  key?: keyof RawDevice;
  reason: string;
}

const ADDRESS_ONLY = 'address is only for a fire_alarm_panel with protocol gb26875 — remove it';

function secretProblem(d: RawDevice, who: string): DeviceProblem | undefined {
  if (d.secret !== undefined && d.secretHash !== undefined) {
    return { key: 'secretHash', reason: 'give either secret or secretHash, not both' };
  }
  if (d.secret === undefined && d.secretHash === undefined) {
    return {
      reason: `missing secret: ${who} logs in to MQTT with its id and a secret — add "secret" or "secretHash"`,
    };
  }
  return undefined;
}

function bridgeProblem(d: RawDevice, kind: BridgeKind): DeviceProblem | undefined {
  const want = BRIDGE_PROTOCOL[kind];
  if (d.protocol === undefined) return { reason: `a ${kind} needs "protocol: ${want}"` };
  if (d.protocol !== want) return { key: 'protocol', reason: `a ${kind} speaks ${want}, not ${d.protocol}` };
  if (d.via) return { key: 'via', reason: 'a bridge is not reached through another bridge — remove via' };
  if (d.address !== undefined) return { key: 'address', reason: ADDRESS_ONLY };
  return secretProblem(d, `a ${kind}`);
}

function bridgedProblem(d: RawDevice): DeviceProblem | undefined {
  if (d.protocol === 'native' || d.protocol === 'gb26875') {
    return {
      key: 'protocol',
      reason: `a device reached through a bridge speaks the bridge's protocol, not ${d.protocol}`,
    };
  }
  if (d.secret !== undefined || d.secretHash !== undefined) {
    return {
      key: d.secret !== undefined ? 'secret' : 'secretHash',
      reason: 'a device reached through a bridge has no secret of its own (its bridge logs in) — remove it',
    };
  }
  if (d.address !== undefined) return { key: 'address', reason: ADDRESS_ONLY };
  return undefined;
}

function gb26875Problem(d: RawDevice): DeviceProblem | undefined {
  if (d.kind !== 'fire_alarm_panel') {
    return {
      key: 'protocol',
      reason: `protocol gb26875 is for kind fire_alarm_panel (GB/T 26875.3 transmitters), not ${d.kind}`,
    };
  }
  if (d.address === undefined) {
    return {
      reason:
        'missing address: a gb26875 fire_alarm_panel needs its 6-byte source address as a decimal integer',
    };
  }
  if (d.secret !== undefined || d.secretHash !== undefined) {
    return {
      key: d.secret !== undefined ? 'secret' : 'secretHash',
      reason: 'a gb26875 panel connects over TCP and is known by its address, not a secret — remove it',
    };
  }
  return undefined;
}

/**
 * Checks what one device declaration needs on its own: bridges their protocol and a secret,
 * bridged devices no secret, gb26875 panels an address and no secret, native devices exactly
 * one of secret/secretHash. Whether a `via` reaches a real bridge is checked with the whole file.
 */
export function deviceProblem(d: RawDevice): DeviceProblem | undefined {
  if (d.restrictedZones !== undefined && d.kind !== 'camera') {
    return { key: 'restrictedZones', reason: 'restrictedZones is only for cameras — remove it' };
  }
  if (d.covers !== undefined && d.kind !== 'camera') {
    return { key: 'covers', reason: 'covers is only for cameras (the places they see) — remove it' };
  }
  if (d.isapi !== undefined && d.kind !== 'camera') {
    return { key: 'isapi', reason: 'isapi is only for cameras (Hikvision picture capture) — remove it' };
  }
  if (d.http !== undefined && d.kind !== 'nvr') {
    return {
      key: 'http',
      reason: "http is only for an nvr (its Frigate HTTP API); a camera's own picture URL goes under isapi",
    };
  }
  if (d.allowFrom !== undefined && (d.kind !== 'fire_alarm_panel' || d.protocol !== 'gb26875')) {
    return {
      key: 'allowFrom',
      reason:
        'allowFrom is only for a fire_alarm_panel with protocol gb26875 (the networks its transmitter connects from) — remove it',
    };
  }
  if (isBridgeKind(d.kind)) return bridgeProblem(d, d.kind);
  if (d.baseTopic !== undefined)
    return { key: 'baseTopic', reason: 'baseTopic is only for bridges (zigbee_bridge, nvr) — remove it' };
  if (d.via) return bridgedProblem(d);
  if (d.protocol === 'zigbee2mqtt' || d.protocol === 'frigate') {
    const bridge = d.protocol === 'zigbee2mqtt' ? 'zigbee_bridge id' : 'nvr id';
    const name = d.protocol === 'zigbee2mqtt' ? 'its friendly_name' : 'the camera name';
    return {
      key: 'protocol',
      reason: `a ${d.protocol} device is reached through its bridge: add via: { bridge: <${bridge}>, name: <${name}> }`,
    };
  }
  if (d.protocol === 'gb26875') return gb26875Problem(d);
  if (d.address !== undefined) return { key: 'address', reason: ADDRESS_ONLY };
  // a camera known only by its ISAPI address never logs in to MQTT
  if (d.isapi !== undefined && d.secret === undefined && d.secretHash === undefined) return undefined;
  return secretProblem(d, 'a native device');
}
