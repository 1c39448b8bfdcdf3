import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { OrgPath } from '@campus/device-protocols';
import type { AuthUser } from './auth-user';
import { OrgScope } from './org-scope';
import type { OrgTree } from './org-tree';
import { ORG_TREE } from './tokens';

/**
 * THE org-scope rule of the API, in one place: a user sees exactly the org unit named by their
 * `org` and everything below it (docs/sites-file.md).
 *
 * Every org-scoped read and action (alerts, timelines, telemetry, hazards, inspections, drill
 * mode, …) MUST go through this service: load the record, then `assertVisible(user, record)`
 * before reading or changing it, or `visibleOnly`/`scopeOf(user)` to filter lists. Something
 * outside the scope answers 404 exactly like something that does not exist (never 403), so
 * existence outside the scope is never revealed (docs/alerting.md). Do not compare org codes by hand.
 */
@Injectable()
export class ScopePolicyService {
  private readonly scopes = new Map<string, OrgScope | null>();

  constructor(@Inject(ORG_TREE) private readonly tree: OrgTree) {}

  /** The user's scope; null when their org is not in the tree (such a user sees nothing). */
  scopeOf(user: AuthUser): OrgScope | null {
    let scope = this.scopes.get(user.org);
    if (scope === undefined) {
      scope = OrgScope.of(this.tree, user.org) ?? null;
      this.scopes.set(user.org, scope);
    }
    return scope;
  }

  isVisible(user: AuthUser, path: OrgPath): boolean {
    return this.scopeOf(user)?.contains(path) ?? false;
  }

  isUnitVisible(user: AuthUser, code: string): boolean {
    return this.scopeOf(user)?.containsUnit(code) ?? false;
  }

  /**
   * Returns normally only when `item` exists and lies in the user's scope; otherwise throws
   * NotFoundException(`message`): a missing record and one outside the scope answer the same.
   */
  assertVisible<T extends OrgPath>(
    user: AuthUser,
    item: T | null | undefined,
    message = 'not found',
  ): asserts item is T {
    if (item === null || item === undefined || !this.isVisible(user, item))
      throw new NotFoundException(message);
  }

  /** The same for an org unit code (a school, county, city or the province). */
  assertUnitVisible(user: AuthUser, code: string, message = 'not found'): void {
    if (!this.isUnitVisible(user, code)) throw new NotFoundException(message);
  }

  /** The items of a list that the user may see. */
  visibleOnly<T extends OrgPath>(user: AuthUser, items: readonly T[]): T[] {
    return items.filter((i) => this.isVisible(user, i));
  }
}
