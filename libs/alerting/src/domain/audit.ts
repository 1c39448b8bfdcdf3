import type { AuditEntry as WireAuditEntry } from '@campus/api-contract';
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
  // 联动: a command to a device for an alert (by a rule: actor system), a held-back one confirmed
  'alert.action',
  'alert.action_confirm',
  // 应急预案: a plan step ticked, a person dispatched, a dispatched person's mark or photo (actor `responder:<dispatch>`)
  'alert.plan_step',
  'alert.dispatch',
  'alert.responder_mark',
  // 隐患排查治理: one name per workflow edge (HAZARD_TRANSITION_ACTIONS)
  'hazard.start_rectification',
  'hazard.submit_for_acceptance',
  'hazard.accept',
  'hazard.reject',
  // photos added to a hazard (rectification "after", acceptance)
  'hazard.photo_add',
  // 人人参与: hazard reports by people, and their triage
  'hazard_report.submit',
  'hazard_report.register',
  'hazard_report.merge',
  'hazard_report.dismiss',
  // 应急演练
  'drill.start',
  'drill.end',
  // 线上督查
  'inspection.create',
  'inspection.update',
  'inspection.complete',
  // 督办/催办 and 在线查岗 (docs/alerting.md "Supervision")
  'alert.urge',
  'hazard.urge',
  'urge.dismiss',
  'roll_call.start',
  'roll_call.answer',
  'roll_call.close',
  // 风险分级管控
  'risk_point.create',
  'risk_point.update',
  // configuration: the service started with this sites file (users, org tree, devices)
  'config.load',
  'config.users_change',
  // the registry's devices, changed through the API (docs/registry.md)
  'registry.device_add',
  'registry.device_update',
  'registry.device_retire',
  'registry.device_secret_rotate',
  'registry.device_enrolment',
  'registry.device_enrol',
  'registry.device_import',
  'registry.contact_add',
  'registry.contact_update',
  'registry.contact_remove',
  'registry.org_add',
  'registry.org_update',
  'registry.escalation_update',
  'registry.rule_add',
  'registry.rule_update',
  'registry.rule_remove',
  'registry.user_add',
  'registry.user_update',
  // the registry (docs/registry.md): a sites file imported through the API
  'config.import',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** `ok`: done; `denied`: refused by a permission, ownership or scope check; `failed`: attempted, did not work (a wrong password). */
export { AUDIT_OUTCOMES, type AuditOutcome } from '@campus/api-contract';

/** An audit entry as stored and answered: the wire type of libs/api-contract, with the closed set of actions. */
export interface AuditEntry extends WireAuditEntry {
  action: AuditAction;
}
