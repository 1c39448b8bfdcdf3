import type { OrgLevel, OrgPath } from '@campus/device-protocols';
import type { OrgTree } from './org-tree';

/**
 * What one user may see: exactly the org unit named by the user's `org` and everything below it
 * (docs/sites-file.md). Pure; built from the sites file's org tree. Endpoints do not use it directly:
 * they go through ScopePolicyService.
 */
export class OrgScope {
  private constructor(
    private readonly tree: OrgTree,
    /** The user's org unit code. */
    readonly unit: string,
    /** Its level: a scope contains a path when the path's code at this level is `unit`. */
    readonly level: OrgLevel,
  ) {}

  /** The scope of unit `org`; undefined when the tree has no such unit (a user must not get one). */
  static of(tree: OrgTree, org: string): OrgScope | undefined {
    const unit = tree.unit(org);
    return unit === undefined ? undefined : new OrgScope(tree, unit.code, unit.level);
  }

  /** Whether the school at `path` (an alert's, a device's, a reading's) lies in this scope. */
  contains(path: OrgPath): boolean {
    return path[this.level] === this.unit;
  }

  /** Whether the org unit `code` (of any level) is this unit or below it; false for unknown codes. */
  containsUnit(code: string): boolean {
    return this.tree.unit(code)?.path[this.level] === this.unit;
  }
}
