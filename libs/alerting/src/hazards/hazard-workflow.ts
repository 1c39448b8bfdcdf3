import type { Role } from '@campus/device-protocols';
import { roleMay, type Permission } from '../auth/role-permissions';
import type { Hazard, HazardState } from '../domain/hazard';

/** Who asks for a transition. */
export interface WorkflowActor {
  username: string;
  role: Role;
}

export type WorkflowDecision =
  { ok: true; permission: Permission } | { ok: false; reason: 'forbidden' | 'conflict'; message: string };

interface Edge {
  from: HazardState;
  to: HazardState;
  permission: Permission;
}

/**
 * 隐患排查治理 workflow: the school starts rectifying a registered hazard and reports it done
 * (`hazards.manage`); someone else accepts it (验收, `hazards.accept`: closed) or rejects it back to
 * rectifying. The acceptor must not be the person who rectified it.
 */
export const HAZARD_WORKFLOW: readonly Edge[] = [
  { from: 'registered', to: 'rectifying', permission: 'hazards.manage' },
  { from: 'rectifying', to: 'awaiting_acceptance', permission: 'hazards.manage' },
  { from: 'awaiting_acceptance', to: 'closed', permission: 'hazards.accept' },
  { from: 'awaiting_acceptance', to: 'rectifying', permission: 'hazards.accept' },
];

/** The states `from` may move to. */
export function nextStates(from: HazardState): HazardState[] {
  return HAZARD_WORKFLOW.filter((e) => e.from === from).map((e) => e.to);
}

/** Whether `actor` may move `hazard` to `to`, and if not why (403 forbidden / 409 conflict). */
export function decideTransition(
  hazard: Pick<Hazard, 'state' | 'rectifiedBy'>,
  to: HazardState,
  actor: WorkflowActor,
): WorkflowDecision {
  const edge = HAZARD_WORKFLOW.find((e) => e.from === hazard.state && e.to === to);
  if (edge === undefined) {
    const allowed = nextStates(hazard.state);
    return {
      ok: false,
      reason: 'conflict',
      message:
        `a hazard in state ${hazard.state} cannot move to ${to}` +
        (allowed.length > 0 ? ` (allowed: ${allowed.join(', ')})` : ' (it is closed)'),
    };
  }
  if (!roleMay(actor.role, edge.permission)) {
    return {
      ok: false,
      reason: 'forbidden',
      message: `role ${actor.role} lacks ${edge.permission} for ${hazard.state} → ${to}`,
    };
  }
  if (to === 'closed' && hazard.rectifiedBy === actor.username) {
    return {
      ok: false,
      reason: 'conflict',
      message: `${actor.username} rectified this hazard and cannot also accept it: acceptance needs another person`,
    };
  }
  return { ok: true, permission: edge.permission };
}
