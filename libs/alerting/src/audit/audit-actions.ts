import type { HazardState } from '../domain/hazard';

/**
 * Every action the audit log records: a closed set of dotted names, defined here and nowhere else
 * (docs/alerting.md, "Audit log", lists them with their meaning). Add a name here before using it.
 */
export const AUDIT_ACTIONS = [
  // sign-in (recorded by the auth code through AUDIT_SINK)
  'auth.login',
  'auth.login_failed',
  'auth.lockout',
  'auth.logout',
  'auth.password_change',
  'auth.password_reset',
  // a request refused: 403 (role, ownership) or 404 (outside the scope, or no such record)
  'access.denied',
  // alerts
  'alert.acknowledge',
  'alert.resolve',
  // 隐患排查治理: one name per workflow edge (HAZARD_TRANSITION_ACTIONS)
  'hazard.start_rectification',
  'hazard.submit_for_acceptance',
  'hazard.accept',
  'hazard.reject',
  // 应急演练
  'drill.start',
  'drill.end',
  // 线上督查
  'inspection.create',
  'inspection.update',
  'inspection.complete',
  // 风险分级管控
  'risk_point.create',
  'risk_point.update',
  // configuration: the service started with this sites file (users, org tree, devices)
  'config.load',
  'config.users_change',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** `ok`: done; `denied`: refused by a permission, ownership or scope check; `failed`: attempted, did not work (a wrong password). */
export { AUDIT_OUTCOMES, type AuditOutcome } from '@campus/api-contract';

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
