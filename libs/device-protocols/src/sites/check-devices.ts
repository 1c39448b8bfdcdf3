import { DEFAULT_BASE_TOPIC, type Device, type Protocol } from '../model/device';
import { BaseTopics } from './base-topics';
import type { DeclaredSchool } from './check-orgs';
import { deviceProblem, isBridgeKind } from './device-rules';
import { FirstSeen } from './first-seen';
import type { SitesLocator } from './locator';
import { checkVia, viaKey, type DeclaredDevice } from './via-check';

export interface CheckedDevices {
  devices: Device[];
  bridgeByBaseTopic: Map<string, Device>;
  /** Bridged devices by `viaKey(bridge, name)`. */
  byVia: Map<string, Device>;
}

function toDevice(d: DeclaredDevice, protocol: Protocol, baseTopic: string | undefined): Device {
  const { raw, school } = d;
  const device: Device = {
    id: raw.id,
    kind: raw.kind,
    protocol,
    org: { province: school.province, city: school.city, county: school.county, school: school.code },
  };
  if (raw.secret !== undefined) device.secret = raw.secret;
  if (raw.secretHash !== undefined) device.secretHash = raw.secretHash;
  if (raw.location !== undefined) device.location = { ...raw.location };
  if (raw.risk !== undefined) device.risk = raw.risk;
  if (raw.via !== undefined) device.via = { bridge: raw.via.bridge, name: raw.via.name };
  if (baseTopic !== undefined) device.baseTopic = baseTopic;
  if (raw.address !== undefined) device.address = raw.address;
  if (raw.allowFrom !== undefined) device.allowFrom = [...raw.allowFrom];
  if (raw.restrictedZones !== undefined) device.restrictedZones = [...raw.restrictedZones];
  if (raw.covers !== undefined) device.covers = raw.covers.map((c) => ({ ...c }));
  if (raw.http !== undefined) device.http = { url: raw.http.url.replace(/\/+$/, '') };
  if (raw.isapi !== undefined) device.isapi = { ...raw.isapi, url: raw.isapi.url.replace(/\/+$/, '') };
  return device;
}

/**
 * Checks every device in file order — id unique in the file, its own rules (device-rules.ts),
 * bridge base topics, `via`, gb26875 addresses unique — and resolves it: org chain, protocol
 * (inherited from the bridge, else `native`), default base topic.
 */
export function checkDevices(schools: readonly DeclaredSchool[], locator: SitesLocator): CheckedDevices {
  const declared: DeclaredDevice[] = schools.flatMap((s) =>
    (s.raw.devices ?? []).map((raw, i) => ({ raw, path: [...s.path, 'devices', i], school: s.school })),
  );
  // First declarations, so a device may name a bridge declared below it.
  const byId = new Map<string, DeclaredDevice>();
  for (const d of declared) if (!byId.has(d.raw.id)) byId.set(d.raw.id, d);

  const ids = new FirstSeen(locator);
  const addresses = new FirstSeen(locator);
  const viaNames = new FirstSeen(locator);
  const topics = new BaseTopics(locator);
  const out: CheckedDevices = { devices: [], bridgeByBaseTopic: new Map(), byVia: new Map() };

  for (const d of declared) {
    const { raw, path } = d;
    ids.claim(raw.id, [...path, 'id'], `duplicate device id "${raw.id}"`);
    const problem = deviceProblem(raw);
    if (problem) locator.fail(problem.key === undefined ? path : [...path, problem.key], problem.reason);

    let protocol: Protocol = raw.protocol ?? 'native';
    let baseTopic: string | undefined;
    if (isBridgeKind(raw.kind)) {
      baseTopic = raw.baseTopic ?? DEFAULT_BASE_TOPIC[protocol] ?? protocol;
      topics.claim(baseTopic, raw.id, [...path, 'baseTopic'], raw.baseTopic === undefined);
    }
    if (raw.via) protocol = checkVia(d, raw.via, byId, viaNames, locator);
    if (raw.address !== undefined) {
      addresses.claim(
        String(raw.address),
        [...path, 'address'],
        `address ${raw.address} is already used by another gb26875 panel`,
      );
    }

    const device = toDevice(d, protocol, baseTopic);
    out.devices.push(device);
    if (baseTopic !== undefined) out.bridgeByBaseTopic.set(baseTopic, device);
    if (raw.via) out.byVia.set(viaKey(raw.via.bridge, raw.via.name), device);
  }
  checkSnapshotSources(declared, byId, locator);
  return out;
}

/**
 * A camera that declares `covers` must have somewhere to fetch a picture from: its nvr's `http`
 * (Frigate) or its own `isapi` — else an alarm in the room it covers would show nothing.
 */
function checkSnapshotSources(
  declared: readonly DeclaredDevice[],
  byId: ReadonlyMap<string, DeclaredDevice>,
  locator: SitesLocator,
): void {
  for (const { raw, path } of declared) {
    if (raw.kind !== 'camera' || raw.covers === undefined || raw.isapi !== undefined) continue;
    const nvr = raw.via === undefined ? undefined : byId.get(raw.via.bridge)?.raw;
    if (nvr?.http !== undefined) continue;
    locator.fail(
      [...path, 'covers'],
      raw.via === undefined
        ? `camera "${raw.id}" covers places but has no snapshot source — add isapi: { url, username, passwordEnv }, or reach it through an nvr with http: { url }`
        : `camera "${raw.id}" covers places but its nvr "${raw.via.bridge}" has no http: { url } (Frigate's HTTP API, e.g. http://10.0.0.5:5000) — add it to the nvr`,
    );
  }
}
