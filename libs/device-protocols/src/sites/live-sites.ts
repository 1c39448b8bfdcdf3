import type { Sites } from './sites-model';
import { SitesHolder, type SitesSource } from './sites-source';

/**
 * How every part follows the registry (docs/architecture.md, "Live sites"): a part is handed a
 * live view (`liveSites`) and reads it at the moment of use; whatever it derives from the sites
 * (an index, a tree, a table) it builds through `perSnapshot`, which rebuilds on the first use
 * after a replacement. Parts that must act when the sites change (disconnect a removed device,
 * rebuild compiled rules) subscribe with `sourceOf(sites).onChange`.
 */

const SOURCE = Symbol('sitesSource');

type LiveSites = Sites & { readonly [SOURCE]: SitesSource };

/** Every field of `Sites` but `resolveVia`: a field added to `Sites` must be added here (type error). */
const FIELDS: Record<Exclude<keyof Sites, 'resolveVia'>, true> = {
  source: true,
  province: true,
  cities: true,
  counties: true,
  schools: true,
  devices: true,
  contacts: true,
  users: true,
  escalation: true,
  rules: true,
  plans: true,
  gateways: true,
  alertServices: true,
  deviceById: true,
  schoolByCode: true,
  bridgeByBaseTopic: true,
};
const KEYS = Object.keys(FIELDS) as (keyof typeof FIELDS)[];

/** A `Sites` whose every field reads `source.current` when it is read: never a stale snapshot. */
export function liveSites(source: SitesSource): Sites {
  if (isLive(source.current)) return source.current;
  const view = {
    [SOURCE]: source,
    resolveVia: (bridgeId: string, name: string) => source.current.resolveVia(bridgeId, name),
  } as LiveSites;
  for (const key of KEYS) {
    Object.defineProperty(view, key, { get: () => source.current[key], enumerable: true });
  }
  return Object.freeze(view);
}

/** The snapshot a live view stands for right now; a plain `Sites` is its own snapshot. */
export function snapshotOf(sites: Sites): Sites {
  return isLive(sites) ? sites[SOURCE].current : sites;
}

/** The source behind a live view; a plain `Sites` (it never changes) in a holder of its own. */
export function sourceOf(sites: Sites | SitesSource): SitesSource {
  if (isSitesSource(sites)) return sites;
  return isLive(sites) ? sites[SOURCE] : new SitesHolder(sites);
}

/** A `SitesSource` as is; a plain `Sites` wrapped in a holder (callers that pass a sites file). */
export function isSitesSource(value: Sites | SitesSource): value is SitesSource {
  return typeof (value as Partial<SitesSource>).onChange === 'function' && 'current' in value;
}

/**
 * `build` memoised per snapshot: called with a live view (or a plain `Sites`), it answers what
 * `build` made of the current snapshot, rebuilding once after each replacement. Old snapshots'
 * results go with them (a WeakMap).
 */
export function perSnapshot<T>(build: (sites: Sites) => T): (sites: Sites) => T {
  const built = new WeakMap<Sites, T>();
  return (sites) => {
    const snapshot = snapshotOf(sites);
    if (built.has(snapshot)) return built.get(snapshot) as T;
    const value = build(snapshot);
    built.set(snapshot, value);
    return value;
  };
}

function isLive(sites: Sites): sites is LiveSites {
  return SOURCE in sites;
}
