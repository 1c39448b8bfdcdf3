import { isLevelPrefix } from './mqtt-names';
import type { SitesLocator, SitesPath } from './locator';

/**
 * The bridges' base topics seen so far. The broker lets a bridge publish only under its own base
 * topic and the gateway finds the bridge from a topic's prefix, so no two bridges may share one,
 * and none may be a level-prefix of another (`zigbee2mqtt` would receive `zigbee2mqtt/east/…`).
 */
export class BaseTopics {
  private readonly claimed: { topic: string; bridge: string; path: SitesPath }[] = [];

  constructor(private readonly locator: SitesLocator) {}

  claim(topic: string, bridge: string, path: SitesPath, defaulted: boolean): void {
    const shown = defaulted
      ? `base topic "${topic}" (the default — set baseTopic to change it)`
      : `base topic "${topic}"`;
    for (const other of this.claimed) {
      const mention = this.locator.mention(other.path);
      const where = mention === undefined ? '' : ` at ${mention}`;
      if (other.topic === topic) {
        this.locator.fail(
          path,
          `${shown} is already used by bridge "${other.bridge}"${where} — give each bridge its own baseTopic`,
        );
      }
      if (isLevelPrefix(other.topic, topic) || isLevelPrefix(topic, other.topic)) {
        this.locator.fail(
          path,
          `${shown} and "${other.topic}" of bridge "${other.bridge}"${where} are one inside the other — ` +
            "one bridge would receive the other's messages; use base topics that are not level-prefixes of each other",
        );
      }
    }
    this.claimed.push({ topic, bridge, path });
  }
}
