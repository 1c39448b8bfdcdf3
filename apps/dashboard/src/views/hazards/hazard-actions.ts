import type { Hazard, HazardState } from '../../api/hazards';
import { userMay, type Permission, type SessionUser } from '../shared/permissions';

/** The workflow steps as the register names them (the button test ids are `hazard-action-{action}`). */
export type HazardAction = 'start' | 'submit' | 'accept' | 'reject';

interface Step {
  action: HazardAction;
  from: HazardState;
  to: HazardState;
  permission: Permission;
}

/** The workflow of libs/alerting (hazard-workflow.ts), named. */
export const HAZARD_STEPS: readonly Step[] = [
  { action: 'start', from: 'registered', to: 'rectifying', permission: 'hazards.manage' },
  { action: 'submit', from: 'rectifying', to: 'awaiting_acceptance', permission: 'hazards.manage' },
  { action: 'accept', from: 'awaiting_acceptance', to: 'closed', permission: 'hazards.accept' },
  { action: 'reject', from: 'awaiting_acceptance', to: 'rectifying', permission: 'hazards.accept' },
];

export interface ActionOffer {
  action: HazardAction;
  to: HazardState;
  /** Why the button is there but disabled: the acceptor may not be the rectifier. */
  blocked: 'self_accept' | null;
}

/**
 * The steps to offer `user` for `hazard`: those leaving its state that the user's role may take.
 * Accepting one's own rectification is offered disabled, so the rule is visible where it applies.
 */
export function actionsFor(
  hazard: Pick<Hazard, 'state' | 'rectifiedBy'>,
  user: SessionUser | null,
): ActionOffer[] {
  if (user === null) return [];
  return HAZARD_STEPS.filter((s) => s.from === hazard.state && userMay(user, s.permission)).map((s) => ({
    action: s.action,
    to: s.to,
    blocked: s.action === 'accept' && hazard.rectifiedBy === user.username ? 'self_accept' : null,
  }));
}

/** Steps whose note is required: a rejection must say what is still wrong. */
export const NOTE_REQUIRED: ReadonlySet<HazardAction> = new Set(['reject']);
