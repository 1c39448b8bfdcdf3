import type { Sites } from './sites-model';

/**
 * The sites a running process works from (docs/registry.md). The registry replaces the snapshot
 * whole when it changes — through the API, an import, or another replica — so a part reads
 * `current` at the moment of use and, if it derives something from the sites (an index, a
 * compiled rule), rebuilds it in `onChange`.
 */
export interface SitesSource {
  readonly current: Sites;
  /** The registry version `current` was built from (0 before the registry has one). */
  readonly version: number;
  /** Runs after each replacement, in subscription order; returns the unsubscribe. */
  onChange(listener: (next: Sites, previous: Sites, version: number) => void): () => void;
}

/** The one writable `SitesSource` of a process. */
export class SitesHolder implements SitesSource {
  private snapshot: Sites;
  private at: number;
  private readonly listeners = new Set<(next: Sites, previous: Sites, version: number) => void>();

  constructor(initial: Sites, version = 0) {
    this.snapshot = initial;
    this.at = version;
  }

  get current(): Sites {
    return this.snapshot;
  }

  get version(): number {
    return this.at;
  }

  /** Installs a newer snapshot; an older or equal version is ignored (feeds may repeat). */
  replace(next: Sites, version: number): boolean {
    if (version <= this.at && this.at !== 0) return false;
    const previous = this.snapshot;
    this.snapshot = next;
    this.at = version;
    for (const listener of [...this.listeners]) listener(next, previous, version);
    return true;
  }

  onChange(listener: (next: Sites, previous: Sites, version: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
