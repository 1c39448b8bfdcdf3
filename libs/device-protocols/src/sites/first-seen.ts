import type { SitesLocator, SitesPath } from './locator';

/** Remembers where each key was first declared, to refuse a second one naming both lines. */
export class FirstSeen {
  private readonly seen = new Map<string, SitesPath>();

  constructor(private readonly locator: SitesLocator) {}

  /** Records `key` at `path`; if it was seen before, fails at `path` with `duplicate` and the first line. */
  claim(key: string, path: SitesPath, duplicate: string): void {
    const first = this.seen.get(key);
    if (first) {
      const line = this.locator.lineOf(first);
      this.locator.fail(path, `${duplicate}${line === undefined ? '' : ` (first declared at line ${line})`}`);
    }
    this.seen.set(key, path);
  }
}
