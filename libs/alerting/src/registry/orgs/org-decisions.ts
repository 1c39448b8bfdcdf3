import type { OrgLevel, Role } from '@campus/device-protocols';

/** What the scope says of a unit, for one user. */
export interface UnitStanding {
  /** In the user's scope (their unit or below it). */
  visible: boolean;
  /** The user's own unit. */
  own: boolean;
}

export type OrgDecision = 'ok' | 'forbidden' | 'not_found';

/** Fields a school admin may change on its own school. */
const SCHOOL_ADMIN_FIELDS = new Set(['hours', 'location']);

/**
 * Who may change an org unit (docs/security.md, "The registry: who may change what"). Outside the
 * scope: not found (as for a unit that does not exist). With `orgs.manage` (the officers, admin):
 * units strictly below one's own; one's own unit is the level above's to change. A school admin:
 * its own school's hours and location only. Everyone else: forbidden.
 */
export function orgPatchDecision(
  user: { role: Role; level: OrgLevel },
  mayManage: boolean,
  unit: UnitStanding,
  fields: readonly string[],
  /** For a move: the target county. */
  target?: UnitStanding,
): OrgDecision {
  if (!unit.visible) return 'not_found';
  if (target !== undefined && !target.visible) return 'not_found';
  if (mayManage) return unit.own ? 'forbidden' : 'ok';
  if (user.role === 'school_admin' && unit.own && fields.every((f) => SCHOOL_ADMIN_FIELDS.has(f)))
    return 'ok';
  return 'forbidden';
}
