export {
  HAZARD_TRANSITION_ACTIONS,
  hazardTransitionAction,
  isAuditAction,
  SYSTEM_ACTOR,
} from './audit-actions';
export { AUDIT_SINK, type AuditRecord, type AuditSink } from './audit-sink';
export { AUDIT_READER_ROLES, auditReadScope, type AuditReadScope } from './audit-access';
export { AUDIT_DETAIL_MAX_BYTES, AuditLog, type AuditStats } from './audit-log';
export { AuditController, type AuditPage } from './audit.controller';
export { AuditModule } from './audit.module';
export { auditCsv, AUDIT_CSV_HEADER } from './audit-csv';
export { ClientIp, clientIpOf, type ClientRequest } from './client-ip';
export { DeniedRequestAudit } from './denied-requests';
export { ConfigAudit, fingerprint, userLines } from './config-audit';
