import type { PlaceView } from '@campus/api-contract';
import {
  snapshotOf,
  type Device,
  type DeviceLocation,
  type OrgLevel,
  type Sites,
} from '@campus/device-protocols';

/** A device's place as the API shows it: every key present, null when the sites file gives none. */
export type LocationView = PlaceView;

/** One org unit of the sites file by code: its name and level. */
export interface OrgEntry {
  code: string;
  name: string;
  level: OrgLevel;
}

/**
 * Names and devices of the sites, looked up by code or id: one directory per registry snapshot,
 * cached (`of` a live view answers the current snapshot's).
 */
export class SiteDirectory {
  private readonly orgs = new Map<string, OrgEntry>();

  private constructor(readonly sites: Sites) {
    const add = (code: string, name: string, level: OrgLevel) => this.orgs.set(code, { code, name, level });
    add(sites.province.code, sites.province.name, 'province');
    for (const c of sites.cities) add(c.code, c.name, 'city');
    for (const c of sites.counties) add(c.code, c.name, 'county');
    for (const s of sites.schools) add(s.code, s.name, 'school');
  }

  static of(live: Sites): SiteDirectory {
    const sites = snapshotOf(live);
    let directory = cache.get(sites);
    if (directory === undefined) {
      directory = new SiteDirectory(sites);
      cache.set(sites, directory);
    }
    return directory;
  }

  org(code: string): OrgEntry | undefined {
    return this.orgs.get(code);
  }

  /** The name of the org unit `code`, or null when the sites file has none (any more). */
  nameOf(code: string): string | null {
    return this.orgs.get(code)?.name ?? null;
  }

  device(id: string | null): Device | undefined {
    return id === null ? undefined : this.sites.deviceById.get(id);
  }
}

const cache = new WeakMap<Sites, SiteDirectory>();

/** The location of a sites-file device for the API, or null when it has none. */
export function locationView(location: DeviceLocation | undefined): LocationView | null {
  if (location === undefined) return null;
  return {
    building: location.building ?? null,
    floor: location.floor ?? null,
    room: location.room ?? null,
    use: location.use ?? null,
  };
}
