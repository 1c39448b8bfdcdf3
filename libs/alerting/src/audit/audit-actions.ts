import { AUDIT_ACTIONS, type AuditAction } from '../domain/audit';
import type { HazardState } from '../domain/hazard';

/** The actor of what the platform does by itself (automatic all-clear, start-up). */
export const SYSTEM_ACTOR = 'system';

/** The audit action of each hazard workflow edge (hazard-workflow.ts), keyed `from→to`. */
export const HAZARD_TRANSITION_ACTIONS: Readonly<Record<string, AuditAction>> = {
  'registered→rectifying': 'hazard.start_rectification',
  'rectifying→awaiting_acceptance': 'hazard.submit_for_acceptance',
  'awaiting_acceptance→closed': 'hazard.accept',
  'awaiting_acceptance→rectifying': 'hazard.reject',
};

/** The action of a hazard transition; throws for an edge the workflow does not have (a programming error). */
export function hazardTransitionAction(from: HazardState, to: HazardState): AuditAction {
  const action = HAZARD_TRANSITION_ACTIONS[`${from}→${to}`];
  if (action === undefined) throw new Error(`no audit action for the hazard transition ${from} → ${to}`);
  return action;
}

export function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}
