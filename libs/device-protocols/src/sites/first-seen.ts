import type { SitesLocator, SitesPath } from './locator';

/** Remembers where each key was first declared, to refuse a second one naming both lines. */
export class FirstSeen {
  private readonly seen = new Map<string, SitesPath>();

  constructor(private readonly locator: SitesLocator) {}

  /** Records `key` at `path`; if it was seen before, fails at `path` with `duplicate` and where the first was. */
  claim(key: string, path: SitesPath, duplicate: string): void {
    const first = this.seen.get(key);
    if (first) {
      const where = this.locator.mention(first);
      this.locator.fail(path, `${duplicate}${where === undefined ? '' : ` (first declared at ${where})`}`);
    }
    this.seen.set(key, path);
  }
}
