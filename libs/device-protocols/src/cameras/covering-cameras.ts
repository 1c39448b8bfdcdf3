import type { CameraCoverage, Device, DeviceLocation } from '../model/device';
import type { Sites } from '../sites/sites-model';

/** At most this many cameras are asked for pictures per alert (the nearest first). */
export const MAX_COVERING_CAMERAS = 4;

/** How closely a coverage entry matches a place: a room (or a Frigate zone) beats a floor beats a building. */
export type CoverageMatch = 'room' | 'floor' | 'building';
const RANK: Record<CoverageMatch, number> = { room: 3, floor: 2, building: 1 };

/** What an alert is about: where its device is, and the Frigate zones of the event when it came from one. */
export interface AlertPlace {
  location?: DeviceLocation;
  zones?: readonly string[];
}

/** The entries a camera covers: its `covers`, else the room of its own location. */
export function coverageOf(camera: Device): CameraCoverage[] {
  if (camera.covers !== undefined) return camera.covers;
  const l = camera.location;
  if (l?.room === undefined) return [];
  return [
    {
      room: l.room,
      ...(l.building === undefined ? {} : { building: l.building }),
      ...(l.floor === undefined ? {} : { floor: l.floor }),
    },
  ];
}

const agrees = <T>(want: T | undefined, have: T | undefined) => want === undefined || want === have;

/** How one coverage entry matches the place, or undefined. Every key the entry gives must agree. */
export function matchCoverage(entry: CameraCoverage, place: AlertPlace): CoverageMatch | undefined {
  const l = place.location ?? {};
  if (!agrees(entry.building, l.building) || !agrees(entry.floor, l.floor) || !agrees(entry.room, l.room)) {
    return undefined;
  }
  if (entry.zone !== undefined && !(place.zones ?? []).includes(entry.zone)) return undefined;
  if (entry.room !== undefined || entry.zone !== undefined) return 'room';
  if (entry.floor !== undefined) return 'floor';
  return entry.building !== undefined ? 'building' : undefined;
}

/**
 * The cameras that show an alert's place (docs/alerting.md "视频复核"): of the device's school,
 * those covering its room (or the event's Frigate zone), else its floor, else its building; the
 * alerting camera itself first when the alarm came from a camera. Sites-file order, at most
 * MAX_COVERING_CAMERAS. Pure.
 */
export function coveringCameras(
  sites: Sites,
  deviceId: string | null,
  zones: readonly string[] = [],
): Device[] {
  const device = deviceId === null ? undefined : sites.deviceById.get(deviceId);
  if (device === undefined) return [];
  const place: AlertPlace = {
    ...(device.location === undefined ? {} : { location: device.location }),
    zones,
  };
  let best = 0;
  const ranked: { camera: Device; rank: number }[] = [];
  for (const camera of sites.deviceById.values()) {
    if (camera.kind !== 'camera' || camera.org.school !== device.org.school || camera.id === device.id)
      continue;
    const rank = Math.max(
      0,
      ...coverageOf(camera).map((c) => {
        const match = matchCoverage(c, place);
        return match === undefined ? 0 : RANK[match];
      }),
    );
    if (rank === 0) continue;
    best = Math.max(best, rank);
    ranked.push({ camera, rank });
  }
  const nearest = ranked.filter((r) => r.rank === best).map((r) => r.camera);
  const own = device.kind === 'camera' ? [device] : [];
  return [...own, ...nearest].slice(0, MAX_COVERING_CAMERAS);
}
