import { isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';
import { SitesFileError } from './sites-model';
import type { YamlSource } from './yaml-source';

/** A path into the sites file as zod reports it: keys and list indexes. */
export type SitesPath = readonly PropertyKey[];

/**
 * Renders a path for a message. Under a school's device list it starts at `devices` (the line
 * says which school): `devices[3].kind`; otherwise it is the whole path: `users[1].org`. With
 * `whole`, always the whole path (a document has no lines).
 */
export function renderPath(path: SitesPath, whole = false): string {
  const from = whole ? -1 : path.lastIndexOf('devices');
  let out = '';
  for (const seg of from >= 0 ? path.slice(from) : path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out;
}

/**
 * Finds the line of anything a path names, and turns problems into `SitesFileError`s. Without a
 * YAML source (a sites document, `parseSitesDocument`) nothing has a line and paths are whole.
 */
export class SitesLocator {
  private readonly yaml: YamlSource | undefined;
  private readonly source: string;

  constructor(from: YamlSource | { source: string }) {
    this.source = from.source;
    this.yaml = 'doc' in from ? from : undefined;
  }

  /** Where an earlier entry is, for "first declared at …": its line, or its path in a document. */
  mention(path: SitesPath): string | undefined {
    if (this.yaml === undefined) return renderPath(path, true);
    const line = this.lineOf(path);
    return line === undefined ? undefined : `line ${line}`;
  }

  /**
   * The line of the node at `path`: for a mapping entry the line of its key, for a list item the
   * line it starts on. A path that goes missing (an absent key, a key brought in by `<<` merge)
   * or through an alias stops at the last node found.
   */
  lineOf(path: SitesPath): number | undefined {
    if (this.yaml === undefined) return undefined;
    let node: Node | null | undefined = this.yaml.doc.contents;
    let offset = node?.range?.[0];
    for (const seg of path) {
      if (isAlias(node)) break;
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        offset = (isScalar(pair.key) ? pair.key.range?.[0] : undefined) ?? offset;
        node = pair.value as Node | null;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg] as Node | undefined;
        if (!item) break;
        offset = item.range?.[0] ?? offset;
        node = item;
      } else {
        break;
      }
    }
    return offset === undefined ? undefined : this.yaml.lines.linePos(offset).line;
  }

  /**
   * The error for a problem at `path`: the reason is prefixed with the rendered path, the line is
   * that of `at` (default `path`), e.g. the line of an unknown key inside the mapping at `path`.
   */
  error(path: SitesPath, reason: string, at: SitesPath = path): SitesFileError {
    const where = renderPath(path, this.yaml === undefined);
    return new SitesFileError(
      this.source,
      this.lineOf(at),
      where ? `${where}: ${reason}` : reason,
      renderPath(path, true),
      reason,
    );
  }

  fail(path: SitesPath, reason: string, at?: SitesPath): never {
    throw this.error(path, reason, at);
  }
}
